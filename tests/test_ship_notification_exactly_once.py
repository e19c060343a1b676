"""When an idea ships, everyone who asked for it — on it or on a duplicate merged into it —
gets exactly one e-mail, through a real SMTP server; the muted and unsubscribed get none."""

import re
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from keyloop.accounts.models import Person
from keyloop.feedback import actions as feedback
from keyloop.feedback.models import Status
from keyloop.inbox import actions as inbox
from keyloop.notifications import actions as notifications
from keyloop.notifications.models import Delivery

from .conftest import body_of


@pytest.fixture
def shipped_story(world, settings):
    """Export to CSV, asked for in every way; "CSV download" merged into it."""
    settings.BASE_URL = "http://testserver"
    board = world.acme.boards.get(slug="feature-requests")
    people = {
        name: Person.objects.create(
            workspace=world.acme, email=f"{name}@customers.test", name=name.title()
        )
        for name in ["voter", "commenter", "follower", "requester", "dupe_voter", "everything",
                     "unsubscribed", "muted", "workspace_muted", "broken"]
    }  # fmt: skip
    people["broken"].email = "broken@@customers"  # an address no server can take
    people["broken"].save()
    idea = feedback.idea_create(board=board, title="Export to CSV", author=world.dana)
    duplicate = feedback.idea_create(board=board, title="CSV download", author=None)
    feedback.vote_add(idea=idea, person=people["voter"])
    feedback.comment_add(idea=idea, body="Need this for finance", author=people["commenter"])
    feedback.subscription_add(idea=idea, person=people["follower"])
    item, _ = inbox.feedback_receive(
        workspace=world.acme, text="can we export csv?", channel="email",
        person=people["requester"],
    )  # fmt: skip
    inbox.feedback_link(item=item, idea=idea, actor_user=world.alice)
    feedback.vote_add(idea=duplicate, person=people["dupe_voter"])
    # One person in every role, on both ideas.
    for target in (idea, duplicate):
        feedback.vote_add(idea=target, person=people["everything"])
        feedback.comment_add(idea=target, body="+1", author=people["everything"])
    for name in ["unsubscribed", "muted", "workspace_muted", "broken"]:
        feedback.vote_add(idea=idea, person=people[name])
    notifications.person_unsubscribe(person=people["unsubscribed"])
    notifications.idea_mute(person=people["muted"], idea=idea)
    people["workspace_muted"].workspace_updates_muted = True
    people["workspace_muted"].save()
    # Internal notes tell no customer anything.
    feedback.comment_add(
        idea=idea, body="Finance asks weekly", author=None, author_user=world.bob, internal=True
    )
    feedback.idea_merge(idea=duplicate, into=idea, actor=world.alice)
    return idea, people


def _ship(world, idea, callbacks_capture, comment="It is out: Settings → Export."):
    shipped = Status.objects.get(workspace=world.acme, category="shipped")
    with callbacks_capture(execute=True):
        response = world.client_for(world.alice).post(
            reverse("team_idea_status", args=["acme", idea.pk]),
            {"status": shipped.pk, "comment": comment},
        )
    assert response.status_code == 302


def test_each_person_who_asked_gets_exactly_one_email_and_no_one_else_does(
    world, shipped_story, smtp_server, django_capture_on_commit_callbacks
):
    idea, people = shipped_story
    _ship(world, idea, django_capture_on_commit_callbacks)

    eligible = {
        "dana@initech.test", *(f"{name}@customers.test" for name in
        ["voter", "commenter", "follower", "requester", "dupe_voter", "everything"]),
    }  # fmt: skip
    messages = smtp_server.wait_for(len(eligible))
    recipients = [message["To"] for message in messages]
    assert sorted(recipients) == sorted(eligible)  # each once, nobody else
    message = next(m for m in messages if m["To"] == "everything@customers.test")
    assert "Export to CSV" in message["Subject"] and "Shipped" in message["Subject"]
    text = body_of(message)
    assert "It is out: Settings → Export." in text
    assert "Finance asks weekly" not in text
    assert body_of(message, "html").count("Export to CSV") >= 1
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    https_url, mailto = re.findall(r"<([^>]+)>", message["List-Unsubscribe"])
    assert mailto.startswith("mailto:")


def test_the_one_click_unsubscribe_header_works_without_a_session_or_csrf_token(
    world, shipped_story, smtp_server, django_capture_on_commit_callbacks, client
):
    idea, people = shipped_story
    _ship(world, idea, django_capture_on_commit_callbacks)
    message = next(m for m in smtp_server.wait_for(7) if m["To"] == "voter@customers.test")
    url = re.findall(r"<([^>]+)>", message["List-Unsubscribe"])[0]

    from django.test import Client

    mail_client = Client(enforce_csrf_checks=True)  # what a mail provider's POST looks like
    response = mail_client.post(
        urlsplit(url).path, "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )  # fmt: skip
    assert response.status_code == 200
    people["voter"].refresh_from_db()
    assert people["voter"].email_notifications is False

    # The next status change reaches everyone else again, but not the voter by e-mail.
    closed = Status.objects.get(workspace=world.acme, category="closed")
    before = len(smtp_server.messages)
    with django_capture_on_commit_callbacks(execute=True):
        feedback.idea_change_status(idea=idea, status=closed, actor_user=world.alice)
    recipients = [m["To"] for m in smtp_server.wait_for(before + 6)[before:]]
    assert "voter@customers.test" not in recipients and len(recipients) == 6


def test_the_delivery_report_matches_what_the_mail_server_received(
    world, shipped_story, smtp_server, django_capture_on_commit_callbacks
):
    idea, people = shipped_story
    _ship(world, idea, django_capture_on_commit_callbacks)
    smtp_server.wait_for(7)
    emails = Delivery.objects.filter(event__idea=idea, channel="email")
    assert emails.filter(status="sent").count() == len(smtp_server.messages) == 7
    reasons = dict(emails.exclude(status="sent").values_list("person__email", "reason"))
    assert reasons == {
        "unsubscribed@customers.test": "Unsubscribed from e-mail.",
        "muted@customers.test": "Muted this idea.",
        "workspace_muted@customers.test": "Muted all updates of this workspace.",
        "broken@@customers": "Invalid e-mail address “broken@@customers”.",
    }
    assert emails.get(person=people["broken"]).status == "failed"

    page = world.client_for(world.bob).get(reverse("team_idea_deliveries", args=["acme", idea.pk]))
    html = page.content.decode()
    assert "7 sent" in html and "3 suppressed" in html and "1 failed" in html
    failed = (
        world.client_for(world.bob)
        .get(
            reverse("team_idea_deliveries", args=["acme", idea.pk])
            + "?status=failed&event="
            + str(emails.first().event_id)
        )
        .content.decode()
    )
    assert "Invalid e-mail address" in failed and "voter@customers.test" not in failed


def test_the_team_sees_how_many_people_will_be_told_before_changing_the_status(
    world, shipped_story
):
    idea, _ = shipped_story
    shipped = Status.objects.get(workspace=world.acme, category="shipped")
    response = world.client_for(world.bob).get(
        reverse("team_idea_notify_preview", args=["acme", idea.pk]),
        {"status": shipped.pk, "comment": "Out today"},
    )
    html = response.content.decode()
    # Dana and the six who asked get both; the unsubscribed and the broken address only see
    # it in the portal; the two who muted are not told at all.
    assert re.search(r"9 people</strong> will be notified that it is now Shipped", html)
    assert "7 by e-mail, 9 in the portal" in html
    assert "Not told: 1 muted this idea, 1 muted all updates." in html
    assert "Not by e-mail: 1 unsubscribed, 1 with an invalid address." in html
    assert "Out today" in html  # the e-mail preview carries the public comment


def test_a_quiet_status_change_tells_nobody(
    world, shipped_story, smtp_server, django_capture_on_commit_callbacks
):
    idea, _ = shipped_story
    planned = Status.objects.get(workspace=world.acme, category="planned")
    with django_capture_on_commit_callbacks(execute=True):
        world.client_for(world.alice).post(
            reverse("team_idea_status", args=["acme", idea.pk]),
            {"status": planned.pk, "quiet": "on"},
        )
    idea.refresh_from_db()
    assert idea.status == planned
    assert smtp_server.wait_for(1, timeout=0.5) == []
    assert not Delivery.objects.filter(event__idea=idea).exists()
