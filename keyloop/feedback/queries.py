"""Reads of the feedback domain that are more than one line. Query counts stay flat."""

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils import timezone

from keyloop.accounts.models import Membership, Workspace

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

SORTS = {
    "trending": ("-is_pinned", "-trending_score", "-id"),
    "top": ("-is_pinned", "-vote_count", "-id"),
    "new": ("-is_pinned", "-created_at", "-id"),
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
    return (
        ideas.select_related("status", "board")
        .prefetch_related(Prefetch("tags", queryset=Tag.objects.order_by("name")))
        .order_by(*SORTS.get(sort, SORTS["trending"]))
    )


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
    ideas = ideas.select_related("status", "board").order_by("-vote_count", "-id")
    columns = []
    for category in ROADMAP_CATEGORIES:
        items = list(ideas.filter(status__category=category)[:per_column])
        columns.append(
            {"category": category, "label": StatusCategory(category).label, "ideas": items}
        )
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
    return person is not None and idea.subscriptions.filter(person=person).exists()


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
