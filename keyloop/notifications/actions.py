"""Writes of the notifications app: fan-out, claims, outcomes, preferences, webhook endpoints."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from keyloop.accounts.models import Person, User, Workspace

from .events import PEOPLE_KINDS, WEBHOOK_KINDS, Kind
from .models import (
    Delivery,
    DeliveryChannel,
    DeliveryStatus,
    Event,
    IdeaMute,
    WebhookDelivery,
    WebhookEndpoint,
)
from .queries import delivery_plan, idea_audience_ids

# --- fan-out -------------------------------------------------------------------------------


def _audience(event: Event) -> tuple[dict[int, list[int]], bool]:
    if event.recipient_ids is not None:
        return {person_id: [] for person_id in event.recipient_ids}, False
    if event.kind == Kind.CHANGELOG_PUBLISHED:
        return idea_audience_ids(idea_ids=event.payload.get("idea_ids", [])), True
    if event.idea_id is not None:
        return idea_audience_ids(idea_ids=[event.idea_id]), True
    return {}, True


FAN_OUT_CHUNK = 1000  # delivery rows written per transaction


def event_fan_out(*, event_id: int) -> bool:
    """Turn one event into its delivery rows, once: False if another worker has it or had it.

    The audience is read outside any write transaction and the rows are written in chunks of
    FAN_OUT_CHUNK, each in its own short transaction: on SQLite, where a write transaction
    holds the database's only write lock, a fan-out to 10,000 people must not make every
    web request wait for it. The event is stamped `fanned_out_at` last. Doing it again (a
    crash half-way, two workers at once) inserts nothing twice: the unique constraints on
    (event, person, channel) and (event, endpoint) turn a repeat into a no-op.
    """
    event = (
        Event.objects.filter(pk=event_id, fanned_out_at=None).select_related("workspace").first()
    )
    if event is None:
        return False
    now = timezone.now()
    if event.notify and event.kind in PEOPLE_KINDS:
        audience, about_ideas = _audience(event)
        plan = delivery_plan(
            workspace=event.workspace, audience=audience, actor_user=event.actor_user,
            about_ideas=about_ideas,
        )  # fmt: skip
        rows = [
            Delivery(
                event=event,
                person_id=person_id,
                channel=channel,
                ideas=ideas,
                status=DeliveryStatus.SENT
                if channel == DeliveryChannel.INAPP
                else DeliveryStatus.PENDING,
                sent_at=now if channel == DeliveryChannel.INAPP else None,
            )  # fmt: skip
            for (person_id, channel), ideas in plan.deliver.items()
        ]
        rows += [
            Delivery(
                event=event, person_id=person_id, channel=channel, status=status, reason=reason
            )
            for (person_id, channel), (reason, status) in plan.suppress.items()
        ]
        for start in range(0, len(rows), FAN_OUT_CHUNK):
            with transaction.atomic():
                Delivery.objects.bulk_create(
                    rows[start : start + FAN_OUT_CHUNK], ignore_conflicts=True
                )
    with transaction.atomic():
        event = (
            Event.objects.select_for_update(skip_locked=True)
            .filter(pk=event_id, fanned_out_at=None)
            .first()
        )
        if event is None:
            return False  # another worker finished it meanwhile
        if event.kind in WEBHOOK_KINDS:
            endpoints = WebhookEndpoint.objects.filter(
                workspace_id=event.workspace_id, is_active=True
            )
            WebhookDelivery.objects.bulk_create(
                [
                    WebhookDelivery(event=event, endpoint=endpoint)
                    for endpoint in endpoints
                    if endpoint.wants(event.kind)
                ],
                ignore_conflicts=True,
            )
        event.fanned_out_at = now
        event.save(update_fields=["fanned_out_at"])
    return True


def deliveries_renew(*, model, delivery_ids: list[int], lease: timedelta) -> None:
    """A worker still busy with its batch extends its claim on the rest of it, so the lease
    can be short (a killed worker's batch is picked up soon) without a slow relay's batch
    being taken over while it is still being sent."""
    model.objects.filter(pk__in=delivery_ids, status=DeliveryStatus.SENDING).update(
        claimed_until=timezone.now() + lease
    )


# --- claiming and outcomes (shared by the e-mail and webhook senders) ---------------------


def due(now) -> Q:
    """Pending and due, or claimed by a worker whose lease ran out (it died or hangs)."""
    return Q(status=DeliveryStatus.PENDING, next_attempt_at__lte=now) | Q(
        status=DeliveryStatus.SENDING, claimed_until__lt=now
    )


def deliveries_claim(*, model, batch: int, lease: timedelta, **filters) -> list[int]:
    """Claim up to `batch` due rows for this worker; each is then sent and marked by id.

    PostgreSQL: FOR UPDATE SKIP LOCKED, so workers never wait on or take each other's rows.
    SQLite: the transaction is IMMEDIATE (settings), so claims simply take turns.
    """
    now = timezone.now()
    with transaction.atomic():
        ids = list(
            model.objects.select_for_update(skip_locked=True)
            .filter(due(now), **filters)
            .order_by("next_attempt_at", "id")
            .values_list("id", flat=True)[:batch]
        )
        if ids:
            model.objects.filter(pk__in=ids).update(
                status=DeliveryStatus.SENDING, claimed_until=now + lease,
                attempts=F("attempts") + 1,
            )  # fmt: skip
    return ids


def delivery_mark_sent(*, model, delivery_id: int) -> None:
    model.objects.filter(pk=delivery_id, status=DeliveryStatus.SENDING).update(
        status=DeliveryStatus.SENT, sent_at=timezone.now(), claimed_until=None, reason=""
    )


def delivery_mark_failed(*, model, delivery_id: int, reason: str, retry_in: timedelta | None):
    """A temporary failure comes back after `retry_in`; `None` (permanent, or out of attempts)
    ends it as failed, visibly, with the reason."""
    fields = {"reason": reason[:300], "claimed_until": None}
    if retry_in is None:
        fields["status"] = DeliveryStatus.FAILED
    else:
        fields["status"] = DeliveryStatus.PENDING
        fields["next_attempt_at"] = timezone.now() + retry_in
    model.objects.filter(pk=delivery_id, status=DeliveryStatus.SENDING).update(**fields)


def backoff(*, attempts: int, schedule: list[int]) -> timedelta | None:
    """Seconds to wait after the `attempts`-th failed try; None when the schedule is used up."""
    if attempts > len(schedule):
        return None
    return timedelta(seconds=schedule[attempts - 1])


@transaction.atomic
def delivery_retry(*, delivery) -> None:
    """The team asks for one more try (a failed e-mail, or the webhook log's "resend")."""
    type(delivery).objects.filter(pk=delivery.pk).exclude(status=DeliveryStatus.SENDING).update(
        status=DeliveryStatus.PENDING, next_attempt_at=timezone.now(), reason="", attempts=0
    )
    from .tasks import enqueue_senders

    transaction.on_commit(enqueue_senders)


# --- the bell ---------------------------------------------------------------------------------


def notifications_mark_read(*, people, delivery_ids=None) -> int:
    deliveries = Delivery.objects.filter(
        person__in=people, channel=DeliveryChannel.INAPP, read_at=None
    )
    if delivery_ids is not None:
        deliveries = deliveries.filter(pk__in=list(delivery_ids))
    return deliveries.update(read_at=timezone.now())


# --- preferences ------------------------------------------------------------------------------


def idea_mute(*, person: Person, idea) -> None:
    if idea.workspace_id != person.workspace_id:
        raise ValidationError("Unknown idea.")
    IdeaMute.objects.get_or_create(person=person, idea=idea)


def idea_unmute(*, person: Person, idea) -> None:
    IdeaMute.objects.filter(person=person, idea=idea).delete()


def person_set_preferences(
    *, person: Person, email_notifications: bool, workspace_updates_muted: bool
) -> Person:
    person.email_notifications = email_notifications
    person.workspace_updates_muted = workspace_updates_muted
    person.save(update_fields=["email_notifications", "workspace_updates_muted"])
    return person


def person_unsubscribe(*, person: Person) -> Person:
    """One-click unsubscribe (RFC 8058): no more update e-mails from this workspace.

    Magic links and invitations are not updates and keep coming.
    """
    return person_set_preferences(
        person=person, email_notifications=False,
        workspace_updates_muted=person.workspace_updates_muted,
    )  # fmt: skip


# --- webhook endpoints ------------------------------------------------------------------------


def _clean_endpoint(
    *, url: str, event_types: list[str], unchanged_url: str = ""
) -> tuple[str, list[str]]:
    from .channels.webhook.send import refuse_private_url

    url = (url or "").strip()
    errors = {}
    if not url.startswith(("https://", "http://")):
        errors["url"] = "Give a full http(s):// URL."
    elif url != unchanged_url:  # a passing DNS hiccup must not block editing the rest
        try:
            refuse_private_url(url)
        except ValidationError as error:
            errors["url"] = error.messages[0]
    unknown = sorted(set(event_types) - set(WEBHOOK_KINDS))
    if unknown:
        errors["event_types"] = f"Unknown event types: {', '.join(unknown)}."
    if errors:
        raise ValidationError(errors)
    return url, sorted(set(event_types))


def webhook_endpoint_create(
    *, workspace: Workspace, url: str, event_types: list[str], description: str = "",
    created_by: User | None,
) -> WebhookEndpoint:  # fmt: skip
    url, event_types = _clean_endpoint(url=url, event_types=event_types)
    return WebhookEndpoint.objects.create(
        workspace=workspace, url=url, event_types=event_types, description=description[:200],
        created_by=created_by,
    )  # fmt: skip


def webhook_endpoint_update(
    *, endpoint: WebhookEndpoint, url: str, event_types: list[str], description: str = "",
    is_active: bool = True,
) -> WebhookEndpoint:  # fmt: skip
    url, event_types = _clean_endpoint(url=url, event_types=event_types, unchanged_url=endpoint.url)
    endpoint.url, endpoint.event_types, endpoint.description = url, event_types, description[:200]
    if is_active and not endpoint.is_active:
        endpoint.failing_since = None
        endpoint.disabled_reason = ""
    endpoint.is_active = is_active
    endpoint.save()
    return endpoint


def webhook_endpoint_delete(*, endpoint: WebhookEndpoint) -> None:
    endpoint.delete()


@transaction.atomic
def webhook_endpoint_record_outcome(*, endpoint_id: int, ok: bool) -> None:
    """Success clears the failure clock; a day of failures disables the endpoint and tells
    the workspace's admins (the notice itself is an event, in this same transaction)."""
    endpoint = WebhookEndpoint.objects.select_for_update().filter(pk=endpoint_id).first()
    if endpoint is None:
        return
    now = timezone.now()
    if ok:
        if endpoint.failing_since is not None:
            endpoint.failing_since = None
            endpoint.save(update_fields=["failing_since"])
        return
    if endpoint.failing_since is None:
        endpoint.failing_since = now
        endpoint.save(update_fields=["failing_since"])
        return
    disable_after = timedelta(seconds=settings.WEBHOOK_DISABLE_AFTER_SECONDS)
    if endpoint.is_active and now - endpoint.failing_since >= disable_after:
        endpoint.is_active = False
        endpoint.disabled_reason = (
            f"Every delivery failed since {endpoint.failing_since:%Y-%m-%d %H:%M} UTC."
        )
        endpoint.save(update_fields=["is_active", "disabled_reason"])
        _tell_admins_endpoint_disabled(endpoint)


def _tell_admins_endpoint_disabled(endpoint: WebhookEndpoint) -> None:
    from keyloop.accounts.models import Membership, Role
    from keyloop.feedback.actions import person_for_user

    from .events import emit

    admins = [
        membership.user
        for membership in Membership.objects.filter(
            workspace_id=endpoint.workspace_id, role__in=[Role.OWNER, Role.ADMIN]
        ).select_related("user")
    ]
    people = [person_for_user(workspace=endpoint.workspace, user=user) for user in admins]
    emit(
        workspace=endpoint.workspace, kind=Kind.WEBHOOK_DISABLED, people=people,
        payload={"endpoint_id": endpoint.pk, "url": endpoint.url,
                 "reason": endpoint.disabled_reason, "title": endpoint.url,
                 "admin_url": settings.BASE_URL + reverse(
                     "team_webhook", args=[endpoint.workspace.slug, endpoint.pk])},
    )  # fmt: skip
