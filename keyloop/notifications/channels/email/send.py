"""The e-mail sender: claim a batch, send it over one SMTP connection, mark each as it goes.

Each delivery is marked sent right after the server accepted it, so a worker killed with
SIGKILL can re-send at most the one message between "accepted" and "marked". The rest of
its claimed batch waits out the lease and is claimed again by the next worker.
"""

import logging
import smtplib
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.core.mail import mailers

from keyloop.notifications.actions import (
    backoff,
    deliveries_claim,
    deliveries_renew,
    delivery_mark_failed,
    delivery_mark_sent,
)
from keyloop.notifications.models import Delivery, DeliveryChannel

logger = logging.getLogger(__name__)


def _smtp_code_reason(error) -> tuple[int, str]:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        code, message = next(iter(error.recipients.values()))
    elif isinstance(error, smtplib.SMTPResponseException):
        code, message = error.smtp_code, error.smtp_error
    else:
        return 0, str(error) or type(error).__name__
    if isinstance(message, bytes):
        message = message.decode("utf-8", "replace")
    return code, f"{code} {message}"


def _retry_in(delivery):
    """The wait before this e-mail's next try; None once its retries are used up."""
    return backoff(attempts=delivery.attempts, schedule=settings.NOTIFICATIONS_EMAIL_RETRY_SECONDS)


class ServerUnavailable(Exception):
    """The SMTP server is down, refused the connection or dropped it: retry the whole batch."""


def _send_one(connection, delivery, ideas_by_id) -> bool:
    from .message import build_message

    try:
        message = build_message(delivery, ideas_by_id)
    except Exception as error:  # noqa: BLE001 - a bad template must not stall the batch
        logger.exception("notification e-mail %s could not be built", delivery.pk)
        delivery_mark_failed(
            model=Delivery, delivery_id=delivery.pk,
            reason=f"Could not write the e-mail: {type(error).__name__}: {error}", retry_in=None,
        )  # fmt: skip
        return False
    try:
        sent = connection.send_messages([message])
    except (
        smtplib.SMTPRecipientsRefused,
        smtplib.SMTPSenderRefused,
        smtplib.SMTPDataError,
    ) as error:
        code, reason = _smtp_code_reason(error)
        permanent = 500 <= code < 600
        retry_in = None if permanent else _retry_in(delivery)
        prefix = "Rejected by the mail server" if permanent else "Mail server said try later"
        delivery_mark_failed(
            model=Delivery, delivery_id=delivery.pk, reason=f"{prefix}: {reason}", retry_in=retry_in
        )
        return False
    except (TimeoutError, smtplib.SMTPException, OSError) as error:
        raise ServerUnavailable(_smtp_code_reason(error)[1]) from error
    if sent:
        delivery_mark_sent(model=Delivery, delivery_id=delivery.pk)
    return bool(sent)


def _ideas_of(deliveries) -> dict:
    from keyloop.feedback.models import Idea

    wanted = {idea_id for delivery in deliveries for idea_id in delivery.ideas}
    return {idea.pk: idea for idea in Idea.objects.filter(pk__in=wanted).select_related("status")}


def emails_send_due(*, batch: int | None = None, limit: int | None = None) -> int:
    """Send every due e-mail delivery (this worker's share); returns how many were sent."""
    batch = batch or settings.NOTIFICATIONS_BATCH
    lease = timedelta(seconds=settings.NOTIFICATIONS_LEASE_SECONDS)
    sent = 0
    while limit is None or sent < limit:
        ids = deliveries_claim(
            model=Delivery, batch=batch, lease=lease, channel=DeliveryChannel.EMAIL
        )
        if not ids:
            return sent
        deliveries = list(
            Delivery.objects.filter(pk__in=ids)
            .select_related("person", "event__workspace", "event__idea__status",
                            "event__changelog_entry")
            .order_by("id")
        )  # fmt: skip
        ideas_by_id = _ideas_of(deliveries)
        connection = mailers.default
        tried = 0
        renewed = time.monotonic()
        try:
            connection.open()
            for delivery in deliveries:
                sent += _send_one(connection, delivery, ideas_by_id)
                tried += 1
                if time.monotonic() - renewed > lease.total_seconds() / 3:
                    deliveries_renew(
                        model=Delivery, delivery_ids=[d.pk for d in deliveries[tried:]],
                        lease=lease,
                    )  # fmt: skip
                    renewed = time.monotonic()
        except (ServerUnavailable, smtplib.SMTPException, OSError) as error:
            # The server is down or went away (or opening the connection failed): this one
            # and the rest of the batch were not sent, and all come back later.
            if isinstance(error, ServerUnavailable):
                reason = str(error)
            else:
                reason = _smtp_code_reason(error)[1]
            for delivery in deliveries[tried:]:
                delivery_mark_failed(
                    model=Delivery, delivery_id=delivery.pk,
                    reason=f"Mail server unavailable: {reason}", retry_in=_retry_in(delivery),
                )  # fmt: skip
            return sent
        finally:
            try:
                connection.close()
            except Exception:  # noqa: BLE001 - closing a dead connection may fail, harmlessly
                pass
    return sent


def emails_send_due_in_threads(*, connections_count: int | None = None) -> int:
    """emails_send_due over several SMTP connections at once: a worker mostly waits for the
    relay's answers, so a few connections multiply what one worker sends. Claims never
    overlap, so the threads cannot send anything twice. Each thread closes its own database
    connection when done."""
    from django.db import connections

    count = connections_count or settings.NOTIFICATIONS_EMAIL_CONNECTIONS
    if count <= 1:
        return emails_send_due()
    totals = []

    def run():
        try:
            totals.append(emails_send_due())
        except Exception:  # noqa: BLE001 - one thread's failure leaves its claims to the lease
            logger.exception("an e-mail sender thread failed")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, name=f"emails-{n}") for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(totals)
