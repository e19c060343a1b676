"""Before changing a status the team member sees how many people will be told, by which
channel, why the others will not be, and the e-mail they will get — which carries no working
unsubscribe link of a real customer (the team must not be able to unsubscribe people)."""

import re
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from keyloop.accounts.models import Person
from keyloop.feedback import actions as feedback
from keyloop.feedback.actions import person_for_user
from keyloop.feedback.models import Status
from keyloop.notifications import actions as notifications


@pytest.fixture
def idea(world):
    """Dana wrote it; Eve voted; Fay follows but unsubscribed from e-mail; Gus came through
    SSO with no address; Hal muted it; Alice (who will change it) voted too."""
    board = world.acme.boards.get(slug="feature-requests")
    idea = feedback.idea_create(board=board, title="Dark mode", author=world.dana)
    feedback.vote_add(idea=idea, person=world.eve)
    fay = Person.objects.create(workspace=world.acme, email="fay@example.test", name="Fay")
    feedback.subscription_add(idea=idea, person=fay)
    notifications.person_unsubscribe(person=fay)
    gus = Person.objects.create(workspace=world.acme, email="", external_id="u_gus", name="Gus")
    feedback.vote_add(idea=idea, person=gus)
    hal = Person.objects.create(workspace=world.acme, email="hal@example.test", name="Hal")
    feedback.vote_add(idea=idea, person=hal)
    notifications.idea_mute(person=hal, idea=idea)
    feedback.vote_add(idea=idea, person=person_for_user(workspace=world.acme, user=world.alice))
    return idea


def _preview(world, idea, **query) -> str:
    url = reverse("team_idea_notify_preview", args=["acme", idea.pk])
    response = world.client_for(world.alice).get(url, query, headers={"HX-Request": "true"})
    assert response.status_code == 200
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_preview_counts_each_person_told_and_says_why_the_others_are_not(world, idea):
    shipped = Status.objects.get(workspace=world.acme, name="Shipped")
    html = _preview(world, idea, status=shipped.pk)
    # Dana, Eve, Fay and Gus are told; Hal muted it; Alice makes the change herself.
    assert '<strong data-testid="notify-count">4 people</strong>' in html
    assert "will be notified that it is now Shipped" in html
    assert "2 by e-mail, 4 in the portal" in html
    assert "Not told: 1 muted this idea." in html
    assert "Not by e-mail: 1 unsubscribed, 1 without an address." in html
    assert "made the change" not in html.lower()  # Alice is not "muted or unsubscribed"


def test_the_sample_email_has_the_comment_but_no_working_unsubscribe_link(world, idea, client):
    shipped = Status.objects.get(workspace=world.acme, name="Shipped")
    html = _preview(world, idea, status=shipped.pk, comment="Out now: Settings → Dark.")
    assert "Preview the e-mail" in html
    assert "“Dark mode” is now Shipped" in html
    assert "Out now: Settings → Dark." in html
    links = re.findall(
        r"https?://\S+/acme/notifications/(?:unsubscribe|preferences)/[^/\s]+/", html
    )
    assert links, html
    for link in links:
        response = client.post(urlsplit(link).path, {"email_updates": ""})
        assert response.status_code == 400  # "This link is not valid"
    for person in Person.objects.filter(workspace=world.acme):
        assert person.email_notifications is (person.email != "fay@example.test")


def test_nobody_to_tell_says_so(world):
    board = world.acme.boards.get(slug="feature-requests")
    idea = feedback.idea_create(board=board, title="Offline mode", author=None)
    html = _preview(world, idea)
    assert "Nobody will be notified" in html
