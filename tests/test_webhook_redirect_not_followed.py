"""A webhook endpoint that redirects (to a private address, say) does not get the request
forwarded there: the 3xx is a failed try, logged with its status, and retried later."""

import pytest

from keyloop.notifications.models import WebhookDelivery

from .webhook_support import Receiver, endpoint_for, new_idea, running_receiver


@pytest.fixture
def receiver(settings):
    yield from running_receiver(settings)


@pytest.fixture
def internal_service():
    """Something on the private network that must never see a webhook."""
    server = Receiver().start()
    yield server
    server.stop()


def test_a_redirect_to_a_private_address_is_a_failure_and_is_not_followed(
    world, receiver, internal_service, django_capture_on_commit_callbacks
):
    endpoint = endpoint_for(world, receiver)
    receiver.will_answer(302, location=internal_service.url)
    with django_capture_on_commit_callbacks(execute=True):
        new_idea(world)

    assert len(receiver.received) == 1
    assert internal_service.received == []
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    assert delivery.status == "pending"  # retried later, like any failure
    assert delivery.reason == "HTTP 302: redirects are not followed."
    [attempt] = delivery.log.all()
    assert attempt.response_status == 302
    endpoint.refresh_from_db()
    assert endpoint.failing_since is not None
