"""The notifications API: webhook endpoints with their delivery log and "resend", and the
delivery report of an idea (who was told, by which channel, with what outcome).

Any key of the workspace may read (URLs and logs are the workspace's own data); changes need
the "write" scope, like every other write. A signing secret is returned once, by the create.
"""

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from ninja import Router
from ninja.decorators import decorate_view
from ninja.responses import Status as Reply

from keyloop.feedback.access import access_idea_by_id
from keyloop.feedback.api import CURSOR, ERRORS, LIMIT
from keyloop.lib.idempotency import OPENAPI_HEADER, all_or_nothing, idempotent
from keyloop.lib.pagination import paginate

from . import actions, queries
from .access import access_webhook_delivery_by_id, access_webhook_endpoint_by_id
from .models import DeliveryStatus, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from .schemas import (
    IdeaDeliveriesOut,
    StatusName,
    WebhookCreatedOut,
    WebhookDeliveryOut,
    WebhookDeliveryPage,
    WebhookIn,
    WebhookOut,
    WebhookPage,
    WebhookPatch,
)

router = Router(tags=["webhooks"])


def _endpoint(request, endpoint_id) -> WebhookEndpoint:
    return access_webhook_endpoint_by_id(workspace=request.workspace, endpoint_id=endpoint_id)


def _deliveries(endpoint):
    return (
        WebhookDelivery.objects.filter(endpoint=endpoint)
        .select_related("event")
        .prefetch_related(Prefetch("log", WebhookAttempt.objects.order_by("-at", "-id")))
    )


@router.get("/webhooks", response={200: WebhookPage, **ERRORS}, operation_id="list_webhooks")
def list_webhooks(request, cursor: str | None = CURSOR, limit: int = LIMIT):
    """The workspace's endpoints, newest first. Secrets are never listed."""
    return paginate(
        WebhookEndpoint.objects.filter(workspace=request.workspace),
        ordering=("-created_at", "-id"), cursor=cursor, limit=limit,
    )  # fmt: skip


@router.post(
    "/webhooks", response={201: WebhookCreatedOut, **ERRORS}, operation_id="create_webhook",
    openapi_extra=OPENAPI_HEADER,
)  # fmt: skip
@decorate_view(idempotent)
def create_webhook(request, payload: WebhookIn):
    """Add an endpoint. The answer holds the signing `secret`, which is not shown again.
    A URL whose host is (or resolves to) a private, loopback or link-local address is
    refused (422) unless the server allows it (WEBHOOK_ALLOW_PRIVATE_ADDRESSES)."""
    endpoint = actions.webhook_endpoint_create(
        workspace=request.workspace, url=payload.url, event_types=payload.event_types,
        description=payload.description, created_by=request.api_key.created_by,
    )  # fmt: skip
    return Reply(201, endpoint)


@router.get("/webhooks/{id}", response={200: WebhookOut, **ERRORS}, operation_id="get_webhook")
def get_webhook(request, id: int):
    return _endpoint(request, id)


@router.patch("/webhooks/{id}", response={200: WebhookOut, **ERRORS}, operation_id="update_webhook")
@decorate_view(all_or_nothing)
def update_webhook(request, id: int, payload: WebhookPatch):
    """Change the URL, the event types, the description, or turn it off and on."""
    endpoint = _endpoint(request, id)
    change = payload.model_dump(exclude_unset=True)
    return actions.webhook_endpoint_update(
        endpoint=endpoint, url=change.get("url", endpoint.url),
        event_types=change.get("event_types", endpoint.event_types),
        description=change.get("description", endpoint.description),
        is_active=change.get("is_active", endpoint.is_active),
    )  # fmt: skip


@router.delete("/webhooks/{id}", response={204: None, **ERRORS}, operation_id="delete_webhook")
@decorate_view(all_or_nothing)
def delete_webhook(request, id: int):
    """Delete the endpoint and its delivery log; nothing more is sent to it."""
    actions.webhook_endpoint_delete(endpoint=_endpoint(request, id))
    return Reply(204, None)


@router.get(
    "/webhooks/{id}/deliveries", response={200: WebhookDeliveryPage, **ERRORS},
    operation_id="list_webhook_deliveries",
)  # fmt: skip
def list_webhook_deliveries(
    request, id: int, status: StatusName | None = None, cursor: str | None = CURSOR,
    limit: int = LIMIT,
):  # fmt: skip
    """The endpoint's delivery log, newest first: each event with every try (request
    headers and body, answer status and body, error, duration)."""
    deliveries = _deliveries(_endpoint(request, id))
    if status:
        deliveries = deliveries.filter(status=status)
    return paginate(deliveries, ordering=("-created_at", "-id"), cursor=cursor, limit=limit)


@router.post(
    "/webhooks/{id}/deliveries/{delivery_id}/resend",
    response={200: WebhookDeliveryOut, **ERRORS}, operation_id="resend_webhook_delivery",
    openapi_extra=OPENAPI_HEADER,
)  # fmt: skip
@decorate_view(idempotent)
def resend_webhook_delivery(request, id: int, delivery_id: int):
    """Send this delivery again (sent or failed alike) in the background, soon, with the
    same `webhook-id`; it gets the full retry schedule again. The answer shows it pending.
    409 while the endpoint is disabled or the delivery is being sent."""
    endpoint = _endpoint(request, id)
    delivery = access_webhook_delivery_by_id(endpoint=endpoint, delivery_id=delivery_id)
    if not endpoint.is_active:
        raise ValidationError(
            "The endpoint is disabled; turn it back on (is_active) before resending.",
            code="locked",
        )
    if delivery.status == DeliveryStatus.SENDING:
        raise ValidationError("This delivery is being sent right now.", code="locked")
    actions.delivery_retry(delivery=delivery)
    return _deliveries(endpoint).get(pk=delivery.pk)


@router.get(
    "/ideas/{id}/deliveries", response={200: IdeaDeliveriesOut, **ERRORS},
    operation_id="get_idea_deliveries", tags=["ideas"],
)  # fmt: skip
def get_idea_deliveries(request, id: int):
    """Who was told about the idea: per event (a status change, a changelog entry naming
    it), the people reached by e-mail and in the portal, by status (sent, pending, failed,
    suppressed)."""
    idea = access_idea_by_id(workspace=request.workspace, membership=request.api_key, idea_id=id)
    events = []
    for row in queries.idea_delivery_report(idea=idea):
        event, counts = row["event"], row["counts"]
        totals: dict[str, int] = {}
        for by_status in counts.values():
            for status, number in by_status.items():
                totals[status] = totals.get(status, 0) + number
        events.append(
            {"id": event.pk, "type": event.kind, "created_at": event.created_at,
             "title": event.payload.get("title", ""), "counts": counts, "totals": totals}
        )  # fmt: skip
    return {"idea_id": idea.pk, "events": events}
