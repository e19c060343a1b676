"""The only way a request reaches boards, ideas, comments and changelog entries.

Customers (anyone on the portal) see public boards and their visible ideas; team members
of the workspace also see private boards. Everything else is 404.
"""

from django.http import Http404

from keyloop.accounts.models import Membership, Workspace

from .models import Board, ChangelogEntry, Comment, Idea, Status, Tag


def _visible_boards(*, workspace: Workspace, membership: Membership | None):
    boards = Board.objects.filter(workspace=workspace)
    return boards if membership is not None else boards.filter(is_private=False)


def access_board_by_slug(
    *, workspace: Workspace, membership: Membership | None, board_slug: str
) -> Board:
    try:
        return _visible_boards(workspace=workspace, membership=membership).get(slug=board_slug)
    except Board.DoesNotExist:
        raise Http404("No such board.") from None


def access_board_by_id(*, workspace: Workspace, membership: Membership | None, board_id) -> Board:
    try:
        return _visible_boards(workspace=workspace, membership=membership).get(pk=board_id)
    except (Board.DoesNotExist, ValueError, TypeError):
        raise Http404("No such board.") from None


def access_idea_by_id(
    *, workspace: Workspace, membership: Membership | None, idea_id, include_deleted=False,
    include_merged=True,
) -> Idea:  # fmt: skip
    """An idea of `workspace` the viewer may see.

    Customers never see deleted ideas, unpublished ideas of others, or ideas on private
    boards. Merged ideas are returned (their page redirects to the idea they went into).
    """
    ideas = Idea.objects.filter(workspace=workspace).select_related("board", "status", "author")
    if membership is None:
        ideas = ideas.filter(board__is_private=False, deleted_at=None, is_published=True)
    elif not include_deleted:
        ideas = ideas.filter(deleted_at=None)
    if not include_merged:
        ideas = ideas.filter(merged_into=None)
    try:
        return ideas.get(pk=idea_id)
    except (Idea.DoesNotExist, ValueError, TypeError):
        raise Http404("No such idea.") from None


def access_comment_by_id(*, idea: Idea, membership: Membership | None, comment_id) -> Comment:
    comments = Comment.objects.filter(idea=idea, deleted_at=None)
    if membership is None:
        comments = comments.filter(is_internal=False)
    try:
        return comments.get(pk=comment_id)
    except (Comment.DoesNotExist, ValueError, TypeError):
        raise Http404("No such comment.") from None


def access_status_by_id(*, workspace: Workspace, status_id) -> Status:
    try:
        return Status.objects.get(workspace=workspace, pk=status_id)
    except (Status.DoesNotExist, ValueError, TypeError):
        raise Http404("No such status.") from None


def access_tag_by_id(*, workspace: Workspace, tag_id) -> Tag:
    try:
        return Tag.objects.get(workspace=workspace, pk=tag_id)
    except (Tag.DoesNotExist, ValueError, TypeError):
        raise Http404("No such tag.") from None


def access_changelog_entry_by_id(
    *, workspace: Workspace, membership: Membership | None, entry_id
) -> ChangelogEntry:
    """Drafts are for the team; customers see published entries only."""
    from django.utils import timezone

    entries = ChangelogEntry.objects.filter(workspace=workspace)
    if membership is None:
        entries = entries.filter(published_at__lte=timezone.now())
    try:
        return entries.get(pk=entry_id)
    except (ChangelogEntry.DoesNotExist, ValueError, TypeError):
        raise Http404("No such changelog entry.") from None
