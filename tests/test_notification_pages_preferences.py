"""The settings page every notification e-mail links to: mute this idea, all of this
workspace's updates, or only the e-mails. Each choice is saved, shown when the page is opened
again, and applied to the next status change."""

import re

import pytest
from django.urls import reverse

from keyloop.feedback import actions as feedback
from keyloop.feedback.models import Status
from keyloop.notifications.models import Delivery
from keyloop.notifications.unsubscribe import unsubscribe_token

ALL_ON = {"idea_updates": "on", "workspace_updates": "on", "email_updates": "on"}


@pytest.fixture
def ideas(world):
    """Eve voted for two ideas."""
    board = world.acme.boards.get(slug="feature-requests")
    dark = feedback.idea_create(board=board, title="Dark mode", author=None)
    gantt = feedback.idea_create(board=board, title="Gantt charts", author=None)
    for idea in (dark, gantt):
        feedback.vote_add(idea=idea, person=world.eve)
    return dark, gantt


def _url(world, idea=None) -> str:
    url = reverse("notification_preferences", args=["acme", unsubscribe_token(world.eve)])
    return f"{url}?idea={idea.pk}" if idea else url


def _boxes(html: str) -> dict[str, bool]:
    """Each checkbox of the form: ticked or not."""
    return {
        name: "checked" in tag
        for tag in re.findall(r'<input type="checkbox"[^>]*>', html)
        for name in re.findall(r'name="(\w+)"', tag)
    }


def _save(client, url, **choices) -> str:
    data = {name: "on" for name, on in {**dict.fromkeys(ALL_ON, True), **choices}.items() if on}
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Your notification settings are saved." in html
    return html


def _ship(world, idea, capture) -> dict[str, tuple[str, str]]:
    """Ship `idea`; Eve's deliveries by channel: (status, reason)."""
    shipped = Status.objects.get(workspace=world.acme, name="Shipped")
    with capture(execute=True):
        feedback.idea_change_status(idea=idea, status=shipped, actor_user=world.alice)
    return {
        delivery.channel: (delivery.status, delivery.reason)
        for delivery in Delivery.objects.filter(person=world.eve, event__idea=idea)
    }


def test_the_page_shows_every_choice_on_for_someone_who_changed_nothing(world, ideas, client):
    dark, _ = ideas
    response = client.get(_url(world, dark))
    assert response.status_code == 200
    html = response.content.decode()
    assert _boxes(html) == dict.fromkeys(ALL_ON, True)
    assert "For <strong>eve@example.test</strong>" in html
    assert "“Dark mode”" in html
    # Without an idea there is nothing to mute but the workspace and the e-mails.
    assert set(_boxes(client.get(_url(world)).content.decode())) == {
        "workspace_updates", "email_updates",
    }  # fmt: skip


def test_muting_this_idea_silences_it_and_only_it(
    world, ideas, client, mailoutbox, django_capture_on_commit_callbacks
):
    dark, gantt = ideas
    html = _save(client, _url(world, dark), idea_updates=False)
    assert _boxes(html) == {**dict.fromkeys(ALL_ON, True), "idea_updates": False}

    told = _ship(world, dark, django_capture_on_commit_callbacks)
    assert told == {
        "email": ("suppressed", "Muted this idea."), "inapp": ("suppressed", "Muted this idea."),
    }  # fmt: skip
    told = _ship(world, gantt, django_capture_on_commit_callbacks)
    assert told == {"email": ("sent", ""), "inapp": ("sent", "")}
    assert [message.subject for message in mailoutbox] == ["[Acme] “Gantt charts” is now Shipped"]


def test_muting_the_workspace_silences_every_idea_in_the_portal_too(
    world, ideas, client, mailoutbox, django_capture_on_commit_callbacks
):
    dark, gantt = ideas
    html = _save(client, _url(world), workspace_updates=False)
    assert _boxes(html) == {"workspace_updates": False, "email_updates": True}

    for idea in ideas:
        told = _ship(world, idea, django_capture_on_commit_callbacks)
        reason = "Muted all updates of this workspace."
        assert told == {"email": ("suppressed", reason), "inapp": ("suppressed", reason)}
    assert mailoutbox == []


def test_turning_off_emails_keeps_the_portal_and_login_links(
    world, ideas, client, mailoutbox, django_capture_on_commit_callbacks
):
    dark, _ = ideas
    html = _save(client, _url(world, dark), email_updates=False)
    assert _boxes(html) == {**dict.fromkeys(ALL_ON, True), "email_updates": False}

    told = _ship(world, dark, django_capture_on_commit_callbacks)
    assert told == {"email": ("suppressed", "Unsubscribed from e-mail."), "inapp": ("sent", "")}
    assert mailoutbox == []

    # A login link is not an update: it still comes.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("portal_login", args=["acme"]), {"email": "eve@example.test"})
    [message] = mailoutbox
    assert message.to == ["eve@example.test"] and "/acme/login/" in message.body


def test_turning_everything_back_on_tells_again(
    world, ideas, client, mailoutbox, django_capture_on_commit_callbacks
):
    dark, _ = ideas
    _save(client, _url(world, dark), idea_updates=False, workspace_updates=False,
          email_updates=False)  # fmt: skip
    html = _save(client, _url(world, dark))
    assert _boxes(html) == dict.fromkeys(ALL_ON, True)

    told = _ship(world, dark, django_capture_on_commit_callbacks)
    assert told == {"email": ("sent", ""), "inapp": ("sent", "")}
    assert len(mailoutbox) == 1


def test_an_idea_of_another_workspace_is_not_found(world, client):
    board = world.globex.boards.first()
    secret = feedback.idea_create(board=board, title="Globex secret", author=None)
    response = client.get(_url(world, secret))
    assert response.status_code == 404
