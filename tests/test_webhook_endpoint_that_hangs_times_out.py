"""An endpoint that never answers costs the sender WEBHOOK_TIMEOUT_SECONDS, not forever: the
try is logged as timed out and the delivery is retried later."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from keyloop.notifications.models import WebhookDelivery

from .webhook_support import endpoint_for, new_idea, running_receiver, sweep


@pytest.fixture
def receiver(settings):
    yield from running_receiver(settings)


def test_a_hanging_endpoint_times_out_and_is_tried_again_later(
    world, receiver, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_TIMEOUT_SECONDS = 1
    settings.WEBHOOK_RETRY_SECONDS = [30, 120]
    endpoint = endpoint_for(world, receiver)
    receiver.will_answer("hang")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            new_idea(world)
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    [attempt] = delivery.log.all()
    assert attempt.response_status is None
    assert "timed out" in attempt.error
    assert "timed out" in delivery.reason
    assert delivery.status == "pending"
    assert delivery.next_attempt_at == start + timedelta(seconds=30)

    with time_machine.travel(start + timedelta(seconds=31), tick=False):
        sweep()  # the endpoint answers this time
    assert len(receiver.received) == 2
    delivery.refresh_from_db()
    assert delivery.status == "sent" and delivery.log.count() == 2
