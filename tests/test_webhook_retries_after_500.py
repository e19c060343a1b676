"""A receiver that answers 500 gets the event again after the backoff, with the same
webhook-id and a fresh valid signature; the delivery log shows both tries."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from keyloop.notifications.models import WebhookDelivery

from .api_client import api_for
from .webhook_support import endpoint_for, new_idea, running_receiver, sweep, verify


@pytest.fixture
def receiver(settings):
    yield from running_receiver(settings)


def test_a_500_is_retried_after_the_backoff_with_the_same_webhook_id(
    world, receiver, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_RETRY_SECONDS = [30, 120, 600]
    endpoint = endpoint_for(world, receiver)
    receiver.will_answer(500)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            new_idea(world, title="Dark mode")
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    assert delivery.status == "pending" and delivery.reason == "HTTP 500."
    assert delivery.next_attempt_at == start + timedelta(seconds=30)

    with time_machine.travel(start + timedelta(seconds=20), tick=False):
        sweep()  # not due yet: nothing is sent
    assert len(receiver.received) == 1

    with time_machine.travel(start + timedelta(seconds=31), tick=False):
        sweep()
    first, retry = receiver.received
    assert retry.headers["webhook-id"] == first.headers["webhook-id"]
    assert retry.body == first.body
    assert int(retry.headers["webhook-timestamp"]) == int(first.headers["webhook-timestamp"]) + 31
    with time_machine.travel(start + timedelta(seconds=31), tick=False):
        assert verify(secret=endpoint.secret, headers=retry.headers, body=retry.body)
    delivery.refresh_from_db()
    assert delivery.status == "sent" and delivery.attempts == 2
    endpoint.refresh_from_db()
    assert endpoint.failing_since is None  # the success stopped the failure clock

    # The log: both tries, their answers and times (API), the last one on the page.
    log = api_for(world.acme).get(f"/webhooks/{endpoint.pk}/deliveries").json()["items"]
    [entry] = log
    assert entry["status"] == "sent"
    tries = [(t["response_status"], t["at"]) for t in entry["attempts"]]
    assert [status for status, _ in tries] == [200, 500]
    assert tries[0][1].startswith((start + timedelta(seconds=31)).strftime("%Y-%m-%dT%H:%M:%S"))
    assert tries[1][1].startswith(start.strftime("%Y-%m-%dT%H:%M:%S"))
    page = world.client_for(world.alice).get(reverse("team_webhook", args=["acme", endpoint.pk]))
    assert "HTTP 200" in page.content.decode()


def test_after_the_last_retry_the_delivery_ends_failed_with_the_reason(
    world, receiver, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_RETRY_SECONDS = [30, 120]
    endpoint = endpoint_for(world, receiver)
    receiver.will_answer(500, 503, 502)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            new_idea(world)
    for later in (31, 152, 400):
        with time_machine.travel(start + timedelta(seconds=later), tick=False):
            sweep()
    assert len(receiver.received) == 3
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    assert delivery.status == "failed" and delivery.reason == "HTTP 502."
    assert delivery.log.count() == 3
