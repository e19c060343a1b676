"""Reads of the feedback domain that are more than one line. Query counts stay flat."""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Least, Lower, TruncWeek
from django.utils import timezone

from keyloop.accounts.models import Company, Membership, Person, Workspace
from keyloop.lib import sql
from keyloop.notifications.models import IdeaMute

from .models import (
    ROADMAP_CATEGORIES,
    Board,
    ChangelogEntry,
    Comment,
    Idea,
    IdeaActivity,
    Status,
    StatusCategory,
    Tag,
    Vote,
)

_COMPANY_BY_ID = 'SELECT * FROM "accounts_company" WHERE "id" = %s'


def with_company(person: Person) -> Person:
    """The person with their company loaded, for answers that show it: one plain SELECT,
    where the ORM's lazy load of the foreign key costs about four times the CPU."""
    if person.company_id is not None and not Person.company.is_cached(person):
        person.company = sql.first(Company, _COMPANY_BY_ID, [person.company_id])
    return person


SORTS = {
    "trending": ("-is_pinned", "-trending_score", "-id"),
    "top": ("-is_pinned", "-vote_count", "-id"),
    "new": ("-is_pinned", "-created_at", "-id"),
    # True demand (unique people) and revenue (MRR of unique companies), counted in SQL.
    "demand": ("-is_pinned", "-demand_people", "-vote_count", "-id"),
    "mrr": ("-is_pinned", "-demand_mrr", "-demand_people", "-id"),
}


def visible_ideas(*, workspace: Workspace) -> QuerySet[Idea]:
    """Ideas a customer may see in lists: published, not deleted, not merged away."""
    return Idea.objects.filter(
        workspace=workspace, deleted_at=None, is_published=True, merged_into=None
    )


def portal_boards(*, workspace: Workspace, membership: Membership | None) -> QuerySet[Board]:
    boards = Board.objects.filter(workspace=workspace)
    if membership is None:
        boards = boards.filter(is_private=False)
    return boards.annotate(
        idea_count=Count(
            "ideas",
            filter=Q(ideas__deleted_at=None, ideas__is_published=True, ideas__merged_into=None),
        )
    ).order_by("position", "name")


def board_ideas(
    *, board: Board, sort: str = "trending", category: str = "", tag: Tag | None = None,
    search: str = "",
) -> QuerySet[Idea]:  # fmt: skip
    ideas = visible_ideas(workspace=board.workspace).filter(board=board)
    return filter_ideas(ideas, sort=sort, category=category, tag=tag, search=search)


def filter_ideas(
    ideas: QuerySet[Idea], *, sort: str = "trending", category: str = "", tag: Tag | None = None,
    search: str = "",
) -> QuerySet[Idea]:  # fmt: skip
    if category in StatusCategory.values:
        ideas = ideas.filter(status__category=category)
    if tag is not None:
        ideas = ideas.filter(tags=tag)
    search = (search or "").strip()
    if search:
        for word in search.split()[:8]:
            ideas = ideas.filter(Q(title__icontains=word) | Q(body__icontains=word))
    if sort in ("demand", "mrr"):
        ideas = with_demand_sort_keys(ideas, sort=sort)
    return (
        ideas.select_related("status", "board")
        .prefetch_related(Prefetch("tags", queryset=Tag.objects.order_by("name")))
        .order_by(*SORTS.get(sort, SORTS["trending"]))
    )


def with_demand_sort_keys(ideas: QuerySet[Idea], *, sort: str) -> QuerySet[Idea]:
    """Annotate the keys the demand and MRR sorts order by (subqueries, no extra queries)."""
    ideas = ideas.annotate(demand_people=demand_people_annotation())
    if sort == "mrr":
        ideas = ideas.annotate(demand_mrr=demand_mrr_annotation())
    return ideas


def idea_recent_voters(*, idea: Idea, limit: int = 12) -> list[Vote]:
    return list(
        Vote.objects.filter(idea=idea, is_confirmed=True)
        .select_related("person")
        .order_by("-created_at")[:limit]
    )


def idea_comments(*, idea: Idea, include_internal: bool) -> list[Comment]:
    """Top-level comments with their replies, oldest first; internal notes for the team only."""
    comments = Comment.objects.filter(idea=idea, deleted_at=None, is_published=True)
    if not include_internal:
        comments = comments.filter(is_internal=False)
    comments = comments.select_related("author", "author_user")
    top = [c for c in comments if c.parent_id is None]
    replies: dict[int, list[Comment]] = {}
    for comment in comments:
        if comment.parent_id is not None:
            replies.setdefault(comment.parent_id, []).append(comment)
    for comment in top:
        comment.thread = replies.get(comment.pk, [])
    return top


def idea_activity(*, idea: Idea) -> QuerySet[IdeaActivity]:
    return idea.activity.select_related("actor_user", "actor_person")


def roadmap_columns(
    *, workspace: Workspace, membership: Membership | None, board: Board | None = None,
    tag: Tag | None = None, per_column: int = 50,
) -> list[dict]:  # fmt: skip
    ideas = visible_ideas(workspace=workspace).filter(status__category__in=ROADMAP_CATEGORIES)
    if membership is None:
        ideas = ideas.filter(board__is_private=False)
    if board is not None:
        ideas = ideas.filter(board=board)
    if tag is not None:
        ideas = ideas.filter(tags=tag)
    # Each column shows its `per_column` most-voted ideas; `total` says how many it holds
    # (one grouped count for the three columns, so the page knows when it shows only some).
    totals = {
        row["status__category"]: row["n"]
        for row in ideas.order_by().values("status__category").annotate(n=Count("id"))
    }
    ideas = ideas.select_related("status", "board").order_by("-vote_count", "-id")
    columns = []
    for category in ROADMAP_CATEGORIES:
        items = list(ideas.filter(status__category=category)[:per_column])
        columns.append(
            {
                "category": category, "label": StatusCategory(category).label, "ideas": items,
                "total": totals.get(category, 0),
            }
        )  # fmt: skip
    return columns


def published_changelog(*, workspace: Workspace) -> QuerySet[ChangelogEntry]:
    return (
        ChangelogEntry.objects.filter(workspace=workspace, published_at__lte=timezone.now())
        .prefetch_related(
            Prefetch(
                "ideas",
                queryset=Idea.objects.filter(
                    deleted_at=None, board__is_private=False, is_published=True
                ).select_related("status"),
            )
        )
        .order_by("-published_at")
    )


def workspace_statuses(*, workspace: Workspace) -> list[Status]:
    return list(Status.objects.filter(workspace=workspace).annotate(idea_count=Count("ideas")))


def workspace_tags(*, workspace: Workspace) -> list[Tag]:
    return list(Tag.objects.filter(workspace=workspace).order_by("name"))


# --- team pages --------------------------------------------------------------------------

TEAM_SORTS = {
    "new": ("-created_at", "-id"),
    "old": ("created_at", "id"),
    "top": ("-vote_count", "-id"),
    "trending": ("-trending_score", "-id"),
    "updated": ("-updated_at", "-id"),
}


def team_ideas(
    *, workspace: Workspace, board: Board | None = None, status: Status | None = None,
    tag: Tag | None = None, owner=None, unassigned: bool = False, search: str = "",
    deleted: bool = False, sort: str = "new", category: str = "",
) -> QuerySet[Idea]:  # fmt: skip
    """Every idea of the workspace for the team: private boards and unconfirmed ones too."""
    ideas = Idea.objects.filter(workspace=workspace, merged_into=None)
    ideas = ideas.exclude(deleted_at=None) if deleted else ideas.filter(deleted_at=None)
    if board is not None:
        ideas = ideas.filter(board=board)
    if status is not None:
        ideas = ideas.filter(status=status)
    if owner is not None:
        ideas = ideas.filter(owner=owner)
    elif unassigned:
        ideas = ideas.filter(owner=None)
    ideas = filter_ideas(ideas, category=category, tag=tag, search=search)
    ideas = ideas.select_related("owner", "author")
    if deleted:
        return ideas.order_by("-deleted_at", "-id")
    return ideas.order_by(*TEAM_SORTS.get(sort, TEAM_SORTS["new"]))


def team_attention(*, workspace: Workspace, limit: int = 5) -> dict:
    """Ideas nobody has looked at yet (an 'open' status), most wanted first."""
    ideas = Idea.objects.filter(
        workspace=workspace, deleted_at=None, merged_into=None,
        status__category=StatusCategory.OPEN,
    )  # fmt: skip
    top = ideas.select_related("status", "board").order_by("-vote_count", "-created_at")
    return {"count": ideas.count(), "ideas": list(top[:limit])}


def team_changelog(*, workspace: Workspace) -> QuerySet[ChangelogEntry]:
    """Drafts first, then published entries, newest first."""
    return (
        ChangelogEntry.objects.filter(workspace=workspace)
        .select_related("created_by")
        .annotate(idea_count=Count("ideas", filter=Q(ideas__deleted_at=None)))
        .order_by(F("published_at").desc(nulls_first=True), "-created_at")
    )


def changelog_idea_candidates(
    *, workspace: Workspace, search: str = "", exclude_ids=(), limit: int = 20
) -> list[Idea]:
    """Ideas to link to a changelog entry: search results, or what is on the roadmap now."""
    ideas = Idea.objects.filter(
        workspace=workspace, deleted_at=None, merged_into=None, is_published=True
    ).exclude(pk__in=list(exclude_ids))
    search = (search or "").strip()
    if search:
        for word in search.split()[:8]:
            ideas = ideas.filter(Q(title__icontains=word) | Q(body__icontains=word))
        ideas = ideas.order_by("-vote_count", "-id")
    else:
        ideas = ideas.filter(status__category__in=ROADMAP_CATEGORIES).order_by(
            F("status_changed_at").desc(nulls_last=True), "-vote_count", "-id"
        )
    return list(ideas.select_related("status", "board")[:limit])


# --- portal pages ------------------------------------------------------------------------


def portal_search(
    *, workspace: Workspace, membership: Membership | None, search: str, sort: str = "top"
) -> QuerySet[Idea]:
    """Ideas on every board the viewer may see that match `search`."""
    ideas = visible_ideas(workspace=workspace)
    if membership is None:
        ideas = ideas.filter(board__is_private=False)
    return filter_ideas(ideas, sort=sort, search=search)


def person_voted_idea_ids(*, person, idea_ids) -> set[int]:
    """Which of `idea_ids` the person voted on (pending votes included), in one query."""
    if person is None or not idea_ids:
        return set()
    return set(
        Vote.objects.filter(person=person, idea_id__in=list(idea_ids)).values_list(
            "idea_id", flat=True
        )
    )


def person_follows(*, person, idea: Idea) -> bool:
    """Subscribed (by following, voting, commenting) and not since unfollowed or muted."""
    if person is None:
        return False
    muted = IdeaMute.objects.filter(idea=idea, person=person)
    return idea.subscriptions.filter(person=person).exclude(Exists(muted)).exists()


def link_unused(issued_at: datetime) -> Q:
    """People for whom a link sent at `issued_at` still works: none of theirs used since."""
    return Q(link_used_at=None) | Q(link_used_at__lt=issued_at)


def people_with_email(*, workspace: Workspace, email: str) -> QuerySet[Person]:
    """The workspace's person with this address in any case (as its unique index reads)."""
    return Person.objects.annotate(email_lower=Lower("email")).filter(
        workspace=workspace, email_lower=email.lower()
    )


def magic_link_unused(*, workspace: Workspace, email: str, issued_at: datetime) -> bool:
    """Whether a link sent at `issued_at` still logs in (see actions.magic_link_redeem)."""
    person = people_with_email(workspace=workspace, email=email)
    return not person.exclude(link_unused(issued_at)).exists()


def idea_merged_from(*, idea: Idea) -> list[Idea]:
    """Ideas merged into this one (shown as "merged from" on its page)."""
    return list(
        Idea.objects.filter(merged_into=idea, deleted_at=None).order_by("-vote_count", "-id")
    )


def idea_published_changelog(*, idea: Idea) -> list[ChangelogEntry]:
    return list(
        idea.changelog_entries.filter(published_at__lte=timezone.now()).order_by("-published_at")
    )


def team_tags(*, workspace: Workspace) -> QuerySet[Tag]:
    """Tags with how many live ideas carry each."""
    return (
        Tag.objects.filter(workspace=workspace)
        .annotate(idea_count=Count("ideas", filter=Q(ideas__deleted_at=None)))
        .order_by("name")
    )


def first_status_of(*, workspace: Workspace, category: str) -> Status | None:
    """The status an idea moves to when asked for a category ("move it to planned")."""
    return (
        Status.objects.filter(workspace=workspace, category=category)
        .order_by("position", "id")
        .first()
    )


def changelog_public_ideas(*, entry: ChangelogEntry) -> list[Idea]:
    """The ideas an entry announces, as customers may see them."""
    return list(
        entry.ideas.filter(deleted_at=None, board__is_private=False, is_published=True)
        .select_related("status")
        .order_by("-vote_count", "-id")
    )


def idea_tag_names(*, idea_ids) -> dict[int, list[str]]:
    """Tag names of many ideas in one light query (no Tag objects), alphabetical."""
    names: dict[int, list[str]] = {}
    rows = (
        Idea.tags.through.objects.filter(idea_id__in=list(idea_ids))
        .order_by("tag__name")
        .values_list("idea_id", "tag__name")
    )
    for idea_id, name in rows:
        names.setdefault(idea_id, []).append(name)
    return names


# --- true demand -------------------------------------------------------------------------
#
# The demand for an idea counts everyone who asked for it: people with a counted vote on
# it, or with feedback linked to it, on the idea itself or on any idea merged into it
# (merges are one hop: every merged idea points at a live root). Each person and each
# company counts once, however many of the merged ideas they asked on. Everything is
# counted by the database; Python only fills in empty weeks.

DEMAND_WEEKS = 12
IMPORTANCE_RANK = {"nice_to_have": 1, "important": 2, "critical": 3}


@dataclass
class Demand:
    unique_people: int = 0
    unique_companies: int = 0
    mrr_cents: int = 0
    vote_count: int = 0  # unique people with a counted vote
    feedback_people: int = 0  # unique people with linked feedback
    by_plan: list[dict] = field(
        default_factory=list
    )  # [{"name", "people", "companies", "mrr_cents"}]
    by_segment: list[dict] = field(default_factory=list)
    importance: dict[str, int] = field(default_factory=dict)  # highest importance per voter
    weekly: list[dict] = field(default_factory=list)  # [{"week": date, "new_people": int}]

    @property
    def weekly_max(self) -> int:
        return max((week["new_people"] for week in self.weekly), default=0)


def _group_ideas(idea_ref) -> Q:
    """The idea and the (not deleted) ideas merged into it; `idea_ref` is an id or OuterRef.

    Written as `idea_id IN (the group's ids)` so the rows are found through their idea_id
    index: an OR of `idea_id = …` with a condition on the joined idea made the database read
    every vote of the site (20 ms per idea at 100,000 votes)."""
    ref = _deeper(idea_ref)
    group = Idea.objects.filter(Q(pk=ref) | Q(merged_into_id=ref, deleted_at=None))
    return Q(idea_id__in=group.values("pk"))


def _demand_votes(idea_ref) -> QuerySet[Vote]:
    return Vote.objects.filter(_group_ideas(idea_ref), is_confirmed=True)


def _demand_feedback(idea_ref):
    from keyloop.inbox.models import FeedbackItem, FeedbackState

    return FeedbackItem.objects.filter(_group_ideas(idea_ref), state=FeedbackState.LINKED)


def _demand_people(idea_ref) -> QuerySet[Person]:
    return Person.objects.filter(
        Q(pk__in=_demand_votes(idea_ref).values("person_id"))
        | Q(pk__in=_demand_feedback(idea_ref).exclude(person=None).values("person_id"))
    )


def _deeper(idea_ref):
    """The same idea seen from one subquery further in."""
    return OuterRef(idea_ref) if isinstance(idea_ref, OuterRef) else idea_ref


def _demand_companies(idea_ref) -> QuerySet[Company]:
    """Companies of the people who asked, and of feedback sent for a company without a person."""
    people = _demand_people(_deeper(idea_ref))
    anonymous_feedback = _demand_feedback(idea_ref).filter(person=None).exclude(company=None)
    return Company.objects.filter(
        Q(pk__in=people.exclude(company=None).values("company_id"))
        | Q(pk__in=anonymous_feedback.values("company_id"))
    )


def _count(queryset) -> Subquery:
    """COUNT(*) of a queryset as a correlated subquery (0 when empty)."""
    return Subquery(
        queryset.order_by()
        .annotate(one=Value(1))
        .values("one")
        .annotate(n=Count("pk"))
        .values("n"),
        output_field=IntegerField(),
    )


def _breakdown(people: QuerySet, companies: QuerySet, column: str) -> list[dict]:
    """People, companies and MRR per value of a company column ("plan", "segment")."""
    rows: dict[str, dict] = {}
    for name, n in people.values_list(f"company__{column}").annotate(n=Count("pk")).order_by():
        label = name or ""
        rows.setdefault(label, {"name": label, "people": 0, "companies": 0, "mrr_cents": 0})
        rows[label]["people"] += n
    for name, n, mrr in (
        companies.values_list(column).annotate(n=Count("pk"), mrr=Sum("mrr_cents")).order_by()
    ):
        row = rows.setdefault(name, {"name": name, "people": 0, "companies": 0, "mrr_cents": 0})
        row["companies"], row["mrr_cents"] = n, mrr or 0
    # People without a company are in the "" row with those of companies without a plan.
    return sorted(rows.values(), key=lambda r: (-r["mrr_cents"], -r["people"], r["name"]))


def idea_demand(*, idea: Idea, now=None) -> Demand:
    """The true demand for `idea` and everything merged into it (see the note above)."""
    people = _demand_people(idea.pk)
    companies = _demand_companies(idea.pk)
    totals = companies.aggregate(n=Count("pk"), mrr=Sum("mrr_cents"))
    voters = Person.objects.filter(pk__in=_demand_votes(idea.pk).values("person_id"))
    linked = Person.objects.filter(
        pk__in=_demand_feedback(idea.pk).exclude(person=None).values("person_id")
    )
    counts = {"people": people.count(), "voters": voters.count(), "linked": linked.count()}
    # Each voter's highest importance across the group.
    rank = Case(
        *(When(importance=key, then=Value(n)) for key, n in IMPORTANCE_RANK.items()),
        default=Value(1), output_field=IntegerField(),
    )  # fmt: skip
    top_rank = Subquery(
        _demand_votes(idea.pk)
        .filter(person_id=OuterRef("pk"))
        .annotate(rank=rank)
        .order_by("-rank")
        .values("rank")[:1]
    )
    importance = dict.fromkeys(IMPORTANCE_RANK, 0)
    by_rank = {n: key for key, n in IMPORTANCE_RANK.items()}
    for level, n in voters.annotate(level=top_rank).values_list("level").annotate(
        n=Count("pk")
    ).order_by():  # fmt: skip
        importance[by_rank.get(level, "nice_to_have")] += n
    return Demand(
        unique_people=counts["people"],
        unique_companies=totals["n"] or 0,
        mrr_cents=totals["mrr"] or 0,
        vote_count=counts["voters"],
        feedback_people=counts["linked"],
        by_plan=_breakdown(people, companies, "plan"),
        by_segment=_breakdown(people, companies, "segment"),
        importance=importance,
        weekly=_weekly(idea.pk, people, now=now),
    )


def _weekly(idea_id: int, people: QuerySet, *, now=None) -> list[dict]:
    """New people per week (Monday first) for the last DEMAND_WEEKS weeks: a person counts in
    the week of their first counted vote or linked feedback on the group."""
    now = timezone.localtime(now or timezone.now())
    this_monday = (now - timedelta(days=now.weekday())).date()
    weeks = [this_monday - timedelta(weeks=n) for n in range(DEMAND_WEEKS - 1, -1, -1)]
    start = timezone.make_aware(datetime.combine(weeks[0], time.min))
    first_vote = Subquery(
        _demand_votes(idea_id)
        .filter(person_id=OuterRef("pk"))
        .order_by("created_at")
        .values("created_at")[:1]
    )
    first_feedback = Subquery(
        _demand_feedback(idea_id)
        .filter(person_id=OuterRef("pk"))
        .order_by("received_at")
        .values("received_at")[:1]
    )
    firsts = people.annotate(
        first=Least(Coalesce(first_vote, first_feedback), Coalesce(first_feedback, first_vote))
    ).filter(first__gte=start)
    counted = dict(
        firsts.annotate(week=TruncWeek("first"))
        .values_list("week")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_day = {
        (week.date() if isinstance(week, datetime) else week): n for week, n in counted.items()
    }
    return [{"week": week, "new_people": by_day.get(week, 0)} for week in weeks]


def demand_people_annotation():
    """Unique people asking for each idea of a queryset (for sorting lists in SQL)."""
    return Coalesce(_count(_demand_people(OuterRef(OuterRef("pk")))), 0)


def demand_mrr_annotation():
    """MRR summed over the unique companies asking for each idea of a queryset."""
    companies = _demand_companies(OuterRef(OuterRef("pk")))
    total = Subquery(
        companies.order_by()
        .annotate(one=Value(1))
        .values("one")
        .annotate(s=Sum("mrr_cents"))
        .values("s"),
        output_field=BigIntegerField(),
    )
    return Coalesce(total, 0)


def ideas_demand_people(*, idea_ids) -> dict[int, int]:
    """{idea id: unique people asking for it} for many ideas in one query (lists)."""
    ideas = Idea.objects.filter(pk__in=list(idea_ids)).annotate(
        demand_people=demand_people_annotation()
    )
    return dict(ideas.values_list("pk", "demand_people"))


def idea_merged_from_for_team(*, idea: Idea) -> list[Idea]:
    """Ideas merged into this one with their votes, linked feedback and people, for the team."""
    from keyloop.inbox.models import FeedbackItem, FeedbackState

    linked = FeedbackItem.objects.filter(idea_id=OuterRef("pk"), state=FeedbackState.LINKED)
    merged = (
        Idea.objects.filter(merged_into=idea, deleted_at=None)
        .select_related("status", "board")
        .annotate(feedback_total=Coalesce(_count(linked), 0))
        .annotate(demand_people=demand_people_annotation())
        .order_by("-vote_count", "-id")
    )
    return list(merged)


def merge_candidates(
    *, workspace: Workspace, search: str, exclude_ids=(), limit: int = 20
) -> list[Idea]:
    """Live ideas an idea may be merged into (private boards too), matching `search`, most
    voted first."""
    ideas = Idea.objects.filter(workspace=workspace, deleted_at=None, merged_into=None).exclude(
        pk__in=list(exclude_ids)
    )
    for word in (search or "").split()[:8]:
        ideas = ideas.filter(Q(title__icontains=word) | Q(body__icontains=word))
    return list(ideas.select_related("status", "board").order_by("-vote_count", "-id")[:limit])


def ideas_with_status(*, idea_ids) -> list[Idea]:
    """Ideas by id with their status and board (one query), e.g. both sides of duplicate pairs."""
    return list(Idea.objects.filter(pk__in=list(idea_ids)).select_related("status", "board"))
