"""Flooding the portal gets a 429 with Retry-After and a clear message; nothing is written."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from keyloop.accounts.models import Person
from keyloop.feedback.models import Comment, Idea, Vote

from .portal_support import idea_on, log_in_customer

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def tight_limits(settings):
    settings.RATE_LIMITS_ENABLED = True
    settings.RATE_LIMITS = {
        "idea_submit": "2/h",
        "vote": "2/m",
        "comment": "2/h",
        "magic_link": "2/h",
    }


def assert_limited(response):
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "You are going a bit fast. Please wait" in response.content.decode()


def test_submitting_too_many_ideas(world, client, tight_limits):
    log_in_customer(client, world.eve)
    url = reverse("idea_new", args=["acme", "feature-requests"])
    for number in range(2):
        assert client.post(url, {"title": f"Idea {number}"}).status_code == 302
    assert_limited(client.post(url, {"title": "One too many"}))
    assert not Idea.objects.filter(title="One too many").exists()


def test_the_limit_holds_per_ip_whatever_the_email(world, client, tight_limits):
    url = reverse("idea_new", args=["acme", "feature-requests"])
    for number in range(2):
        client.post(url, {"title": f"Idea {number}", "email": f"a{number}@x.test"})
    assert_limited(client.post(url, {"title": "Third", "email": "fresh@x.test"}))
    assert not Person.objects.filter(email="fresh@x.test").exists()


def test_the_limit_holds_per_person_whatever_the_ip(world, tight_limits):
    url = reverse("idea_new", args=["acme", "feature-requests"])
    eve = log_in_customer(world.client_for(None), world.eve)
    for number in range(2):
        eve.post(url, {"title": f"Idea {number}"}, REMOTE_ADDR=f"10.0.0.{number}")
    assert_limited(eve.post(url, {"title": "Third"}, REMOTE_ADDR="10.0.0.9"))


def test_voting_too_fast(world, client, tight_limits):
    ideas = [idea_on(world, title=f"Idea {n}") for n in range(3)]
    log_in_customer(client, world.eve)
    for idea in ideas[:2]:
        client.post(reverse("idea_vote", args=["acme", idea.pk]), **HTMX)
    response = client.post(reverse("idea_vote", args=["acme", ideas[2].pk]), **HTMX)
    assert_limited(response)
    assert 'role="alert"' in response.content.decode()  # shown in the vote box
    assert not Vote.objects.filter(idea=ideas[2]).exists()
    # Without JavaScript: the idea page with the message.
    assert_limited(client.post(reverse("idea_vote", args=["acme", ideas[2].pk])))


def test_commenting_too_much(world, client, tight_limits):
    idea = idea_on(world)
    log_in_customer(client, world.eve)
    url = reverse("idea_comment", args=["acme", idea.pk])
    for number in range(2):
        client.post(url, {"body": f"Comment {number}"})
    assert_limited(client.post(url, {"body": "Spam"}, **HTMX))
    assert not Comment.objects.filter(body="Spam").exists()


def test_asking_for_too_many_login_links(world, client, tight_limits, smtp_server):
    url = reverse("portal_login", args=["acme"])
    for _ in range(2):
        client.post(url, {"email": "eve@example.test"})
    assert_limited(client.post(url, {"email": "eve@example.test"}))


def test_anonymous_confirmation_links_are_limited_per_address(
    world, client, settings, smtp_server, django_capture_on_commit_callbacks
):
    """A stranger cannot use the submit form to flood someone's inbox with our links."""
    settings.RATE_LIMITS_ENABLED = True
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "idea_submit": "10/h", "magic_link": "2/h"}
    url = reverse("idea_new", args=["acme", "feature-requests"])
    start = datetime(2026, 3, 4, 10, 0, tzinfo=UTC)
    for number in range(3):
        # Links already in the inbox are reused for 10 minutes; wait longer each time.
        with time_machine.travel(start + timedelta(minutes=11 * number), tick=False):
            with django_capture_on_commit_callbacks(execute=True):
                response = client.post(
                    url, {"title": f"Idea {number}", "email": "fay@x.test"},
                    REMOTE_ADDR=f"10.0.1.{number}",
                )  # fmt: skip
    assert_limited(response)
    assert not Idea.objects.filter(title="Idea 2").exists()
    assert len(smtp_server.wait_for(2)) == 2
