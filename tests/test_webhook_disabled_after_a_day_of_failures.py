"""An endpoint that has failed for more than a day is disabled: its waiting deliveries end as
failed, nothing more is sent to it, and the workspace's admins are told in the portal and by
e-mail (through a real SMTP server)."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from keyloop.accounts.models import Membership, Person, Role, User
from keyloop.feedback import actions as feedback
from keyloop.notifications.models import Delivery, WebhookDelivery

from .conftest import body_of
from .webhook_support import endpoint_for, new_idea, running_receiver, sweep


@pytest.fixture
def receiver(settings):
    yield from running_receiver(settings)


def test_an_endpoint_failing_for_a_day_is_disabled_and_the_admins_are_told(
    world, receiver, settings, smtp_server, django_capture_on_commit_callbacks
):
    settings.BASE_URL = "http://testserver"
    settings.WEBHOOK_RETRY_SECONDS = [25 * 3600]  # the first retry waits past the day
    settings.WEBHOOK_DISABLE_AFTER_SECONDS = 24 * 3600
    admin = User.objects.create_user("ada@acme.test", "pw", name="Ada Admin")
    Membership.objects.create(workspace=world.acme, user=admin, role=Role.ADMIN)
    endpoint = endpoint_for(world, receiver)
    receiver.otherwise = 500
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            idea = new_idea(world, title="Dark mode")
    waiting = WebhookDelivery.objects.get(endpoint=endpoint)
    assert waiting.status == "pending"  # its retry is due in 25 hours

    # A day and a minute later two votes arrive together; the first fails and the clock
    # has run out: the endpoint is disabled and the second is not even sent.
    with time_machine.travel(start + timedelta(hours=24, minutes=1), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            feedback.vote_add(idea=idea, person=world.dana)
            feedback.vote_add(idea=idea, person=world.eve)
    assert len(receiver.received) == 2  # the idea at the start, the first vote now
    endpoint.refresh_from_db()
    assert endpoint.is_active is False
    assert "Every delivery failed since" in endpoint.disabled_reason
    states = dict(WebhookDelivery.objects.values_list("event__kind", "status").distinct())
    assert set(states.values()) == {"failed"}
    waiting.refresh_from_db()
    assert waiting.reason == "The endpoint is disabled."

    # The admins (owner and admin, not the plain member) hear about it, once.
    [alice_mail] = [m for m in smtp_server.wait_for(2) if m["To"] == "alice@acme.test"]
    assert sorted(m["To"] for m in smtp_server.messages) == ["ada@acme.test", "alice@acme.test"]
    assert alice_mail["Subject"] == f"[Acme] Webhook disabled: {endpoint.url}"
    text = body_of(alice_mail)
    assert endpoint.disabled_reason in text
    assert f"http://testserver/acme/admin/webhooks/{endpoint.pk}/" in text
    bell = Delivery.objects.filter(event__kind="webhook.disabled", channel="inapp")
    assert sorted(d.person.email for d in bell) == ["ada@acme.test", "alice@acme.test"]
    assert all(d.status == "sent" for d in bell)
    bob_person = Person.objects.filter(workspace=world.acme, user=world.bob).first()
    assert bob_person is None or not bob_person.deliveries.exists()

    # The page says so; later events and sweeps send nothing more.
    page = world.client_for(world.alice).get(reverse("team_webhook", args=["acme", endpoint.pk]))
    assert "Disabled" in page.content.decode()
    with time_machine.travel(start + timedelta(hours=30), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            feedback.vote_add(idea=idea, person=world.dana, importance="critical")
            new_idea(world, title="Offline mode")
        sweep()
    assert len(receiver.received) == 2
