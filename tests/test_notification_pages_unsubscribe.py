"""The unsubscribe link of every notification e-mail: opening it (a person, or a mail
scanner following links) only asks; the button — or a mail client's one-click POST —
unsubscribes from update e-mails, while the portal keeps showing them."""

import pytest
from django.test import Client
from django.urls import reverse

from keyloop.feedback import actions as feedback
from keyloop.feedback.models import Status
from keyloop.notifications.models import Delivery
from keyloop.notifications.unsubscribe import unsubscribe_token


@pytest.fixture
def idea(world):
    board = world.acme.boards.get(slug="feature-requests")
    idea = feedback.idea_create(board=board, title="Dark mode", author=None)
    feedback.vote_add(idea=idea, person=world.eve)
    return idea


def _url(world) -> str:
    return reverse("notification_unsubscribe", args=["acme", unsubscribe_token(world.eve)])


def test_opening_the_link_asks_and_changes_nothing(world, idea, client):
    for _ in range(3):  # a scanner may open it several times
        response = client.get(_url(world))
        assert response.status_code == 200
        html = response.content.decode()
        assert "Unsubscribe from Acme updates?" in html
        assert "<strong>eve@example.test</strong> will get no more e-mails" in html
    world.eve.refresh_from_db()
    assert world.eve.email_notifications is True


def test_the_button_unsubscribes_from_emails_but_not_from_the_portal(
    world, idea, client, mailoutbox, django_capture_on_commit_callbacks
):
    response = client.post(_url(world))
    assert response.status_code == 200
    html = response.content.decode()
    assert "You are unsubscribed" in html
    assert "Changed your mind?" in html
    world.eve.refresh_from_db()
    assert world.eve.email_notifications is False
    assert world.eve.workspace_updates_muted is False

    shipped = Status.objects.get(workspace=world.acme, name="Shipped")
    with django_capture_on_commit_callbacks(execute=True):
        feedback.idea_change_status(idea=idea, status=shipped, actor_user=world.alice)
    assert mailoutbox == []
    told = dict(Delivery.objects.filter(person=world.eve).values_list("channel", "status"))
    assert told == {"email": "suppressed", "inapp": "sent"}


def test_a_mail_clients_one_click_post_needs_no_session_or_csrf_token(world, idea):
    mail_client = Client(enforce_csrf_checks=True)
    response = mail_client.post(
        _url(world), "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )  # fmt: skip
    assert response.status_code == 200
    world.eve.refresh_from_db()
    assert world.eve.email_notifications is False
    # Twice is the same as once.
    assert mail_client.post(_url(world)).status_code == 200
    world.eve.refresh_from_db()
    assert world.eve.email_notifications is False


def test_unsubscribing_leaves_other_people_and_mutes_alone(world, idea, client):
    client.post(_url(world))
    world.dana.refresh_from_db()
    assert world.dana.email_notifications is True
    world.eve.refresh_from_db()
    assert not world.eve.idea_mutes.exists()
