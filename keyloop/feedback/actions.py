"""Every write of the feedback domain. One transaction each; side effects after commit."""

import math
from datetime import UTC, date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from keyloop.accounts.models import Company, Person, User, Workspace, normalize_email
from keyloop.lib import sql
from keyloop.lib.pagecache import bump_content_version
from keyloop.notifications import actions as notifications
from keyloop.notifications.events import Kind as EventKind
from keyloop.notifications.events import emit

from . import queries
from .models import (
    BODY_MAX,
    COMMENT_MAX,
    TITLE_MAX,
    AuditEvent,
    Board,
    ChangelogEntry,
    Channel,
    Comment,
    CommentRevision,
    DuplicateDismissal,
    Idea,
    IdeaActivity,
    Status,
    StatusCategory,
    Subscription,
    Tag,
    Vote,
    VoteImportance,
)

DEFAULT_STATUSES = [
    ("Open", "#64748b", StatusCategory.OPEN),
    ("Under review", "#d97706", StatusCategory.UNDER_REVIEW),
    ("Planned", "#2563eb", StatusCategory.PLANNED),
    ("In progress", "#7c3aed", StatusCategory.IN_PROGRESS),
    ("Shipped", "#16a34a", StatusCategory.SHIPPED),
    ("Closed", "#6b7280", StatusCategory.CLOSED),
]

# Trending: every vote weighs 2^(age / HALF_LIFE) less as it ages. Scores are kept as
# log2 of the sum of 2^(t / HALF_LIFE), which ranks exactly like the decayed sum at any
# moment without ever rewriting old rows.
TRENDING_HALF_LIFE_SECONDS = 7 * 24 * 3600
TRENDING_EPOCH = datetime(2025, 1, 1, tzinfo=UTC)


def trending_point(moment: datetime) -> float:
    return (moment - TRENDING_EPOCH).total_seconds() / TRENDING_HALF_LIFE_SECONDS


def _log2_add(a: float, b: float) -> float:
    high, low = max(a, b), min(a, b)
    return high + math.log2(1 + 2 ** (low - high))


# --- workspace defaults ----------------------------------------------------------------


def idea_payload(idea: Idea) -> dict:
    """How an idea appears in events (webhooks, e-mails): enough to act on without a lookup."""
    return {
        "idea_id": idea.pk, "title": idea.title, "board": idea.board.slug if idea.board_id else "",
        "status": idea.status.name if idea.status_id else "",
        "status_category": idea.status.category if idea.status_id else "",
    }  # fmt: skip


def workspace_defaults_create(*, workspace: Workspace) -> None:
    """The statuses and first board every new workspace starts with."""
    if workspace.statuses.exists():
        return
    Status.objects.bulk_create(
        Status(
            workspace=workspace,
            name=name,
            color=color,
            category=category,
            position=index,
            is_default=index == 0,
        )  # fmt: skip
        for index, (name, color, category) in enumerate(DEFAULT_STATUSES)
    )
    Board.objects.get_or_create(
        workspace=workspace,
        slug="feature-requests",
        defaults={"name": "Feature requests", "description": "What should we build next?"},
    )


# --- boards, statuses, tags --------------------------------------------------------------


def _unique_board_slug(workspace: Workspace, name: str, exclude_id=None) -> str:
    base = slugify(name)[:50] or "board"
    slug, n = base, 2
    taken = Board.objects.filter(workspace=workspace).exclude(pk=exclude_id)
    while taken.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def board_create(
    *, workspace: Workspace, name: str, description: str = "", is_private: bool = False,
    is_locked: bool = False, slug: str = "",
) -> Board:  # fmt: skip
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Give the board a name."})
    if slug:
        slug = slugify(slug)
        if Board.objects.filter(workspace=workspace, slug=slug).exists():
            raise ValidationError({"slug": "Another board already uses this address."})
    position = Board.objects.filter(workspace=workspace).count()
    return Board.objects.create(
        workspace=workspace, name=name, slug=slug or _unique_board_slug(workspace, name),
        description=description.strip(), is_private=is_private, is_locked=is_locked,
        position=position,
    )  # fmt: skip


def board_update(*, board: Board, **fields) -> Board:
    for name in ("name", "description", "is_private", "is_locked"):
        if name in fields:
            setattr(
                board, name, fields[name].strip() if isinstance(fields[name], str) else fields[name]
            )
    if not board.name:
        raise ValidationError({"name": "Give the board a name."})
    board.save()
    return board


@transaction.atomic
def board_delete(*, board: Board, move_to: Board | None) -> None:
    ideas = Idea.objects.filter(board=board)
    if ideas.exists():
        if move_to is None or move_to.pk == board.pk:
            raise ValidationError("Choose another board to move this board's ideas to.")
        ideas.update(board=move_to)
    board.delete()


def status_create(*, workspace: Workspace, name: str, color: str, category: str) -> Status:
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Give the status a name."})
    if category not in StatusCategory.values:
        raise ValidationError({"category": "Unknown category."})
    if Status.objects.filter(workspace=workspace, name__iexact=name).exists():
        raise ValidationError({"name": "A status with this name exists."})
    position = Status.objects.filter(workspace=workspace).count()
    return Status.objects.create(
        workspace=workspace, name=name, color=color, category=category, position=position
    )


def status_update(*, status: Status, name: str, color: str, category: str) -> Status:
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Give the status a name."})
    if category not in StatusCategory.values:
        raise ValidationError({"category": "Unknown category."})
    clash = Status.objects.filter(workspace_id=status.workspace_id, name__iexact=name)
    if clash.exclude(pk=status.pk).exists():
        raise ValidationError({"name": "A status with this name exists."})
    status.name, status.color, status.category = name, color, category
    status.full_clean()
    status.save()
    return status


@transaction.atomic
def status_delete(*, status: Status, replacement: Status | None) -> None:
    """Delete a status; its ideas move to `replacement`."""
    in_use = Idea.objects.filter(status=status)
    if replacement is None or replacement.pk == status.pk:
        if in_use.exists() or status.is_default:
            raise ValidationError("Choose the status this status's ideas move to.")
    else:
        in_use.update(status=replacement)
        if status.is_default:
            Status.objects.filter(pk=status.pk).update(is_default=False)
            Status.objects.filter(pk=replacement.pk).update(is_default=True)
    status.delete()


@transaction.atomic
def status_reorder(*, workspace: Workspace, ordered_ids: list[int]) -> None:
    statuses = {s.pk: s for s in Status.objects.filter(workspace=workspace)}
    if set(ordered_ids) != set(statuses):
        raise ValidationError("The new order must list every status once.")
    for position, pk in enumerate(ordered_ids):
        Status.objects.filter(pk=pk).update(position=position)
    transaction.on_commit(bump_content_version)  # .update() sends no signals


@transaction.atomic
def status_move(*, status: Status, offset: int) -> None:
    """Move a status up (offset -1) or down (+1) in the workspace's order."""
    ordered = list(
        Status.objects.filter(workspace_id=status.workspace_id).values_list("pk", flat=True)
    )
    index = ordered.index(status.pk)
    target = min(max(index + offset, 0), len(ordered) - 1)
    ordered.insert(target, ordered.pop(index))
    status_reorder(workspace=status.workspace, ordered_ids=ordered)


@transaction.atomic
def status_make_default(*, status: Status) -> None:
    Status.objects.filter(workspace_id=status.workspace_id).update(is_default=False)
    Status.objects.filter(pk=status.pk).update(is_default=True)
    transaction.on_commit(bump_content_version)


def tag_create(*, workspace: Workspace, name: str, color: str = "#475569") -> Tag:
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Give the tag a name."})
    if Tag.objects.filter(workspace=workspace, name__iexact=name).exists():
        raise ValidationError({"name": "A tag with this name exists."})
    return Tag.objects.create(workspace=workspace, name=name, color=color)


def tag_update(*, tag: Tag, name: str, color: str) -> Tag:
    name = name.strip()
    clash = Tag.objects.filter(workspace_id=tag.workspace_id, name__iexact=name).exclude(pk=tag.pk)
    if not name or clash.exists():
        raise ValidationError({"name": "Choose a name no other tag has."})
    tag.name, tag.color = name, color
    tag.full_clean()
    tag.save()
    return tag


def tag_delete(*, tag: Tag) -> None:
    tag.delete()


# --- people ------------------------------------------------------------------------------


def person_for_user(*, workspace: Workspace, user: User) -> Person:
    """The Person a team member acts through when voting or commenting."""
    person = Person.objects.filter(workspace=workspace, user=user).first()
    if person:
        return person
    person = Person.objects.filter(workspace=workspace, email__iexact=user.email).first()
    if person:
        person.user = user
        person.email_confirmed_at = person.email_confirmed_at or timezone.now()
        person.save(update_fields=["user", "email_confirmed_at"])
        return person
    return Person.objects.create(
        workspace=workspace, user=user, email=user.email, name=user.name,
        email_confirmed_at=timezone.now(),
    )  # fmt: skip


# One query for both lookups; the external id wins over the e-mail address. Each term repeats
# its unique index's expression and condition, so both partial indexes are used.
_PEOPLE_BY_IDENTITY = (
    'SELECT * FROM "accounts_person" WHERE "workspace_id" = %s AND ('
    '("external_id" = %s AND NOT ("external_id" = \'\'))'
    ' OR (LOWER("email") = %s AND NOT ("email" = \'\'))) LIMIT 2'
)
_COMPANY_BY_EXTERNAL_ID = (
    'SELECT * FROM "accounts_company" WHERE "workspace_id" = %s AND "external_id" = %s'
    " AND NOT (\"external_id\" = '') LIMIT 1"
)
_COMPANY_BY_NAME = (
    'SELECT * FROM "accounts_company" WHERE "workspace_id" = %s AND "name" = %s'
    ' AND "external_id" = \'\' ORDER BY "id" LIMIT 1'
)


def person_identify(
    *, workspace: Workspace, email: str = "", name: str = "", external_id: str = "",
    company: dict | None = None, confirmed: bool = False,
) -> Person:  # fmt: skip
    """Find or create a Person (and Company) from what an integrator or a form knows.

    Everything is checked before anything is written, so a ValidationError leaves the
    caller's transaction as it was.
    """
    email = normalize_email(email) if email else ""
    external_id, name = (external_id or "").strip(), name.strip()
    if not email and not external_id:
        raise ValidationError({"email": "Give an e-mail or an external id."})
    if company:
        company = _company_fields(**company)
    person = _person_lookup(workspace.pk, email, external_id)
    if person is not None and email and person.email != email:
        taken = queries.people_with_email(workspace=workspace, email=email)
        if taken.exclude(email="").exclude(pk=person.pk).exists():
            raise ValidationError(
                {"email": "Another person of this workspace has this e-mail address."}
            )
    with transaction.atomic(savepoint=False):
        company_obj = _company_identify(workspace, **company) if company else None
        if person is None:
            person = Person(
                workspace=workspace, email=email, external_id=external_id, name=name,
                company=company_obj, email_confirmed_at=timezone.now() if confirmed else None,
            )  # fmt: skip
            if sql.insert(person, ignore_conflicts=True):
                return person
            # created at this moment by another request
            person = _person_lookup(workspace.pk, email, external_id)
        changed = []
        for field, value in (("email", email), ("external_id", external_id), ("name", name)):
            if value and getattr(person, field) != value:
                setattr(person, field, value)
                changed.append(field)
        if company_obj is not None:
            if person.company_id != company_obj.pk:
                changed.append("company")
            person.company = company_obj
        if confirmed and person.email_confirmed_at is None:
            person.email_confirmed_at = timezone.now()
            changed.append("email_confirmed_at")
        if changed:
            person.save(update_fields=changed)
    return person


def _person_lookup(workspace_id: int, email: str, external_id: str) -> Person | None:
    matches = sql.rows(Person, _PEOPLE_BY_IDENTITY, [workspace_id, external_id, email.lower()])
    by_external_id = [p for p in matches if external_id and p.external_id == external_id]
    if by_external_id:
        return by_external_id[0]
    return matches[0] if email and matches else None


def company_identify(
    *, workspace: Workspace, external_id: str = "", name: str = "", mrr_cents: int | None = None,
    plan: str = "", segment: str = "",
) -> Company:  # fmt: skip
    fields = _company_fields(
        external_id=external_id, name=name, mrr_cents=mrr_cents, plan=plan, segment=segment
    )
    with transaction.atomic(savepoint=False):
        return _company_identify(workspace, **fields)


def _company_fields(
    *, external_id: str = "", name: str = "", mrr_cents: int | None = None, plan: str = "",
    segment: str = "",
) -> dict:  # fmt: skip
    external_id, name = (external_id or "").strip(), (name or "").strip()
    if not external_id and not name:
        raise ValidationError({"company": "Give the company an external id or a name."})
    if mrr_cents is not None and mrr_cents < 0:
        raise ValidationError({"company.mrr_cents": "Revenue cannot be negative."})
    return {
        "external_id": external_id, "name": name, "mrr_cents": mrr_cents,
        "plan": (plan or "").strip(), "segment": (segment or "").strip(),
    }  # fmt: skip


def _company_identify(
    workspace: Workspace, *, external_id: str, name: str, mrr_cents: int | None, plan: str,
    segment: str,
) -> Company:  # fmt: skip
    """The company with this external id (or, without one, this name), created or updated."""

    def stored():
        if external_id:
            return sql.first(Company, _COMPANY_BY_EXTERNAL_ID, [workspace.pk, external_id])
        return sql.first(Company, _COMPANY_BY_NAME, [workspace.pk, name])

    company = stored()
    if company is None:
        company = Company(
            workspace=workspace, name=name or external_id, external_id=external_id, plan=plan,
            segment=segment, mrr_cents=mrr_cents or 0,
        )  # fmt: skip
        if sql.insert(company, ignore_conflicts=True):
            return company
        company = stored()  # created at this moment by another request
    updates = {"name": name, "plan": plan, "segment": segment}
    changed = [f for f, v in updates.items() if v and getattr(company, f) != v]
    for field in changed:
        setattr(company, field, updates[field])
    if mrr_cents is not None and company.mrr_cents != mrr_cents:
        company.mrr_cents = mrr_cents
        changed.append("mrr_cents")
    if changed:
        company.save(update_fields=changed)
    return company


@transaction.atomic
def person_confirm_email(*, person: Person) -> Person:
    """The person clicked their magic link: their pending ideas and votes go public."""
    if person.email_confirmed_at is None:
        person.email_confirmed_at = timezone.now()
        person.save(update_fields=["email_confirmed_at"])
    for idea in Idea.objects.filter(author=person, is_published=False, deleted_at=None):
        idea.is_published = True
        idea.save(update_fields=["is_published"])
        IdeaActivity.objects.create(
            idea=idea, kind=IdeaActivity.Kind.PUBLISHED, actor_person=person
        )
    for vote in Vote.objects.filter(person=person, is_confirmed=False).select_related("idea"):
        vote.is_confirmed = True
        vote.save(update_fields=["is_confirmed"])
        _count_vote(vote.idea_id, vote.created_at)
    Comment.objects.filter(author=person, is_published=False).update(is_published=True)
    for idea_id in (
        Comment.objects.filter(author=person).values_list("idea_id", flat=True).distinct()
    ):
        _recount_comments(idea_id)
    return person


def magic_link_redeem(
    *, workspace: Workspace, email: str, issued_at: datetime, confirm: bool
) -> Person | None:
    """Use a login or confirmation link sent at `issued_at`: the person it names (created
    by their first link), or None when they used this link or a later one already.

    A confirmation link (`confirm`), or any link of someone not yet confirmed, publishes
    what is pending in their name. A plain login link of someone confirmed before only logs
    them in: anything pending was typed in by someone who could not prove it was them, and
    goes public only through the confirmation link that quoted it.
    """
    with transaction.atomic():
        person = person_identify(workspace=workspace, email=email)
        now = timezone.now()
        # One UPDATE decides: of two clicks at once on the same link, one logs in.
        unused = queries.link_unused(issued_at)
        if not Person.objects.filter(unused, pk=person.pk).update(link_used_at=now):
            return None
        person.link_used_at = now
        if confirm or person.email_confirmed_at is None:
            person_confirm_email(person=person)
    return person


def needs_confirmation(*, workspace: Workspace, person: Person) -> bool:
    return (
        workspace.portal_require_confirmation
        and person.email_confirmed_at is None
        and person.user_id is None
    )


# --- ideas -------------------------------------------------------------------------------


def _clean_title_body(title: str, body: str) -> tuple[str, str]:
    title, body = (title or "").strip(), (body or "").strip()
    errors = {}
    if not title:
        errors["title"] = "Give your idea a title."
    elif len(title) > TITLE_MAX:
        errors["title"] = f"The title is too long ({len(title)} characters; {TITLE_MAX} at most)."
    if len(body) > BODY_MAX:
        errors["body"] = (
            f"The description is too long ({len(body)} characters; {BODY_MAX:,} at most)."
        )
    if errors:
        raise ValidationError(errors)
    return title, body


_FIRST_STATUS = (
    'SELECT * FROM "feedback_status" WHERE "workspace_id" = %s'
    ' ORDER BY "is_default" DESC, "position", "id" LIMIT 1'
)


def idea_create(
    *, board: Board, title: str, body: str = "", author: Person | None,
    source: str = Channel.PORTAL, actor_user: User | None = None, status: Status | None = None,
    published: bool = True,
) -> Idea:  # fmt: skip
    """A new idea, in the workspace's default status unless told; its author votes for it
    and follows it."""
    title, body = _clean_title_body(title, body)
    workspace = board.workspace
    if status is None:
        status = sql.first(Status, _FIRST_STATUS, [workspace.pk])
    if status is None:
        raise ValidationError("This workspace has no statuses yet.")
    now = timezone.now()
    with transaction.atomic(savepoint=False):
        idea = Idea(
            workspace=workspace, board=board, status=status, title=title, body=body,
            author=author, is_published=published, created_at=now, updated_at=now,
            trending_score=trending_point(now),
        )  # fmt: skip
        sql.insert(idea)
        activity = IdeaActivity(
            idea=idea, kind=IdeaActivity.Kind.CREATED, actor_user=actor_user,
            actor_person=author, data={"source": source},
        )  # fmt: skip
        sql.insert(activity)
        if author is not None:
            vote_add(idea=idea, person=author, source=source, confirmed=published)
        emit(
            workspace=workspace, kind=EventKind.IDEA_CREATED, idea=idea, actor_user=actor_user,
            payload={**idea_payload(idea), "source": source, "published": published},
        )  # fmt: skip
    return idea


class StaleEdit(ValidationError):
    pass


@transaction.atomic
def idea_update(
    *, idea: Idea, title: str, body: str, version: int | None, actor_user: User | None = None,
    actor_person: Person | None = None,
) -> Idea:  # fmt: skip
    """Edit title and body. `version` is what the editor saw: no one overwrites unseen changes."""
    title, body = _clean_title_body(title, body)
    updated = Idea.objects.filter(pk=idea.pk, **({"version": version} if version else {})).update(
        title=title, body=body, version=F("version") + 1, updated_at=timezone.now()
    )
    if not updated:
        raise StaleEdit(
            "Someone changed this idea after you opened it. Reload to see their changes, "
            "then edit again.",
            code="stale",
        )
    IdeaActivity.objects.create(
        idea=idea, kind=IdeaActivity.Kind.EDITED, actor_user=actor_user, actor_person=actor_person
    )
    idea.refresh_from_db()
    return idea


@transaction.atomic
def idea_change_status(
    *, idea: Idea, status: Status, actor_user: User | None, comment: str = "",
    notify: bool = True,
) -> Idea:  # fmt: skip
    """Move the idea to `status`. Everyone who asked for it (see notifications) hears about
    it once, with the public comment, unless `notify=False` (a minor change; webhooks still
    get the event)."""
    if status.workspace_id != idea.workspace_id:
        raise ValidationError({"status": "Unknown status."})
    previous = idea.status
    public_comment = None
    if comment.strip():
        public_comment = comment_add(
            idea=idea, body=comment, author_user=actor_user, author=None,
            quiet=previous.pk != status.pk,
        )  # fmt: skip
    if previous.pk != status.pk:
        now = timezone.now()
        Idea.objects.filter(pk=idea.pk).update(
            status=status, status_changed_at=now, updated_at=now, version=F("version") + 1
        )
        change = {
            "from": previous.name, "to": status.name,
            "from_category": previous.category, "to_category": status.category,
        }  # fmt: skip
        IdeaActivity.objects.create(
            idea=idea, kind=IdeaActivity.Kind.STATUS, actor_user=actor_user, data=change
        )
        idea.status = status
        payload = {
            **idea_payload(idea), **change,
            "comment": public_comment.body if public_comment else "",
        }  # fmt: skip
        emit(
            workspace=idea.workspace, kind=EventKind.STATUS_CHANGED, idea=idea,
            actor_user=actor_user, payload=payload, notify=notify,
        )  # fmt: skip
        if status.category == StatusCategory.SHIPPED != previous.category:
            emit(
                workspace=idea.workspace, kind=EventKind.IDEA_SHIPPED, idea=idea,
                actor_user=actor_user, payload=payload,
            )  # fmt: skip
    idea.refresh_from_db()
    return idea


def _record(idea, kind, actor_user, **data):
    IdeaActivity.objects.create(idea=idea, kind=kind, actor_user=actor_user, data=data)


@transaction.atomic
def idea_set_owner(*, idea: Idea, owner: User | None, actor_user: User | None) -> Idea:
    if idea.owner_id != (owner.pk if owner else None):
        idea.owner = owner
        idea.save(update_fields=["owner", "updated_at"])
        _record(idea, IdeaActivity.Kind.OWNER, actor_user, to=owner.email if owner else None)
    return idea


@transaction.atomic
def idea_set_eta(*, idea: Idea, eta: date | None, actor_user: User | None) -> Idea:
    if idea.eta != eta:
        idea.eta = eta
        idea.save(update_fields=["eta", "updated_at"])
        _record(idea, IdeaActivity.Kind.ETA, actor_user, to=eta.isoformat() if eta else None)
    return idea


@transaction.atomic
def idea_set_tags(*, idea: Idea, tags: list[Tag], actor_user: User | None) -> Idea:
    if any(tag.workspace_id != idea.workspace_id for tag in tags):
        raise ValidationError({"tags": "Unknown tag."})
    before = set(idea.tags.values_list("pk", flat=True))
    after = {tag.pk for tag in tags}
    if before != after:
        idea.tags.set(tags)
        _record(idea, IdeaActivity.Kind.TAGS, actor_user, to=sorted(t.name for t in tags))
    return idea


@transaction.atomic
def idea_move(*, idea: Idea, board: Board, actor_user: User | None) -> Idea:
    if board.workspace_id != idea.workspace_id:
        raise ValidationError({"board": "Unknown board."})
    if idea.board_id != board.pk:
        previous = idea.board.name
        idea.board = board
        idea.save(update_fields=["board", "updated_at"])
        _record(idea, IdeaActivity.Kind.BOARD, actor_user, to=board.name, **{"from": previous})
    return idea


@transaction.atomic
def idea_set_pinned(*, idea: Idea, pinned: bool, actor_user: User | None) -> Idea:
    if idea.is_pinned != pinned:
        idea.is_pinned = pinned
        idea.save(update_fields=["is_pinned"])
        kind = IdeaActivity.Kind.PINNED if pinned else IdeaActivity.Kind.UNPINNED
        _record(idea, kind, actor_user)
    return idea


@transaction.atomic
def idea_delete(*, idea: Idea, actor_user: User | None) -> Idea:
    """Soft delete: hidden everywhere, restorable with idea_restore."""
    if idea.deleted_at is None:
        idea.deleted_at = timezone.now()
        idea.save(update_fields=["deleted_at"])
        _record(idea, IdeaActivity.Kind.DELETED, actor_user)
    return idea


@transaction.atomic
def idea_restore(*, idea: Idea, actor_user: User | None) -> Idea:
    if idea.deleted_at is not None:
        idea.deleted_at = None
        idea.save(update_fields=["deleted_at"])
        _record(idea, IdeaActivity.Kind.RESTORED, actor_user)
    return idea


# --- merging ------------------------------------------------------------------------------
#
# A merge is a link, nothing is copied: the merged idea keeps its votes, comments, followers
# and linked feedback, and points at a live root (one hop, always). Demand adds the group
# up (queries.idea_demand); unmerging clears the link and everything is as it was.

MERGE_CHAIN_LIMIT = 100


def _merge_root(idea: Idea) -> Idea:
    """The live idea at the end of `idea`'s merge links (itself when not merged)."""
    seen = set()
    while idea.merged_into_id is not None and idea.pk not in seen:
        seen.add(idea.pk)
        if len(seen) > MERGE_CHAIN_LIMIT:
            break
        idea = Idea.objects.get(pk=idea.merged_into_id)
    return idea


def audit_record(*, workspace_id: int, actor: User | None, action: str, obj, **data) -> None:
    AuditEvent.objects.create(
        workspace_id=workspace_id, actor_user=actor, action=action,
        object_type=obj._meta.model_name, object_id=obj.pk, data=data,
    )  # fmt: skip


@transaction.atomic
def idea_merge(*, idea: Idea, into: Idea, actor: User | None) -> Idea:
    """Merge `idea` into `into` (or into the idea `into` itself went into).

    Ideas already merged into `idea` move to the same root, so every merged idea points at a
    live root. Refused: the idea itself, one of its own merged ideas, deleted ideas, an idea
    already merged elsewhere. Across boards is fine: the root's board wins.
    """
    if into.workspace_id != idea.workspace_id:
        raise ValidationError({"into_id": "Unknown idea."})
    # Lock both rows (in id order, so two opposite merges cannot deadlock) and read them fresh.
    locked = {i.pk: i for i in Idea.objects.select_for_update().filter(pk__in=[idea.pk, into.pk])}
    idea, into = locked[idea.pk], locked[into.pk]
    if into.pk == idea.pk:
        raise ValidationError({"into_id": "An idea cannot be merged into itself."})
    if idea.deleted_at is not None:
        raise ValidationError("This idea is deleted. Restore it before merging it.")
    if idea.merged_into_id is not None:
        raise ValidationError(
            f"This idea is already merged into “{idea.merged_into.title}”. Unmerge it first.",
            code="merged",
        )
    root = _merge_root(into)
    if root.pk == idea.pk:
        raise ValidationError(
            {"into_id": "That idea is merged into this one; merging back would make a loop."}
        )
    if root.deleted_at is not None:
        raise ValidationError({"into_id": "That idea is deleted. Restore it first."})
    moved = list(Idea.objects.filter(merged_into=idea).values_list("pk", flat=True))
    now = timezone.now()
    Idea.objects.filter(pk__in=moved).update(merged_into=root)
    Idea.objects.filter(pk=idea.pk).update(
        merged_into=root, updated_at=now, version=F("version") + 1
    )
    IdeaActivity.objects.create(
        idea=idea, kind=IdeaActivity.Kind.MERGED, actor_user=actor,
        data={"into": root.pk, "into_title": root.title, "moved": moved},
    )  # fmt: skip
    IdeaActivity.objects.create(
        idea=root, kind=IdeaActivity.Kind.MERGED, actor_user=actor,
        data={"from": idea.pk, "from_title": idea.title, "moved": moved},
    )  # fmt: skip
    audit_record(
        workspace_id=idea.workspace_id, actor=actor, action="idea.merge", obj=idea,
        title=idea.title, into=root.pk, into_title=root.title, moved=moved,
        asked_into=into.pk,
    )  # fmt: skip
    emit(
        workspace=idea.workspace, kind=EventKind.IDEA_MERGED, idea=root, actor_user=actor,
        payload={"idea_id": idea.pk, "title": idea.title, "into_id": root.pk,
                 "into_title": root.title, "moved": moved},
    )  # fmt: skip
    transaction.on_commit(bump_content_version)  # .update() sends no signals
    idea.refresh_from_db()
    return idea


@transaction.atomic
def idea_unmerge(*, idea: Idea, actor: User | None) -> Idea:
    """Undo a merge exactly: the idea stands alone again with everything it had, and the
    ideas that were merged into it before its merge (and still sit under the same root)
    come back to it."""
    idea = Idea.objects.select_for_update().get(pk=idea.pk)
    if idea.merged_into_id is None:
        raise ValidationError("This idea is not merged.", code="not_merged")
    root_id = idea.merged_into_id
    root = Idea.objects.get(pk=root_id)
    merge = (
        IdeaActivity.objects.filter(idea=idea, kind=IdeaActivity.Kind.MERGED)
        .order_by("-created_at", "-id")
        .first()
    )
    moved = [int(pk) for pk in (merge.data.get("moved") or [])] if merge else []
    returned = list(
        Idea.objects.filter(pk__in=moved, merged_into_id=root_id).values_list("pk", flat=True)
    )
    now = timezone.now()
    Idea.objects.filter(pk=idea.pk).update(
        merged_into=None, updated_at=now, version=F("version") + 1
    )
    Idea.objects.filter(pk__in=returned).update(merged_into=idea)
    IdeaActivity.objects.create(
        idea=idea, kind=IdeaActivity.Kind.UNMERGED, actor_user=actor,
        data={"from": root_id, "from_title": root.title, "returned": returned},
    )  # fmt: skip
    IdeaActivity.objects.create(
        idea=root, kind=IdeaActivity.Kind.UNMERGED, actor_user=actor,
        data={"idea": idea.pk, "idea_title": idea.title, "returned": returned},
    )  # fmt: skip
    audit_record(
        workspace_id=idea.workspace_id, actor=actor, action="idea.unmerge", obj=idea,
        title=idea.title, was_in=root_id, was_in_title=root.title, returned=returned,
    )  # fmt: skip
    emit(
        workspace=idea.workspace, kind=EventKind.IDEA_UNMERGED, idea=idea, actor_user=actor,
        payload={"idea_id": idea.pk, "title": idea.title, "from_id": root_id,
                 "from_title": root.title, "returned": returned},
    )  # fmt: skip
    transaction.on_commit(bump_content_version)
    idea.refresh_from_db()
    return idea


@transaction.atomic
def duplicate_dismiss(*, idea: Idea, other: Idea, actor: User | None) -> DuplicateDismissal:
    """The team says two ideas are not duplicates: the pair is never suggested again."""
    if idea.workspace_id != other.workspace_id:
        raise ValidationError("Unknown idea.")
    if idea.pk == other.pk:
        raise ValidationError("Choose two different ideas.")
    low, high = sorted((idea.pk, other.pk))
    dismissal, created = DuplicateDismissal.objects.get_or_create(
        idea_low_id=low, idea_high_id=high,
        defaults={"workspace_id": idea.workspace_id, "dismissed_by": actor},
    )  # fmt: skip
    if created:
        audit_record(
            workspace_id=idea.workspace_id, actor=actor, action="duplicates.dismiss",
            obj=dismissal, ideas=[low, high],
        )  # fmt: skip
    return dismissal


# --- votes, follows, comments -------------------------------------------------------------


# _log2_add in SQL, from the row's current score s and the vote's point p:
# max(s, p) + log2(1 + 2^-min(|s - p|, 1000)). The exponent is floored at -1000 (2^-1000 adds
# nothing to a double) so PostgreSQL's POWER never underflows. Plain CASE and ABS, so the
# same text runs on SQLite and PostgreSQL; the constants are parameters so PostgreSQL
# computes in double precision, not numeric.
_COUNT_VOTE = (
    'UPDATE "feedback_idea" SET "vote_count" = "vote_count" + 1, "trending_score" ='
    ' (CASE WHEN "trending_score" > %s THEN "trending_score" ELSE %s END)'
    ' + LN(%s + POWER(%s, -(CASE WHEN ABS("trending_score" - %s) > %s THEN %s'
    ' ELSE ABS("trending_score" - %s) END))) / %s'
    ' WHERE "id" = %s'
)


def _count_vote(idea_id: int, moment: datetime) -> None:
    """One more counted vote: count and trending score in one UPDATE, computed by the
    database from the row's current values, so concurrent votes never lose one."""
    point = trending_point(moment)
    sql.execute(
        Idea, _COUNT_VOTE,
        [point, point, 1.0, 2.0, point, 1000.0, 1000.0, point, math.log(2), idea_id],
    )  # fmt: skip


def _recount_votes(idea_id: int) -> None:
    """Exact recount after a vote is removed (rare, so the full pass is fine)."""
    idea = Idea.objects.get(pk=idea_id)
    score = trending_point(idea.created_at)
    count = 0
    for created_at in Vote.objects.filter(idea_id=idea_id, is_confirmed=True).values_list(
        "created_at", flat=True
    ):
        score = _log2_add(score, trending_point(created_at))
        count += 1
    Idea.objects.filter(pk=idea_id).update(vote_count=count, trending_score=score)


def _recount_comments(idea_id: int) -> None:
    count = Comment.objects.filter(
        idea_id=idea_id, is_internal=False, is_published=True, deleted_at=None
    ).count()
    Idea.objects.filter(pk=idea_id).update(comment_count=count)


def _ensure_votable(idea: Idea) -> None:
    if idea.deleted_at is not None or idea.merged_into_id is not None:
        raise ValidationError("This idea can no longer be voted on.", code="gone")


_VOTE_OF = 'SELECT * FROM "feedback_vote" WHERE "idea_id" = %s AND "person_id" = %s'


def vote_add(
    *, idea: Idea, person: Person, source: str = Channel.PORTAL,
    importance: str | None = None, confirmed: bool = True,
) -> tuple[Vote, bool]:  # fmt: skip
    """Vote (idempotent: a second vote only updates the importance); the voter follows.

    `importance=None` means "not said": nice to have on a new vote, unchanged on a repeat.
    """
    _ensure_votable(idea)
    if importance is not None and importance not in VoteImportance.values:
        raise ValidationError({"importance": "Unknown importance."})
    if person.workspace_id != idea.workspace_id:
        raise ValidationError("Unknown person.")
    with transaction.atomic(savepoint=False):
        # A first vote is one INSERT; a repeat finds the unique constraint holding the row
        # (ON CONFLICT DO NOTHING, which also settles a race between two first votes).
        vote = Vote(
            idea=idea, person=person, source=source,
            importance=importance or VoteImportance.NICE_TO_HAVE, is_confirmed=confirmed,
        )  # fmt: skip
        if sql.insert(vote, ignore_conflicts=True):
            if confirmed:
                _count_vote(idea.pk, vote.created_at)
                _vote_event(idea, vote)
            sql.insert(Subscription(idea=idea, person=person), ignore_conflicts=True)
            return vote, True
        vote = sql.first(Vote, _VOTE_OF, [idea.pk, person.pk])
        changed = []
        if importance is not None and vote.importance != importance:
            vote.importance = importance
            changed.append("importance")
        # A pending vote (left by someone typing this person's e-mail) counts once the
        # person votes as themselves.
        newly_confirmed = confirmed and not vote.is_confirmed
        if newly_confirmed:
            vote.is_confirmed = True
            changed.append("is_confirmed")
        if changed:
            vote.save(update_fields=changed)
        if newly_confirmed:
            _count_vote(idea.pk, vote.created_at)
            _vote_event(idea, vote)
    return vote, False


def _vote_event(idea: Idea, vote: Vote) -> None:
    emit(
        workspace=idea.workspace_id, kind=EventKind.VOTE_ADDED, idea=idea,
        payload={"idea_id": idea.pk, "title": idea.title, "vote_id": vote.pk,
                 "person_id": vote.person_id, "importance": vote.importance,
                 "source": vote.source},
    )  # fmt: skip


@transaction.atomic
def vote_remove(*, idea: Idea, person: Person) -> bool:
    deleted, _ = Vote.objects.filter(idea=idea, person=person).delete()
    if deleted:
        _recount_votes(idea.pk)
    return bool(deleted)


def subscription_add(*, idea: Idea, person: Person) -> Subscription:
    """Subscribe someone who asked (linked feedback); an earlier unfollow still holds."""
    subscription, _ = Subscription.objects.get_or_create(idea=idea, person=person)
    return subscription


@transaction.atomic
def idea_follow(*, idea: Idea, person: Person) -> Subscription:
    """The person's own choice to hear about the idea, also after an unfollow or a mute."""
    notifications.idea_unmute(person=person, idea=idea)
    return subscription_add(idea=idea, person=person)


@transaction.atomic
def idea_unfollow(*, idea: Idea, person: Person) -> None:
    """No more updates about the idea, even for its voters and commenters, who hear by
    default: the unfollow is kept as a mute, so voting or commenting again does not undo it."""
    Subscription.objects.filter(idea=idea, person=person).delete()
    notifications.idea_mute(person=person, idea=idea)


@transaction.atomic
def comment_add(
    *, idea: Idea, body: str, author: Person | None, author_user: User | None = None,
    parent: Comment | None = None, internal: bool = False, published: bool = True,
    team: bool = False, quiet: bool = False,
) -> Comment:  # fmt: skip
    """`team=True` (or an `author_user`): written by the team, e.g. through an API key, which
    may write internal notes and comment on a board closed to customers."""
    team = team or author_user is not None
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": "Write something first."})
    if len(body) > COMMENT_MAX:
        raise ValidationError(
            {"body": f"The comment is too long ({COMMENT_MAX:,} characters at most)."}
        )
    if idea.deleted_at is not None:
        raise ValidationError("This idea was deleted.", code="gone")
    if not team and idea.board.is_locked:
        raise ValidationError("This board is closed to new comments.", code="locked")
    if internal and not team:
        raise ValidationError("Only team members write internal notes.")
    if parent is not None:
        if parent.idea_id != idea.pk:
            raise ValidationError({"parent": "Reply to a comment on the same idea."})
        parent = parent.parent or parent  # replies stay one level deep
        internal = internal or parent.is_internal
    comment = Comment.objects.create(
        idea=idea, body=body, author=author, author_user=author_user, parent=parent,
        is_internal=internal, is_published=published,
    )  # fmt: skip
    if not internal and published:
        Idea.objects.filter(pk=idea.pk).update(comment_count=F("comment_count") + 1)
    if author is not None and not internal:
        Subscription.objects.get_or_create(idea=idea, person=author)
    if not internal and published and not quiet:  # `quiet`: it rides on a status change
        emit(
            workspace=idea.workspace_id, kind=EventKind.COMMENT_ADDED, idea=idea,
            actor_user=author_user,
            payload={"idea_id": idea.pk, "title": idea.title, "comment_id": comment.pk,
                     "body": comment.body, "person_id": comment.author_id,
                     "by_team": team, "parent_id": comment.parent_id},
        )  # fmt: skip
    return comment


@transaction.atomic
def comment_edit(*, comment: Comment, body: str, editor: User | None) -> Comment:
    body = (body or "").strip()
    if not body or len(body) > COMMENT_MAX:
        raise ValidationError({"body": f"Write between 1 and {COMMENT_MAX:,} characters."})
    if body != comment.body:
        CommentRevision.objects.create(comment=comment, body=comment.body, edited_by=editor)
        comment.body = body
        comment.edited_at = timezone.now()
        comment.save(update_fields=["body", "edited_at"])
    return comment


@transaction.atomic
def comment_delete(*, comment: Comment) -> None:
    if comment.deleted_at is None:
        comment.deleted_at = timezone.now()
        comment.save(update_fields=["deleted_at"])
        _recount_comments(comment.idea_id)


# --- changelog ---------------------------------------------------------------------------


def _check_ideas(workspace: Workspace, ideas: list[Idea]) -> None:
    if any(idea.workspace_id != workspace.pk for idea in ideas):
        raise ValidationError({"idea_ids": "Unknown idea."})


@transaction.atomic
def changelog_create(
    *, workspace: Workspace, title: str, body: str, ideas: list[Idea], author: User | None,
    publish: bool = False, mark_shipped: bool = True, notify: bool = True,
) -> ChangelogEntry:  # fmt: skip
    title, body = _clean_title_body(title, body)
    _check_ideas(workspace, ideas)
    entry = ChangelogEntry.objects.create(
        workspace=workspace, title=title, body=body, created_by=author
    )
    entry.ideas.set(ideas)
    if publish:
        changelog_publish(entry=entry, actor_user=author, mark_shipped=mark_shipped, notify=notify)
    return entry


@transaction.atomic
def changelog_update(
    *, entry: ChangelogEntry, title: str, body: str, ideas: list[Idea]
) -> ChangelogEntry:
    title, body = _clean_title_body(title, body)
    _check_ideas(entry.workspace, ideas)
    entry.title, entry.body, entry.updated_at = title, body, timezone.now()
    entry.save(update_fields=["title", "body", "updated_at"])
    entry.ideas.set(ideas)
    return entry


@transaction.atomic
def changelog_publish(
    *, entry: ChangelogEntry, actor_user: User | None, mark_shipped: bool = True,
    notify: bool = True,
) -> ChangelogEntry:  # fmt: skip
    """Publish now; linked ideas not yet shipped move to the first 'shipped' status."""
    first_publish = entry.published_at is None
    if first_publish:
        entry.published_at = timezone.now()
        entry.save(update_fields=["published_at"])
    shipped_ids = []
    if mark_shipped:
        shipped = (
            Status.objects.filter(workspace_id=entry.workspace_id, category=StatusCategory.SHIPPED)
            .order_by("position")
            .first()
        )
        if shipped is not None:
            for idea in entry.ideas.select_related("status").exclude(
                status__category=StatusCategory.SHIPPED
            ):
                # One e-mail per person for the whole entry (below), not one per idea.
                idea_change_status(idea=idea, status=shipped, actor_user=actor_user, notify=False)
                shipped_ids.append(idea.pk)
    ideas = list(entry.ideas.all())
    for idea in ideas:
        _record(idea, IdeaActivity.Kind.CHANGELOG, actor_user, entry=entry.title)
    if first_publish:
        emit(
            workspace=entry.workspace, kind=EventKind.CHANGELOG_PUBLISHED, changelog_entry=entry,
            actor_user=actor_user, notify=notify,
            payload={"changelog_entry_id": entry.pk, "title": entry.title,
                     "idea_ids": [idea.pk for idea in ideas], "shipped_idea_ids": shipped_ids},
        )  # fmt: skip
    return entry


def changelog_unpublish(*, entry: ChangelogEntry) -> ChangelogEntry:
    entry.published_at = None
    entry.save(update_fields=["published_at"])
    return entry


def changelog_delete(*, entry: ChangelogEntry) -> None:
    entry.delete()
