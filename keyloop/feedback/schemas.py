"""The JSON shapes of the feedback API. Field names are a contract with integrators."""

from datetime import date, datetime
from typing import Annotated, Literal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.urls import reverse
from ninja import Schema
from ninja.schema import DjangoGetter
from pydantic import AfterValidator, ConfigDict, Field, field_validator, model_validator

from .models import StatusCategory, VoteImportance

Category = Literal[tuple(StatusCategory.values)]  # open, under_review, planned, …
Importance = Literal[tuple(VoteImportance.values)]  # nice_to_have, important, critical
Sort = Literal["trending", "top", "new", "demand", "mrr"]
BIGINT_MAX = 2**63 - 1
ObjectId = Annotated[int, Field(ge=1, le=BIGINT_MAX)]


def _no_nul(value):
    """PostgreSQL cannot store NUL characters; refuse them up front, like Django's forms."""
    texts = value if isinstance(value, list) else [value]
    if any(isinstance(text, str) and "\x00" in text for text in texts):
        raise ValueError("Text may not contain NUL (\\x00) characters.")
    return value


Text = Annotated[str, AfterValidator(_no_nul)]


def portal_url(context, name: str, *args) -> str:
    """The absolute portal address of an object of the request's workspace."""
    return settings.BASE_URL + reverse(name, args=[context["request"].workspace.slug, *args])


# --- input ---------------------------------------------------------------------------------


class Input(Schema):
    """Unknown fields are refused, so a typo ("status" for "status_id") never passes silently."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="wrap")
    @classmethod
    def _run_root_validator(cls, values, handler, info):
        """A request body is a dict: validate it once. Ninja's validator (replaced here)
        validates it twice, as it is and through its attribute getter, and so again for
        each nested input: a vote's company was checked four times."""
        if isinstance(values, dict):
            return handler(values)
        handler(values)  # unknown fields of a non-dict are refused as ninja does
        return handler(DjangoGetter(values, cls, info.context))

    @field_validator("*")
    @classmethod
    def _no_nul_characters(cls, value):
        return _no_nul(value)


class CompanyIn(Input):
    external_id: str = Field("", max_length=200, description="Your id for the company.")
    name: str = Field("", max_length=200)
    mrr_cents: int | None = Field(
        None, ge=0, le=BIGINT_MAX, description="Monthly revenue in cents; omit to keep it."
    )
    plan: str = Field("", max_length=80)
    segment: str = Field("", max_length=80)

    @model_validator(mode="after")
    def _named(self):
        if not self.external_id.strip() and not self.name.strip():
            raise ValueError("Give the company an external_id or a name.")
        return self


class PersonIn(Input):
    """A customer, found by external_id, then e-mail; created when neither matches."""

    email: str = Field("", max_length=254)
    name: str = Field("", max_length=200)
    external_id: str = Field("", max_length=200, description="Your id for the person.")
    company: CompanyIn | None = None

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        value = value.strip()
        if value:
            try:
                validate_email(value)
            except ValidationError:
                raise ValueError("Enter a valid e-mail address.") from None
        return value

    @model_validator(mode="after")
    def _identified(self):
        if not self.email and not self.external_id.strip():
            raise ValueError("Give the person an email or an external_id.")
        return self


class BoardIn(Input):
    name: str = Field(..., min_length=1, max_length=80)
    slug: str = Field(
        "", max_length=60, description="The board's address; made from the name if omitted."
    )
    description: str = Field("", max_length=1000)
    is_private: bool = False
    is_locked: bool = Field(False, description="Closed to new ideas and comments by customers.")


class StatusIn(Input):
    name: str = Field(..., min_length=1, max_length=40)
    color: str = Field("#64748b", pattern=r"^#[0-9a-fA-F]{6}$", description="Like #4f46e5.")
    category: Category


class IdeaIn(Input):
    board_id: ObjectId
    title: str = Field(..., description="1 to 200 characters.")
    body: str = Field("", description="Markdown, up to 20,000 characters.")
    author: PersonIn | None = Field(
        None, description="The customer who asked; they vote for the idea and follow it."
    )
    status_id: ObjectId | None = Field(None, description="The workspace's default if omitted.")


class IdeaPatch(Input):
    """Only the fields sent change."""

    title: str = None
    body: str = None
    status_id: ObjectId = None
    status_category: Category = Field(
        None, description="Moves the idea to the first status (by position) of this category."
    )
    board_id: ObjectId = None
    tags: list[str] = Field(None, description="Tag names; replaces the idea's tags.")
    eta: date | None = None
    is_pinned: bool = None
    notify: bool = Field(
        True, description="With a status change: tell everyone who asked for the idea, once "
        "(false for a minor change; webhooks still get the event).",
    )  # fmt: skip
    version: int = Field(
        None, description="The version you last read; if the idea changed since, 409 and no change."
    )

    @model_validator(mode="after")
    def _one_status(self):
        if {"status_id", "status_category"} <= self.model_fields_set:
            raise ValueError("Give status_id or status_category, not both.")
        return self


class VoteIn(Input):
    person: PersonIn
    importance: Importance | None = Field(
        None, description="nice_to_have for a new vote if omitted; a repeat keeps it."
    )


class CommentIn(Input):
    body: str = Field(..., description="Markdown, up to 10,000 characters.")
    person: PersonIn | None = Field(None, description="The customer writing; null for the team.")
    internal: bool = Field(False, description="A note only the team sees.")
    parent_id: ObjectId | None = Field(None, description="Reply to this comment.")


class ChangelogIn(Input):
    title: str = Field(..., description="1 to 200 characters.")
    body: str = Field("", description="Markdown, up to 20,000 characters.")
    idea_ids: list[ObjectId] = Field(default_factory=list, max_length=200)
    publish: bool = Field(False, description="Publish now; otherwise a draft.")
    mark_shipped: bool = Field(True, description="Publishing moves linked ideas to shipped.")
    notify: bool = Field(
        True, description="Publishing e-mails each person who asked for a linked idea, once."
    )


class MergeIn(Input):
    into_id: ObjectId = Field(
        description="The idea to merge into; if it is itself merged, the idea it went into."
    )


class PublishIn(Input):
    mark_shipped: bool = Field(True, description="Move the linked ideas to shipped.")
    notify: bool = Field(True, description="E-mail each person who asked for a linked idea, once.")


# --- output --------------------------------------------------------------------------------


class BoardOut(Schema):
    id: int
    name: str
    slug: str
    description: str
    is_private: bool
    is_locked: bool
    url: str = Field(description="The board's page on the portal.")
    idea_count: int = Field(description="Published ideas on the board.")

    @staticmethod
    def resolve_url(obj, context) -> str:
        return portal_url(context, "board", obj.slug)

    @staticmethod
    def resolve_idea_count(obj) -> int:
        return getattr(obj, "idea_count", 0)


class StatusOut(Schema):
    id: int
    name: str
    color: str
    category: Category
    position: int
    is_default: bool


class StatusRef(Schema):
    id: int
    name: str
    category: Category
    color: str


class CompanyOut(Schema):
    id: int
    external_id: str
    name: str
    mrr_cents: int
    plan: str
    segment: str


class PersonRef(Schema):
    id: int
    email: str
    name: str
    external_id: str


class PersonOut(PersonRef):
    company: CompanyOut | None


class TeamMemberOut(Schema):
    id: int
    name: str
    email: str


class IdeaOut(Schema):
    id: int
    board_id: int
    title: str
    body: str
    status: StatusRef
    vote_count: int
    comment_count: int
    url: str = Field(description="The idea's page on the portal.")
    created_at: datetime
    updated_at: datetime
    tags: list[str]
    author: PersonRef | None
    owner: TeamMemberOut | None
    eta: date | None
    is_pinned: bool
    merged_into_id: int | None
    version: int

    @staticmethod
    def resolve_url(obj, context) -> str:
        return portal_url(context, "idea", obj.pk)

    @staticmethod
    def resolve_tags(obj) -> list[str]:
        names = getattr(obj, "tag_names", None)  # set by lists, in one query for the page
        return names if names is not None else sorted(tag.name for tag in obj.tags.all())


class DemandGroupOut(Schema):
    name: str = Field(description="The plan or segment; empty for people without one.")
    people: int
    companies: int
    mrr_cents: int


class DemandWeekOut(Schema):
    week: date = Field(description="The Monday the week starts on.")
    new_people: int = Field(description="People who first asked in this week.")


class DemandOut(Schema):
    """Everyone asking for the idea and the ideas merged into it, each person and company once."""

    unique_people: int = Field(description="People with a counted vote or linked feedback.")
    unique_companies: int
    mrr_cents: int = Field(description="Monthly revenue of those companies, each once.")
    vote_count: int = Field(description="People with a counted vote.")
    importance: dict[str, int] = Field(description="Voters by the highest importance they gave.")
    by_plan: list[DemandGroupOut]
    by_segment: list[DemandGroupOut]
    weekly: list[DemandWeekOut] = Field(description="The last 12 weeks, oldest first.")


class VoteOut(Schema):
    idea_id: int
    person: PersonOut
    importance: Importance
    source: str
    created_at: datetime


class CommentOut(Schema):
    id: int
    idea_id: int
    parent_id: int | None
    body: str
    internal: bool
    person: PersonRef | None = Field(description="The customer who wrote it, if any.")
    team_member: TeamMemberOut | None = Field(description="The team member who wrote it.")
    created_at: datetime
    edited_at: datetime | None

    @staticmethod
    def resolve_internal(obj) -> bool:
        return obj.is_internal

    @staticmethod
    def resolve_person(obj):
        return obj.author

    @staticmethod
    def resolve_team_member(obj):
        return obj.author_user


class ChangelogOut(Schema):
    id: int
    title: str
    body: str
    idea_ids: list[int]
    is_published: bool
    published_at: datetime | None
    url: str = Field(description="The entry's portal page (public once published).")
    created_at: datetime

    @staticmethod
    def resolve_idea_ids(obj) -> list[int]:
        linked = getattr(obj, "linked_ideas", None)  # prefetched by lists
        if linked is None:
            linked = obj.ideas.filter(deleted_at=None).only("id")
        return [idea.pk for idea in linked]

    @staticmethod
    def resolve_url(obj, context) -> str:
        return portal_url(context, "changelog_entry", obj.pk)


class FieldError(Schema):
    field: str = Field(description='Where in the request, e.g. "person.email"; "" for all of it.')
    message: str


class ErrorOut(Schema):
    detail: str
    errors: list[FieldError] = Field(default_factory=list)


NEXT_CURSOR = "Pass it as ?cursor= to get the next page; null on the last page."


class BoardPage(Schema):
    items: list[BoardOut]
    next_cursor: str | None = Field(description=NEXT_CURSOR)


class StatusPage(Schema):
    items: list[StatusOut]
    next_cursor: str | None = Field(description=NEXT_CURSOR)


class IdeaPage(Schema):
    items: list[IdeaOut]
    next_cursor: str | None = Field(description=NEXT_CURSOR)


class VotePage(Schema):
    items: list[VoteOut]
    next_cursor: str | None = Field(description=NEXT_CURSOR)


class CommentPage(Schema):
    items: list[CommentOut]
    next_cursor: str | None = Field(description=NEXT_CURSOR)


class ChangelogPage(Schema):
    items: list[ChangelogOut]
    next_cursor: str | None = Field(description=NEXT_CURSOR)
