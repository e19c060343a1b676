"""The only way a request reaches boards, ideas, comments and changelog entries.

Customers (anyone on the portal) see public boards and their visible ideas; team members
of the workspace also see private boards. Everything else is 404. An API key sees what the
team sees: the REST API passes it where a membership goes.
"""

from django.db.models.functions import Lower
from django.http import Http404

from keyloop.accounts.models import Membership, Workspace
from keyloop.lib import sql

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
    include_merged=True, related=True,
) -> Idea:  # fmt: skip
    """An idea of `workspace` the viewer may see.

    Customers never see deleted ideas, unpublished ideas of others, or ideas on private
    boards. Merged ideas are returned (their page redirects to the idea they went into).
    `related=False` (the API's votes and feedback) reads the idea row alone, in plain SQL:
    its board, status and author load only if used.
    """
    if not related:
        return _idea_row(workspace, membership, idea_id, include_deleted, include_merged)
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


def _idea_row(workspace, membership, idea_id, include_deleted, include_merged) -> Idea:
    """access_idea_by_id's rules written out in SQL (the same filters, the same 404)."""
    (pk,) = _ids([idea_id])
    customer = membership is None
    key = (customer, include_deleted, include_merged)
    statement = _IDEA_ROW.get(key)
    if statement is None:
        conditions = ['"feedback_idea"."workspace_id" = %s', '"feedback_idea"."id" = %s']
        join = ""
        if customer:
            join = (
                ' INNER JOIN "feedback_board" ON "feedback_board"."id" = "feedback_idea"."board_id"'
                ' AND NOT "feedback_board"."is_private"'
            )
            conditions.append('"feedback_idea"."is_published"')
        if customer or not include_deleted:
            conditions.append('"feedback_idea"."deleted_at" IS NULL')
        if not include_merged:
            conditions.append('"feedback_idea"."merged_into_id" IS NULL')
        statement = _IDEA_ROW[key] = (
            f'SELECT "feedback_idea".* FROM "feedback_idea"{join} WHERE {" AND ".join(conditions)}'
        )
    idea = sql.first(Idea, statement, [workspace.pk, pk])
    if idea is None:
        raise Http404("No such idea.")
    return idea


_IDEA_ROW: dict = {}


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


def _ids(values) -> set[int]:
    try:
        ids = {int(value) for value in values}
    except (ValueError, TypeError):
        raise Http404("No such object.") from None
    if any(not 0 < pk < 2**63 for pk in ids):  # beyond any database's primary keys
        raise Http404("No such object.")
    return ids


def access_ideas_by_ids(*, workspace: Workspace, membership: Membership | None, idea_ids) -> list:
    """Several ideas at once (e.g. a changelog entry's links); 404 if any is not reachable."""
    wanted = _ids(idea_ids)
    ideas = Idea.objects.filter(workspace=workspace, deleted_at=None, pk__in=wanted)
    if membership is None:
        ideas = ideas.filter(board__is_private=False, is_published=True)
    found = list(ideas)
    if len(found) != len(wanted):
        raise Http404("No such idea.")
    return found


def access_tags_by_ids(*, workspace: Workspace, tag_ids) -> list[Tag]:
    wanted = _ids(tag_ids)
    found = list(Tag.objects.filter(workspace=workspace, pk__in=wanted))
    if len(found) != len(wanted):
        raise Http404("No such tag.")
    return found


def access_tags_by_names(*, workspace: Workspace, names) -> list[Tag]:
    """Tags named (case-insensitively) in `names`; 404 if any is not a tag of the workspace."""
    wanted = {str(name).strip().lower() for name in names}
    found = list(
        Tag.objects.filter(workspace=workspace)
        .annotate(lower_name=Lower("name"))
        .filter(lower_name__in=wanted)
    )
    if len(found) != len(wanted):
        raise Http404("No such tag.")
    return found
