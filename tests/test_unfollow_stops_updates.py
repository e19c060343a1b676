"""Unfollowing an idea means hearing no more about it, even for someone who voted or
commented (they follow by default). The portal's Follow button and the "updates about this
idea" box of the e-mail settings page are one choice, shown the same in both places."""

import re

import pytest
from django.urls import reverse

from keyloop.feedback import actions as feedback
from keyloop.feedback.models import Status
from keyloop.notifications.models import Delivery
from keyloop.notifications.unsubscribe import unsubscribe_token

from .portal_support import idea_on, log_in_customer

SUPPRESSED = ("suppressed", "Muted this idea.")


@pytest.fixture
def idea(world, client):
    """Eve voted for Dark mode and is logged in to the portal."""
    idea = idea_on(world, title="Dark mode")
    feedback.vote_add(idea=idea, person=world.eve)
    log_in_customer(client, world.eve)
    return idea


def _post(client, idea, verb):
    response = client.post(reverse(f"idea_{verb}", args=["acme", idea.pk]))
    assert response.status_code == 302


def _button(client, idea) -> str:
    """The follow control Eve sees on the idea's page."""
    html = client.get(reverse("idea", args=["acme", idea.pk])).content.decode()
    unfollow = reverse("idea_unfollow", args=["acme", idea.pk])
    follow = reverse("idea_follow", args=["acme", idea.pk])
    assert (unfollow in html) != (follow in html)
    return "Unfollow" if unfollow in html else "Follow"


def _shipped_tells_eve(world, idea, capture) -> set[tuple[str, str]]:
    shipped = Status.objects.get(workspace=world.acme, name="Shipped")
    with capture(execute=True):
        feedback.idea_change_status(idea=idea, status=shipped, actor_user=world.alice)
    deliveries = Delivery.objects.filter(person=world.eve, event__idea=idea)
    return {(delivery.status, delivery.reason) for delivery in deliveries}


def test_a_voter_who_unfollows_is_not_told_when_it_ships(
    world, idea, client, mailoutbox, django_capture_on_commit_callbacks
):
    assert _button(client, idea) == "Unfollow"  # voting followed it
    _post(client, idea, "unfollow")
    assert _button(client, idea) == "Follow"

    assert _shipped_tells_eve(world, idea, django_capture_on_commit_callbacks) == {SUPPRESSED}
    assert mailoutbox == []


def test_following_again_brings_the_updates_back(
    world, idea, client, mailoutbox, django_capture_on_commit_callbacks
):
    _post(client, idea, "unfollow")
    _post(client, idea, "follow")
    assert _button(client, idea) == "Unfollow"

    assert _shipped_tells_eve(world, idea, django_capture_on_commit_callbacks) == {("sent", "")}
    assert [message.to for message in mailoutbox] == [["eve@example.test"]]


def test_voting_or_commenting_again_does_not_undo_an_unfollow(
    world, idea, client, django_capture_on_commit_callbacks
):
    _post(client, idea, "unfollow")
    feedback.vote_remove(idea=idea, person=world.eve)
    client.post(reverse("idea_vote", args=["acme", idea.pk]))
    client.post(reverse("idea_comment", args=["acme", idea.pk]), {"body": "Still want it"})
    assert idea.votes.filter(person=world.eve).exists()
    assert idea.comments.filter(author=world.eve).exists()
    assert _button(client, idea) == "Follow"

    assert _shipped_tells_eve(world, idea, django_capture_on_commit_callbacks) == {SUPPRESSED}


def test_the_email_settings_page_and_the_follow_button_are_one_choice(world, idea, client):
    settings_page = reverse("notification_preferences", args=["acme", unsubscribe_token(world.eve)])
    settings_page += f"?idea={idea.pk}"
    on = {"workspace_updates": "on", "email_updates": "on"}

    client.post(settings_page, on)  # "updates about this idea" unticked
    assert _button(client, idea) == "Follow"
    client.post(settings_page, {**on, "idea_updates": "on"})
    assert _button(client, idea) == "Unfollow"

    _post(client, idea, "unfollow")
    html = client.get(settings_page).content.decode()
    [box] = re.findall(r'<input type="checkbox"[^>]*name="idea_updates"[^>]*>', html)
    assert "checked" not in box
