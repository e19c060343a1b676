"""A honeypot field people never see guards the widget's and the portal's public forms: a bot
that fills it gets the usual answer, and nothing is stored or sent."""

import re

from django.contrib.staticfiles import finders
from django.test import Client

from keyloop.feedback.models import Comment, Idea
from keyloop.inbox.models import FeedbackItem

from .portal_support import idea_on

BOT = {"website": "http://cheap-pills.test"}


def test_the_honeypot_is_in_every_public_form_and_hidden_from_people(world):
    idea = idea_on(world)
    client = Client()
    for url in (
        "/acme/widget/",
        "/acme/boards/feature-requests/new/",
        "/acme/login/",
        f"/acme/ideas/{idea.pk}/",
    ):
        page = client.get(url).content.decode()
        assert 'name="website"' in page, url
        assert '<div class="honeypot" aria-hidden="true">' in page
        assert 'tabindex="-1"' in page
    # …and the stylesheet every one of those pages loads moves it out of sight.
    css = finders.find("keyloop/keyloop.css")
    rule = re.search(r"\.honeypot \{([^}]*)\}", open(css).read()).group(1)
    assert "position: absolute" in rule and "left: -10000px" in rule


def test_widget_feedback_from_a_bot_looks_sent_and_is_dropped(world):
    response = Client().post("/acme/widget/feedback/", {"text": "Buy now", **BOT})
    assert response.status_code == 200
    assert "Thanks, we got it!" in response.content.decode()
    assert not FeedbackItem.objects.exists()


def test_widget_feedback_with_an_empty_honeypot_is_kept(world):
    Client().post("/acme/widget/feedback/", {"text": "Real feedback", "website": ""})
    assert FeedbackItem.objects.get().text == "Real feedback"


def test_a_bot_idea_looks_held_for_confirmation_and_is_dropped(
    world, smtp_server, django_capture_on_commit_callbacks
):
    client = Client()
    data = {"title": "Cheap pills", "body": "", "email": "bot@spam.test", **BOT}
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post("/acme/boards/feature-requests/new/", data, follow=True)
    assert "Check your inbox" in response.content.decode()
    assert not Idea.objects.filter(title="Cheap pills").exists()
    assert callbacks == []
    assert smtp_server.wait_for(1, timeout=0.3) == []


def test_a_bot_comment_looks_held_and_is_dropped(
    world, smtp_server, django_capture_on_commit_callbacks
):
    idea = idea_on(world)
    data = {"body": "Cheap pills", "email": "bot@spam.test", **BOT}
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = Client().post(
            f"/acme/ideas/{idea.pk}/comments/", data, headers={"HX-Request": "true"}
        )
    assert response.status_code == 200
    assert "Check your inbox" in response.content.decode()
    assert not Comment.objects.filter(body="Cheap pills").exists()
    assert callbacks == []
    assert smtp_server.wait_for(1, timeout=0.3) == []


def test_a_bot_login_request_looks_sent_and_sends_nothing(
    world, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post("/acme/login/", {"email": "dana@initech.test", **BOT})
    assert response.status_code == 302
    assert "sent=1" in response["Location"]
    assert smtp_server.wait_for(1, timeout=0.3) == []


def test_a_person_login_request_still_sends_the_link(
    world, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        Client().post("/acme/login/", {"email": "dana@initech.test", "website": ""})
    [message] = smtp_server.wait_for(1)
    assert message["To"] == "dana@initech.test"
