"""After a status change the idea's "Who was told" page lists that change with its counts by
channel and status, and each person with the reason when they were not told; events only
webhooks hear about (votes, comments, "shipped") are not listed as changes."""

import re

import pytest
from django.urls import reverse

from keyloop.accounts.models import Person
from keyloop.feedback import actions as feedback
from keyloop.feedback.models import Status
from keyloop.notifications import actions as notifications
from keyloop.notifications.models import Delivery, WebhookEndpoint


@pytest.fixture
def idea(world):
    board = world.acme.boards.get(slug="feature-requests")
    idea = feedback.idea_create(board=board, title="Dark mode", author=world.dana)
    muted = Person.objects.create(workspace=world.acme, email="hal@example.test", name="Hal")
    feedback.vote_add(idea=idea, person=muted)
    notifications.idea_mute(person=muted, idea=idea)
    broken = Person.objects.create(workspace=world.acme, email="ivy@@broken", name="Ivy")
    feedback.vote_add(idea=idea, person=broken)
    return idea


def _ship(world, idea, capture):
    shipped = Status.objects.get(workspace=world.acme, name="Shipped")
    with capture(execute=True):
        feedback.idea_change_status(idea=idea, status=shipped, actor_user=world.alice)


def _report(world, idea, **query):
    url = reverse("team_idea_deliveries", args=["acme", idea.pk])
    response = world.client_for(world.bob).get(url, query)
    assert response.status_code == 200
    return response.content.decode()


def _badges(html: str) -> dict:
    return {status: int(n) for n, status in re.findall(r">(\d+) (\w+)</span>", html)}


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_report_lists_the_status_change_with_its_counts_and_reasons(
    world, idea, mailoutbox, django_capture_on_commit_callbacks
):
    _ship(world, idea, django_capture_on_commit_callbacks)

    html = _report(world, idea)
    [row] = re.findall(r'<tr class="selected">(.*?)</tr>', html, re.S)
    change, email, portal = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    assert "Open → Shipped" in _text(change)
    # E-mail: Dana sent, Ivy's address is broken, Hal muted it. Portal: Dana and Ivy; Hal not.
    assert _badges(email) == {"sent": 1, "failed": 1, "suppressed": 1}
    assert _badges(portal) == {"sent": 2, "suppressed": 1}
    text = _text(html)
    assert "Invalid e-mail address “ivy@@broken”." in text
    assert "Muted this idea." in text
    assert [message.to for message in mailoutbox] == [["dana@initech.test"]]


def test_events_only_webhooks_hear_about_are_not_listed_as_changes(
    world, idea, django_capture_on_commit_callbacks
):
    # An endpoint listening to every event makes votes, comments and "shipped" events rows.
    WebhookEndpoint.objects.create(workspace=world.acme, url="https://hooks.acme.test/all")
    feedback.vote_add(idea=idea, person=world.eve)
    feedback.comment_add(idea=idea, body="Please!", author=world.eve)
    _ship(world, idea, django_capture_on_commit_callbacks)

    html = _report(world, idea)
    [changes_table] = re.findall(r'aria-labelledby="events-title">(.*?)</section>', html, re.S)
    changes = re.findall(r'<a href="\?event=\d+"[^>]*>(.*?)</a>', changes_table)
    assert changes == ["Open → Shipped"]
    # The change shown first is the one people were told about: its people are listed.
    assert "Eve Evans" in html and "Dana Diaz" in html


def test_a_failed_email_can_be_sent_again_from_the_report(
    world, idea, django_capture_on_commit_callbacks
):
    _ship(world, idea, django_capture_on_commit_callbacks)
    failed = Delivery.objects.get(person__email="ivy@@broken", channel="email")
    html = _report(world, idea, status="failed")
    assert "Send again" in html
    assert "Dana Diaz" not in html  # the filter shows only the failed ones

    response = world.client_for(world.bob).post(
        reverse("team_delivery_retry", args=["acme", failed.pk]), follow=True
    )
    assert "The e-mail to ivy@@broken will be sent again." in response.content.decode()
    failed.refresh_from_db()
    assert (failed.status, failed.reason) == ("pending", "")


def test_an_idea_nobody_was_told_about_says_so(world, idea):
    text = _text(_report(world, idea))
    assert "No notifications yet" in text
