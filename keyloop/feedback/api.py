"""The feedback REST API: boards, statuses, ideas, votes, comments and the changelog.

An API key acts as the team of its workspace: it sees private boards and writes internal
notes. Every write is all-or-nothing, and creates honour `Idempotency-Key`
(keyloop.lib.idempotency). Any id, in the path, the query or the body, that names nothing in
the key's workspace answers 404; a body reference also names its field in `errors`.
"""

from contextlib import contextmanager

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from ninja import Query, Router
from ninja.decorators import decorate_view
from ninja.responses import Status as Reply

from keyloop.accounts.access import access_person_by_id
from keyloop.lib.idempotency import OPENAPI_HEADER, all_or_nothing, idempotent
from keyloop.lib.pagination import DEFAULT_LIMIT, MAX_LIMIT, paginate

from . import actions, queries
from .access import (
    access_board_by_id,
    access_changelog_entry_by_id,
    access_comment_by_id,
    access_idea_by_id,
    access_ideas_by_ids,
    access_status_by_id,
    access_tags_by_names,
)
from .actions import StaleEdit
from .models import ChangelogEntry, Channel, Comment, Idea, Status, Vote
from .schemas import (
    BoardIn,
    BoardOut,
    BoardPage,
    Category,
    ChangelogIn,
    ChangelogOut,
    ChangelogPage,
    CommentIn,
    CommentOut,
    CommentPage,
    DemandOut,
    ErrorOut,
    IdeaIn,
    IdeaOut,
    IdeaPage,
    IdeaPatch,
    MergeIn,
    PersonIn,
    PublishIn,
    Sort,
    StatusIn,
    StatusOut,
    StatusPage,
    Text,
    VoteIn,
    VoteOut,
    VotePage,
)

router = Router()

ERRORS = {code: ErrorOut for code in (401, 403, 404, 409, 422)}
LIMIT = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"1 to {MAX_LIMIT} items a page.")
CURSOR = Query(None, description="The next_cursor of the previous page.")
TAG = Query(None, max_length=40, description="A tag name (any case).")
SEARCH = Query(None, max_length=200, description="Words that must all be in the title or body.")


def referenced(field: str, fetch):
    """Fetch an object the body or query names; a 404 then says which field named it."""
    try:
        return fetch()
    except Http404 as error:
        error.errors = [{"field": field, "message": f"{str(error)[:-1]} in this workspace."}]
        raise


@contextmanager
def _fields_under(prefix: str):
    """Report an action's field errors at their place in the request ("person.email")."""
    try:
        yield
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        raise ValidationError(
            {
                prefix if field == NON_FIELD_ERRORS else f"{prefix}.{field}": errors
                for field, errors in error.error_dict.items()
            }
        ) from None


def identify_person(request, person: PersonIn, field: str):
    """The Person (and Company) an integrator describes; API-identified people are confirmed."""
    with _fields_under(field):
        return actions.person_identify(
            workspace=request.workspace,
            email=person.email,
            name=person.name,
            external_id=person.external_id,
            company=person.company.model_dump() if person.company else None,
            confirmed=True,
        )


def _idea(request, idea_id, *, related=True) -> Idea:
    return access_idea_by_id(
        workspace=request.workspace, membership=request.api_key, idea_id=idea_id, related=related
    )


# --- boards --------------------------------------------------------------------------------


@router.get(
    "/boards", response={200: BoardPage, **ERRORS}, operation_id="list_boards", tags=["boards"]
)
def list_boards(request, cursor: str | None = CURSOR, limit: int = LIMIT):
    """Every board of the workspace, private ones included, in the portal's order."""
    boards = queries.portal_boards(workspace=request.workspace, membership=request.api_key)
    return paginate(boards, ordering=("position", "name", "id"), cursor=cursor, limit=limit)


@router.post(
    "/boards", response={201: BoardOut, **ERRORS}, operation_id="create_board", tags=["boards"],
    openapi_extra=OPENAPI_HEADER,
)  # fmt: skip
@decorate_view(idempotent)
def create_board(request, payload: BoardIn):
    board = actions.board_create(workspace=request.workspace, **payload.model_dump())
    return Reply(201, board)


# --- statuses ------------------------------------------------------------------------------


@router.get(
    "/statuses", response={200: StatusPage, **ERRORS}, operation_id="list_statuses",
    tags=["statuses"],
)  # fmt: skip
def list_statuses(request, cursor: str | None = CURSOR, limit: int = LIMIT):
    """The workspace's statuses in order; each maps to one fixed category."""
    statuses = Status.objects.filter(workspace=request.workspace)
    return paginate(statuses, ordering=("position", "id"), cursor=cursor, limit=limit)


@router.post(
    "/statuses", response={201: StatusOut, **ERRORS}, operation_id="create_status",
    tags=["statuses"], openapi_extra=OPENAPI_HEADER,
)  # fmt: skip
@decorate_view(idempotent)
def create_status(request, payload: StatusIn):
    status = actions.status_create(workspace=request.workspace, **payload.model_dump())
    return Reply(201, status)


# --- ideas ---------------------------------------------------------------------------------


@router.get("/ideas", response={200: IdeaPage, **ERRORS}, operation_id="list_ideas", tags=["ideas"])
def list_ideas(
    request,
    board_id: int | None = Query(None, ge=1),
    status_category: Category | None = None,
    status_id: int | None = Query(None, ge=1),
    tag: Text | None = TAG,
    q: Text | None = SEARCH,
    sort: Sort = "trending",
    cursor: str | None = CURSOR,
    limit: int = LIMIT,
):
    """Published ideas of every board (private ones too), not deleted or merged away.

    `trending` weighs votes by recency, `top` by count, `new` by creation, `demand` by unique
    people asking (votes and linked feedback, merged ideas included), `mrr` by the monthly
    revenue of their companies, each once; pinned ideas first.
    """
    workspace, team = request.workspace, request.api_key
    ideas = queries.visible_ideas(workspace=workspace)
    if board_id is not None:
        board = referenced(
            "board_id",
            lambda: access_board_by_id(workspace=workspace, membership=team, board_id=board_id),
        )
        ideas = ideas.filter(board=board)
    if status_id is not None:
        status = referenced(
            "status_id", lambda: access_status_by_id(workspace=workspace, status_id=status_id)
        )
        ideas = ideas.filter(status=status)
    found_tag = None
    if tag:
        found_tag = referenced(
            "tag", lambda: access_tags_by_names(workspace=workspace, names=[tag])
        )[0]
    ideas = queries.filter_ideas(
        ideas, sort=sort, category=status_category or "", tag=found_tag, search=q or ""
    )
    # An API item needs the status, owner and author rows, and only the names of the tags.
    ideas = ideas.select_related(None).select_related("status", "owner", "author")
    page = paginate(
        ideas.prefetch_related(None), ordering=queries.SORTS[sort], cursor=cursor, limit=limit
    )
    tag_names = queries.idea_tag_names(idea_ids=[idea.pk for idea in page.items])
    for idea in page.items:
        idea.tag_names = tag_names.get(idea.pk, [])
    return page


@router.post(
    "/ideas", response={201: IdeaOut, **ERRORS}, operation_id="create_idea", tags=["ideas"],
    openapi_extra=OPENAPI_HEADER,
)  # fmt: skip
@decorate_view(idempotent)
def create_idea(request, payload: IdeaIn):
    """A new idea. Its author, if given, votes for it and follows it."""
    workspace, team = request.workspace, request.api_key
    board = referenced(
        "board_id",
        lambda: access_board_by_id(workspace=workspace, membership=team, board_id=payload.board_id),
    )
    status = None
    if payload.status_id is not None:
        status = referenced(
            "status_id",
            lambda: access_status_by_id(workspace=workspace, status_id=payload.status_id),
        )
    board.workspace = workspace  # the board is of the key's workspace (access says so)
    author = identify_person(request, payload.author, "author") if payload.author else None
    idea = actions.idea_create(
        board=board, title=payload.title, body=payload.body, author=author,
        source=Channel.API, status=status,
    )  # fmt: skip
    if author is not None:  # the author's vote changed the counters: read them back
        return Reply(201, _idea(request, idea.pk))
    idea.tag_names = []  # answer from memory: the new row is exactly what was just written
    return Reply(201, idea)


@router.get(
    "/ideas/{id}", response={200: IdeaOut, **ERRORS}, operation_id="get_idea", tags=["ideas"]
)
def get_idea(request, id: int):
    return _idea(request, id)


@router.patch(
    "/ideas/{id}", response={200: IdeaOut, **ERRORS}, operation_id="update_idea", tags=["ideas"]
)
@decorate_view(all_or_nothing)
def update_idea(request, id: int, payload: IdeaPatch):
    """Change only the fields sent. A status is named by `status_id` or `status_category`."""
    workspace, team = request.workspace, request.api_key
    idea = _idea(request, id)
    sent = payload.model_fields_set
    if "version" in sent and payload.version != idea.version:
        raise StaleEdit(
            "Someone changed this idea after you read it. Read it again, then retry.",
            code="stale",
        )

    # Find everything the patch names before changing anything.
    status = board = tags = None
    if "status_id" in sent:
        status = referenced(
            "status_id",
            lambda: access_status_by_id(workspace=workspace, status_id=payload.status_id),
        )
    elif "status_category" in sent:
        status = queries.first_status_of(workspace=workspace, category=payload.status_category)
        if status is None:
            raise ValidationError(
                {"status_category": "This workspace has no status in that category."}
            )
    if "board_id" in sent:
        board = referenced(
            "board_id",
            lambda: access_board_by_id(
                workspace=workspace, membership=team, board_id=payload.board_id
            ),
        )
    if "tags" in sent:
        tags = referenced(
            "tags", lambda: access_tags_by_names(workspace=workspace, names=payload.tags)
        )

    title = payload.title if "title" in sent else idea.title
    body = payload.body if "body" in sent else idea.body
    if (title.strip(), body.strip()) != (idea.title, idea.body):
        version = payload.version if "version" in sent else None
        idea = actions.idea_update(idea=idea, title=title, body=body, version=version)
    if status is not None:
        actions.idea_change_status(idea=idea, status=status, actor_user=None, notify=payload.notify)
    if board is not None:
        actions.idea_move(idea=idea, board=board, actor_user=None)
    if tags is not None:
        actions.idea_set_tags(idea=idea, tags=tags, actor_user=None)
    if "eta" in sent:
        actions.idea_set_eta(idea=idea, eta=payload.eta, actor_user=None)
    if "is_pinned" in sent:
        actions.idea_set_pinned(idea=idea, pinned=payload.is_pinned, actor_user=None)
    return _idea(request, id)


@router.delete(
    "/ideas/{id}", response={204: None, **ERRORS}, operation_id="delete_idea", tags=["ideas"]
)
@decorate_view(all_or_nothing)
def delete_idea(request, id: int):
    """Soft delete: the idea disappears everywhere; the team can restore it from its page."""
    actions.idea_delete(idea=_idea(request, id), actor_user=None)
    return Reply(204, None)


# --- merging and demand -------------------------------------------------------------------


@router.post(
    "/ideas/{id}/merge", response={200: IdeaOut, **ERRORS}, operation_id="merge_idea",
    tags=["ideas"], openapi_extra=OPENAPI_HEADER,
)  # fmt: skip
@decorate_view(idempotent)
def merge_idea(request, id: int, payload: MergeIn):
    """Merge the idea into another (its root, if that one is merged too): a link, nothing is
    copied. The merged idea keeps its votes, comments and feedback, leaves every list, and
    its demand counts in the root's. Undo with /unmerge. An idea cannot go into itself or
    into one of its own merged ideas (422); one already merged is 409."""
    idea = _idea(request, id)
    into = referenced(
        "into_id",
        lambda: access_idea_by_id(
            workspace=request.workspace, membership=request.api_key, idea_id=payload.into_id
        ),
    )
    if idea.merged_into_id is not None:
        return Reply(
            409, {"detail": "This idea is already merged. Unmerge it first.", "errors": []}
        )
    actions.idea_merge(idea=idea, into=into, actor=None)
    return _idea(request, id)


@router.post(
    "/ideas/{id}/unmerge", response={200: IdeaOut, **ERRORS}, operation_id="unmerge_idea",
    tags=["ideas"], openapi_extra=OPENAPI_HEADER,
)  # fmt: skip
@decorate_view(idempotent)
def unmerge_idea(request, id: int):
    """Undo a merge exactly: the idea is back in lists with everything it had. 409 if the idea
    is not merged."""
    idea = _idea(request, id)
    if idea.merged_into_id is None:
        return Reply(409, {"detail": "This idea is not merged.", "errors": []})
    actions.idea_unmerge(idea=idea, actor=None)
    return _idea(request, id)


@router.get(
    "/ideas/{id}/demand", response={200: DemandOut, **ERRORS}, operation_id="get_idea_demand",
    tags=["ideas"],
)  # fmt: skip
def get_idea_demand(request, id: int):
    """True demand for the idea and every idea merged into it: unique people (counted votes
    and linked feedback), unique companies, their MRR (each company once), by plan and
    segment, the voters' importance mix and new people per week for 12 weeks."""
    return queries.idea_demand(idea=_idea(request, id))


# --- votes ---------------------------------------------------------------------------------


@router.get(
    "/ideas/{id}/votes", response={200: VotePage, **ERRORS}, operation_id="list_votes",
    tags=["votes"],
)  # fmt: skip
def list_votes(request, id: int, cursor: str | None = CURSOR, limit: int = LIMIT):
    """Who voted (counted votes only), with their company, newest first."""
    idea = _idea(request, id)
    votes = Vote.objects.filter(idea=idea, is_confirmed=True).select_related("person__company")
    return paginate(votes, ordering=("-created_at", "-id"), cursor=cursor, limit=limit)


@router.post(
    "/ideas/{id}/votes", response={200: VoteOut, 201: VoteOut, **ERRORS},
    operation_id="add_vote", tags=["votes"], openapi_extra=OPENAPI_HEADER,
)  # fmt: skip
@decorate_view(idempotent)
def add_vote(request, id: int, payload: VoteIn):
    """Vote for a person, creating or updating them and their company.

    201 for a new vote; voting again is harmless and answers 200 with the same vote (a
    given `importance` replaces the old one). A deleted idea is 404; a merged one is 409.
    """
    idea = _idea(request, id, related=False)
    person = identify_person(request, payload.person, "person")
    vote, created = actions.vote_add(
        idea=idea, person=person, source=Channel.API, importance=payload.importance,
        confirmed=True,
    )  # fmt: skip
    vote.person = queries.with_company(person)
    return Reply(201 if created else 200, vote)


@router.delete(
    "/ideas/{id}/votes/{person_id}", response={204: None, **ERRORS},
    operation_id="remove_vote", tags=["votes"],
)  # fmt: skip
@decorate_view(all_or_nothing)
def remove_vote(request, id: int, person_id: int):
    idea = _idea(request, id, related=False)
    person = access_person_by_id(workspace=request.workspace, person_id=person_id)
    if not actions.vote_remove(idea=idea, person=person):
        raise Http404("No such vote.")
    return Reply(204, None)


# --- comments ------------------------------------------------------------------------------


@router.get(
    "/ideas/{id}/comments", response={200: CommentPage, **ERRORS},
    operation_id="list_comments", tags=["comments"],
)  # fmt: skip
def list_comments(request, id: int, cursor: str | None = CURSOR, limit: int = LIMIT):
    """Comments and internal notes, oldest first; a reply names its `parent_id`."""
    idea = _idea(request, id)
    comments = Comment.objects.filter(idea=idea, deleted_at=None, is_published=True)
    comments = comments.select_related("author", "author_user")
    return paginate(comments, ordering=("created_at", "id"), cursor=cursor, limit=limit)


@router.post(
    "/ideas/{id}/comments", response={201: CommentOut, **ERRORS},
    operation_id="add_comment", tags=["comments"], openapi_extra=OPENAPI_HEADER,
)  # fmt: skip
@decorate_view(idempotent)
def add_comment(request, id: int, payload: CommentIn):
    """A comment by a customer (`person`) or by the team (`person: null`), or an internal note.

    Replies stay one level deep: replying to a reply answers its parent."""
    idea = _idea(request, id)
    parent = None
    if payload.parent_id is not None:
        parent = referenced(
            "parent_id",
            lambda: access_comment_by_id(
                idea=idea, membership=request.api_key, comment_id=payload.parent_id
            ),
        )
    author = identify_person(request, payload.person, "person") if payload.person else None
    comment = actions.comment_add(
        idea=idea, body=payload.body, author=author, parent=parent, internal=payload.internal,
        team=True,
    )  # fmt: skip
    return Reply(201, comment)


# --- changelog -----------------------------------------------------------------------------


def _changelog_entries(workspace):
    linked = Prefetch(
        "ideas", queryset=Idea.objects.filter(deleted_at=None).only("id"), to_attr="linked_ideas"
    )
    return ChangelogEntry.objects.filter(workspace=workspace).prefetch_related(linked)


@router.get(
    "/changelog", response={200: ChangelogPage, **ERRORS}, operation_id="list_changelog",
    tags=["changelog"],
)  # fmt: skip
def list_changelog(request, cursor: str | None = CURSOR, limit: int = LIMIT):
    """Drafts and published entries, newest first."""
    entries = _changelog_entries(request.workspace)
    return paginate(entries, ordering=("-created_at", "-id"), cursor=cursor, limit=limit)


@router.post(
    "/changelog", response={201: ChangelogOut, **ERRORS},
    operation_id="create_changelog_entry", tags=["changelog"], openapi_extra=OPENAPI_HEADER,
)  # fmt: skip
@decorate_view(idempotent)
def create_changelog_entry(request, payload: ChangelogIn):
    """A draft, or with `"publish": true` a published entry; publishing moves the linked
    ideas to the workspace's first shipped status unless `"mark_shipped": false`."""
    workspace = request.workspace
    ideas = []
    if payload.idea_ids:
        ideas = referenced(
            "idea_ids",
            lambda: access_ideas_by_ids(
                workspace=workspace, membership=request.api_key, idea_ids=payload.idea_ids
            ),
        )
    entry = actions.changelog_create(
        workspace=workspace, title=payload.title, body=payload.body, ideas=ideas, author=None,
        publish=payload.publish, mark_shipped=payload.mark_shipped, notify=payload.notify,
    )  # fmt: skip
    return Reply(201, entry)


@router.post(
    "/changelog/{id}/publish", response={200: ChangelogOut, **ERRORS},
    operation_id="publish_changelog_entry", tags=["changelog"], openapi_extra=OPENAPI_HEADER,
)  # fmt: skip
@decorate_view(idempotent)
def publish_changelog_entry(request, id: int, payload: PublishIn | None = None):
    """Publish a draft now (an entry already published is returned as it is)."""
    entry = access_changelog_entry_by_id(
        workspace=request.workspace, membership=request.api_key, entry_id=id
    )
    if entry.published_at is None:
        payload = payload or PublishIn()
        actions.changelog_publish(
            entry=entry, actor_user=None, mark_shipped=payload.mark_shipped,
            notify=payload.notify,
        )  # fmt: skip
    return entry
