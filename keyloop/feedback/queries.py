"""Reads of the feedback domain that are more than one line. Query counts stay flat."""

from django.db.models import Count, Prefetch, Q, QuerySet
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
                    deleted_at=None, board__is_private=False
                ).select_related("status"),
            )
        )
        .order_by("-published_at")
    )


def workspace_statuses(*, workspace: Workspace) -> list[Status]:
    return list(Status.objects.filter(workspace=workspace).annotate(idea_count=Count("ideas")))


def workspace_tags(*, workspace: Workspace) -> list[Tag]:
    return list(Tag.objects.filter(workspace=workspace).order_by("name"))
