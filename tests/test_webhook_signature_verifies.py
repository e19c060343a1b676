"""A receiver that follows the Standard Webhooks spec verifies every request with the
endpoint's secret; a body changed on the way, or another secret, fails verification."""

import json

import pytest

from keyloop.notifications.models import WebhookDelivery

from .webhook_support import endpoint_for, new_idea, running_receiver, verify


@pytest.fixture
def receiver(settings):
    yield from running_receiver(settings)


def test_the_receiver_verifies_the_signature_with_the_endpoints_secret(
    world, receiver, django_capture_on_commit_callbacks
):
    endpoint = endpoint_for(world, receiver)
    with django_capture_on_commit_callbacks(execute=True):
        idea = new_idea(world, title="Dark mode")

    [request] = receiver.received
    assert request.headers["content-type"] == "application/json"
    assert request.headers["webhook-signature"].startswith("v1,")
    assert verify(secret=endpoint.secret, headers=request.headers, body=request.body)
    payload = request.json()
    assert payload["type"] == "idea.created"
    assert payload["data"]["idea_id"] == idea.pk
    assert payload["data"]["title"] == "Dark mode"
    assert payload["data"]["workspace"] == "acme"
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    assert request.headers["webhook-id"] == f"msg_{delivery.event_id}"
    assert delivery.status == "sent"


def test_a_tampered_body_or_another_secret_fails_verification(
    world, receiver, django_capture_on_commit_callbacks
):
    endpoint = endpoint_for(world, receiver)
    with django_capture_on_commit_callbacks(execute=True):
        new_idea(world, title="Dark mode")
    [request] = receiver.received

    tampered = json.loads(request.body)
    tampered["data"]["title"] = "Light mode"
    tampered_body = json.dumps(tampered, separators=(",", ":")).encode()
    assert not verify(secret=endpoint.secret, headers=request.headers, body=tampered_body)
    assert not verify(secret=endpoint.secret, headers=request.headers, body=request.body + b" ")
    other_id = {**request.headers, "webhook-id": "msg_999999"}
    assert not verify(secret=endpoint.secret, headers=other_id, body=request.body)
    other = endpoint_for(world, receiver, url=receiver.url + "?other")
    assert other.secret != endpoint.secret
    assert not verify(secret=other.secret, headers=request.headers, body=request.body)
