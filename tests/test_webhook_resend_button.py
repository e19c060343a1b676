"""The "Resend" button of an endpoint's delivery log sends that delivery again, with the
same webhook-id, whether it went out or ended as failed; a plain member cannot press it."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from keyloop.notifications.models import WebhookDelivery

from .webhook_support import endpoint_for, new_idea, running_receiver, sweep, verify


@pytest.fixture
def receiver(settings):
    yield from running_receiver(settings)


def _resend_url(endpoint, delivery):
    return reverse("team_webhook_resend", args=["acme", endpoint.pk, delivery.pk])


def test_resend_sends_a_delivered_event_again(world, receiver, django_capture_on_commit_callbacks):
    endpoint = endpoint_for(world, receiver)
    with django_capture_on_commit_callbacks(execute=True):
        new_idea(world, title="Dark mode")
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    admin = world.client_for(world.alice)
    page = admin.get(reverse("team_webhook", args=["acme", endpoint.pk])).content.decode()
    assert _resend_url(endpoint, delivery) in page  # the button is there

    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(_resend_url(endpoint, delivery), follow=True)
    assert "will be sent again" in response.content.decode()
    first, again = receiver.received
    assert again.headers["webhook-id"] == first.headers["webhook-id"]
    assert again.json() == first.json()
    assert verify(secret=endpoint.secret, headers=again.headers, body=again.body)
    delivery.refresh_from_db()
    assert delivery.status == "sent" and delivery.log.count() == 2


def test_resend_gives_a_failed_delivery_a_new_round_of_tries(
    world, receiver, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_RETRY_SECONDS = [30]
    endpoint = endpoint_for(world, receiver)
    receiver.will_answer(500, 500)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            new_idea(world)
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    with time_machine.travel(start + timedelta(seconds=31), tick=False):
        sweep()
    delivery.refresh_from_db()
    assert delivery.status == "failed"

    with django_capture_on_commit_callbacks(execute=True):
        world.client_for(world.alice).post(_resend_url(endpoint, delivery))
    assert len(receiver.received) == 3  # fixed now: the receiver answers 200
    delivery.refresh_from_db()
    assert delivery.status == "sent" and delivery.reason == ""


def test_a_plain_member_cannot_resend(world, receiver, django_capture_on_commit_callbacks):
    endpoint = endpoint_for(world, receiver)
    with django_capture_on_commit_callbacks(execute=True):
        new_idea(world)
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    with django_capture_on_commit_callbacks(execute=True):
        response = world.client_for(world.bob).post(_resend_url(endpoint, delivery))
    assert response.status_code == 404
    assert len(receiver.received) == 1
