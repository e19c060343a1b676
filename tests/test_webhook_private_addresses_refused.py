"""Server-side request forgery: unless WEBHOOK_ALLOW_PRIVATE_ADDRESSES is on, an endpoint on a
loopback, private or link-local address (or a name resolving to one) cannot be added, and
nothing is ever sent to one that got into the database some other way."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from keyloop.notifications.models import WebhookDelivery, WebhookEndpoint

from .webhook_support import Receiver, endpoint_for, new_idea


@pytest.fixture
def internal_service(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    server = Receiver().start()
    yield server
    server.stop()


def _urls(service):
    return [
        service.url,  # http://127.0.0.1:<port>/…
        "http://10.0.0.1/hooks",
        f"http://localhost:{service.port}/hooks",  # a name that resolves to loopback
    ]


def test_adding_an_endpoint_on_a_private_address_is_refused_with_a_clear_error(
    world, internal_service
):
    for url in _urls(internal_service):
        with pytest.raises(ValidationError) as refused:
            endpoint_for(world, internal_service, url=url)
        [message] = refused.value.message_dict["url"]
        assert "points at a private or local address" in message, url
        assert "webhooks only go to public addresses" in message
    assert not WebhookEndpoint.objects.exists()


def test_the_team_page_shows_why_the_address_was_refused(world, internal_service):
    admin = world.client_for(world.alice)
    response = admin.post(
        reverse("team_webhooks", args=["acme"]),
        {"url": f"http://localhost:{internal_service.port}/"},
    )
    assert response.status_code == 200
    assert "points at a private or local address" in response.content.decode()
    assert not WebhookEndpoint.objects.exists()


def test_a_delivery_to_a_private_address_fails_without_any_request(
    world, internal_service, django_capture_on_commit_callbacks
):
    for url in _urls(internal_service)[::2]:  # the ones that would reach the service
        WebhookEndpoint.objects.create(workspace=world.acme, url=url)
    with django_capture_on_commit_callbacks(execute=True):
        new_idea(world)

    assert internal_service.received == []
    deliveries = WebhookDelivery.objects.all()
    assert len(deliveries) == 2
    for delivery in deliveries:
        assert delivery.status != "sent"
        assert "points at a private or local address" in delivery.reason
        [attempt] = delivery.log.all()
        assert attempt.response_status is None and attempt.request_body


def test_with_the_setting_on_a_local_endpoint_is_added_and_receives_events(
    world, internal_service, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True  # a self-hosted install, a test rig
    endpoint_for(world, internal_service)
    with django_capture_on_commit_callbacks(execute=True):
        new_idea(world)
    assert len(internal_service.received) == 1
