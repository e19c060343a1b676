"""The feedback-item API: push raw feedback from any tool, list it, triage it.

`POST /feedback` is idempotent twice over: per `Idempotency-Key` header (any request) and
per (`channel`, `external_id`) (the same piece of feedback delivered again).
"""

from ninja import Query, Router
from ninja.decorators import decorate_view
from ninja.responses import Status as Reply

from keyloop.feedback.access import access_idea_by_id
from keyloop.feedback.api import CURSOR, ERRORS, LIMIT, SEARCH, identify_person, referenced
from keyloop.lib.idempotency import OPENAPI_HEADER, all_or_nothing, idempotent
from keyloop.lib.pagination import paginate

from . import actions, queries
from .access import access_feedback_item_by_id
from .models import FeedbackState
from .schemas import (
    ChannelName,
    FeedbackIn,
    FeedbackOut,
    FeedbackPage,
    FeedbackPatch,
    SentimentName,
    State,
)

router = Router(tags=["feedback"])


def _item(request, item_id):
    return access_feedback_item_by_id(
        workspace=request.workspace, membership=request.api_key, item_id=item_id
    )


def _idea(request, idea_id):
    return referenced(
        "idea_id",
        lambda: access_idea_by_id(
            workspace=request.workspace,
            membership=request.api_key,
            idea_id=idea_id,
            related=False,
        ),
    )


@router.get("/feedback", response={200: FeedbackPage, **ERRORS}, operation_id="list_feedback")
def list_feedback(
    request,
    state: State | None = None,
    channel: ChannelName | None = None,
    sentiment: SentimentName | None = None,
    idea_id: int | None = Query(None, ge=1),
    person_id: int | None = Query(None, ge=1),
    company_id: int | None = Query(None, ge=1),
    segment: str | None = Query(None, max_length=80),
    q: str | None = SEARCH,
    cursor: str | None = CURSOR,
    limit: int = LIMIT,
):
    """Feedback items, newest first. Spam is left out unless `state=spam`."""
    items = queries.inbox_items(
        workspace=request.workspace, state=state or "", channel=channel or "",
        sentiment=sentiment or "", company_id=company_id, segment=segment or "", search=q or "",
        idea_id=idea_id, person_id=person_id,
    )  # fmt: skip
    return paginate(
        items.select_related(None).select_related("person__company"),
        ordering=("-received_at", "-id"), cursor=cursor, limit=limit,
    )  # fmt: skip


@router.post(
    "/feedback", response={200: FeedbackOut, 201: FeedbackOut, **ERRORS},
    operation_id="create_feedback", openapi_extra=OPENAPI_HEADER,
)  # fmt: skip
@decorate_view(idempotent)
def create_feedback(request, payload: FeedbackIn):
    """Store one piece of feedback; 201 when new, 200 with the stored item when the same
    `external_id` was already received on this channel. Sentiment is scored in the background
    (null until then)."""
    idea = _idea(request, payload.idea_id) if payload.idea_id is not None else None
    person = identify_person(request, payload.person, "person") if payload.person else None
    item, created = actions.feedback_receive(
        workspace=request.workspace, text=payload.text, title=payload.title,
        channel=payload.channel, external_id=payload.external_id,
        source_url=payload.source_url, person=person, idea=idea,
        received_at=payload.received_at,
    )  # fmt: skip
    if created:  # answer from memory: the new row is exactly what was just written
        item.person = person
        return Reply(201, item)
    return Reply(200, _item(request, item.pk))


@router.get("/feedback/{id}", response={200: FeedbackOut, **ERRORS}, operation_id="get_feedback")
def get_feedback(request, id: int):
    return _item(request, id)


@router.patch(
    "/feedback/{id}", response={200: FeedbackOut, **ERRORS}, operation_id="update_feedback"
)
@decorate_view(all_or_nothing)
def update_feedback(request, id: int, payload: FeedbackPatch):
    """Link to an idea (`{"idea_id": 12}`), unlink (`{"idea_id": null}`), or set the state to
    `dismissed`, `spam` or `new`."""
    item = _item(request, id)
    fields = payload.model_fields_set
    if "idea_id" in fields and payload.idea_id is not None:
        actions.feedback_link(item=item, idea=_idea(request, payload.idea_id), actor_user=None)
    elif "state" in fields and payload.state != FeedbackState.LINKED:
        actions.feedback_set_state(item=item, state=payload.state, actor_user=None)
    elif "idea_id" in fields:
        actions.feedback_unlink(item=item, actor_user=None)
    return _item(request, id)
