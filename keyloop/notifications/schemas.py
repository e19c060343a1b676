"""The JSON shapes of the webhook and delivery-report API. Field names are a contract with
integrators. A signing secret appears in the answer to the create only, never again."""

from datetime import datetime
from typing import Literal

from ninja import Schema
from pydantic import Field, model_validator

from keyloop.feedback.schemas import NEXT_CURSOR, Input, Text

from .events import WEBHOOK_KINDS
from .models import DeliveryStatus

EventType = Literal[tuple(sorted(WEBHOOK_KINDS))]  # idea.created, idea.status_changed, …
StatusName = Literal[tuple(DeliveryStatus.values)]  # pending, sending, sent, failed, suppressed

EVENT_TYPES = "The event types to receive; empty (or omitted): every event."


# --- input -----------------------------------------------------------------------------------


class WebhookIn(Input):
    url: Text = Field(
        ..., max_length=500,
        description="Where to POST events: a full http(s):// URL on a public address.",
    )  # fmt: skip
    event_types: list[EventType] = Field(default_factory=list, description=EVENT_TYPES)
    description: Text = Field("", max_length=200, description="What it is for, for people.")


class WebhookPatch(Input):
    """Send only what changes. `is_active: true` turns a disabled endpoint back on and
    clears its failure clock."""

    url: Text = Field(None, max_length=500)
    event_types: list[EventType] = Field(None, description=EVENT_TYPES)
    description: Text = Field(None, max_length=200)
    is_active: bool = None

    @model_validator(mode="after")
    def _something_and_no_nulls(self):
        if not self.model_fields_set:
            raise ValueError("Send url, event_types, description or is_active.")
        nulls = sorted(name for name in self.model_fields_set if getattr(self, name) is None)
        if nulls:
            raise ValueError(f"{', '.join(nulls)} cannot be null; leave it out to keep it.")
        return self


# --- output ----------------------------------------------------------------------------------


class WebhookOut(Schema):
    id: int
    url: str
    description: str
    event_types: list[str] = Field(description=EVENT_TYPES)
    is_active: bool = Field(description="False: disabled (by hand, or after failing for a day).")
    disabled_reason: str
    failing_since: datetime | None = Field(
        description="When the current run of failed deliveries started; null when healthy."
    )
    created_at: datetime


class WebhookCreatedOut(WebhookOut):
    secret: str = Field(
        description="The signing secret (`whsec_` + base64 key). Shown in this answer only: "
        "store it now to verify `webhook-signature`."
    )


class WebhookAttemptOut(Schema):
    at: datetime
    request_headers: dict[str, str]
    request_body: str
    response_status: int | None = Field(description="null when no answer came (see error).")
    response_body: str = Field(description="The first 2,000 characters of the answer.")
    error: str = Field(description='Why there was no answer: "TimeoutError: timed out", …')
    duration_ms: int


class WebhookDeliveryOut(Schema):
    id: int
    event_id: int
    message_id: str = Field(description="The `webhook-id` header: the same on every retry.")
    event_type: str
    status: StatusName
    reason: str = Field(description="Why the last try failed; empty once sent.")
    next_attempt_at: datetime | None = Field(description="When it is tried next, if pending.")
    created_at: datetime
    sent_at: datetime | None
    attempts: list[WebhookAttemptOut] = Field(description="Every try, newest first.")

    @staticmethod
    def resolve_message_id(delivery) -> str:
        return f"msg_{delivery.event_id}"

    @staticmethod
    def resolve_event_type(delivery) -> str:
        return delivery.event.kind

    @staticmethod
    def resolve_next_attempt_at(delivery):
        return delivery.next_attempt_at if delivery.status == DeliveryStatus.PENDING else None

    @staticmethod
    def resolve_attempts(delivery) -> list:
        return list(delivery.log.all())


class WebhookPage(Schema):
    items: list[WebhookOut]
    next_cursor: str | None = Field(description=NEXT_CURSOR)


class WebhookDeliveryPage(Schema):
    items: list[WebhookDeliveryOut]
    next_cursor: str | None = Field(description=NEXT_CURSOR)


class EventReportOut(Schema):
    id: int
    type: str
    created_at: datetime
    title: str = Field(description="The idea's or changelog entry's title at the time.")
    counts: dict[str, dict[str, int]] = Field(
        description='Per channel ("email", "inapp"), people by delivery status.'
    )
    totals: dict[str, int] = Field(description="Deliveries by status, all channels together.")


class IdeaDeliveriesOut(Schema):
    idea_id: int
    events: list[EventReportOut] = Field(
        description="The idea's latest events that told people (and changelog entries naming "
        "it), newest first, at most 10."
    )
