"""Background work of notifications: fan-out, the senders, and the sweep that heals crashes.

A change commits its event; after commit `enqueue_fan_out` queues `events_fan_out`, which
writes the delivery rows and queues the senders. If the process dies between commit and
enqueue, or a worker dies mid-batch, the sweep (every NOTIFICATIONS_SWEEP_SECONDS while
work is outstanding, and at every worker start) finds the event or the expired claim.
"""

from datetime import timedelta

from django.conf import settings
from django.tasks import task

from keyloop.lib.tasks import enqueue_unless_waiting, enqueue_up_to


def enqueue_fan_out() -> None:
    enqueue_unless_waiting(events_fan_out)


def enqueue_senders() -> None:
    """Queue the senders if anything is due now (a retry due later waits for the sweep)."""
    from django.utils import timezone

    from .actions import due
    from .models import Delivery, DeliveryChannel, WebhookDelivery

    now = timezone.now()
    if Delivery.objects.filter(due(now), channel=DeliveryChannel.EMAIL).exists():
        enqueue_up_to(emails_send, settings.NOTIFICATIONS_SENDERS)
    if WebhookDelivery.objects.filter(due(now)).exists():
        enqueue_up_to(webhooks_send, 1)


def schedule_sweep() -> None:
    """The next sweep: in NOTIFICATIONS_SWEEP_SECONDS, or sooner when a claim runs out
    before that (a killed worker's batch is then sent again without waiting a full period)."""
    from django.db.models import Min
    from django.utils import timezone

    from .models import Delivery, DeliveryStatus

    delay = timedelta(seconds=settings.NOTIFICATIONS_SWEEP_SECONDS)
    expires = Delivery.objects.filter(status=DeliveryStatus.SENDING).aggregate(
        first=Min("claimed_until")
    )["first"]
    if expires is not None:
        delay = max(
            timedelta(seconds=1), min(delay, expires - timezone.now() + timedelta(seconds=1))
        )
    enqueue_unless_waiting(notifications_sweep, delay=delay)


@task()
def events_fan_out() -> int:
    """Fan out every event not yet fanned out, oldest first; then start the senders."""
    from .actions import event_fan_out
    from .models import Event

    done = 0
    for event_id in (
        Event.objects.filter(fanned_out_at=None).order_by("id").values_list("id", flat=True)
    ):
        done += event_fan_out(event_id=event_id)
    enqueue_senders()
    schedule_sweep()
    return done


@task()
def emails_send() -> int:
    from .channels.email.send import emails_send_due_in_threads

    return emails_send_due_in_threads()


@task()
def webhooks_send() -> int:
    from .channels.webhook.send import webhooks_send_due

    return webhooks_send_due()


@task()
def notifications_sweep() -> dict:
    """Heal and retry: stranded events, expired claims, retries now due. Reschedules itself
    while anything is outstanding (a retry hours away keeps one small run a minute waiting)."""
    from .models import Delivery, DeliveryStatus, Event, WebhookDelivery

    events_fan_out.call()  # also queues the senders when deliveries are due
    outstanding = [DeliveryStatus.PENDING, DeliveryStatus.SENDING]
    pending = (
        Event.objects.filter(fanned_out_at=None).exists()
        or Delivery.objects.filter(status__in=outstanding).exists()
        or WebhookDelivery.objects.filter(status__in=outstanding).exists()
    )
    if pending:
        schedule_sweep()
    return {"outstanding": pending}


@task()
def team_digests_send() -> int:
    from .digest import team_digests_send_due

    sent = team_digests_send_due()
    enqueue_unless_waiting(team_digests_send, delay=timedelta(hours=1))
    return sent
