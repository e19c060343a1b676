"""Widget writes are rate-limited per IP and per person: past the limit, 429 with Retry-After
and a message in the panel; nothing more is stored."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client

from keyloop.inbox.models import FeedbackItem
from keyloop.integrations.sso import sso_token_sign

from .portal_support import idea_on
from .test_widget_panel import IDENTITY


@pytest.fixture
def limits(settings):
    settings.RATE_LIMITS_ENABLED = True
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "widget_feedback": "3/h", "vote": "4/m"}
    # The limits count in fixed windows: start each test at the top of an hour, so a slow
    # run cannot cross into the next minute (or hour) half-way and find its counts reset.
    top_of_hour = datetime.now(UTC).replace(minute=0, second=1, microsecond=0) + timedelta(hours=1)
    with time_machine.travel(top_of_hour, tick=True):
        yield


def _headers_for(workspace, email, client):
    token = sso_token_sign(workspace=workspace, claims={"email": email})
    page = client.post(f"/{workspace.slug}/widget/identify/", {"token": token}).content.decode()
    return {"X-Keyloop-Widget-Identity": IDENTITY.search(page).group(1)}


def test_the_default_widget_feedback_limit_is_configured(settings):
    assert settings.RATE_LIMITS["widget_feedback"] == "20/h"


def test_too_much_feedback_from_one_ip_gets_429(world, limits):
    client = Client()
    for n in range(3):
        assert client.post("/acme/widget/feedback/", {"text": f"Idea {n}"}).status_code == 200
    response = client.post("/acme/widget/feedback/", {"text": "One more"})
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    assert "You are going a bit fast" in response.content.decode()
    assert FeedbackItem.objects.count() == 3


def test_one_person_is_limited_whatever_their_ip(world, limits):
    client = Client()
    headers = _headers_for(world.acme, "dana@initech.test", client)
    for n in range(3):
        client.post(
            "/acme/widget/feedback/", {"text": f"n{n}"}, headers=headers, REMOTE_ADDR=f"10.0.0.{n}"
        )
    response = client.post(
        "/acme/widget/feedback/", {"text": "again"}, headers=headers, REMOTE_ADDR="10.0.0.99"
    )
    assert response.status_code == 429
    # Someone else on a fresh address is not held back by Dana's count.
    other = Client().post("/acme/widget/feedback/", {"text": "hi"}, REMOTE_ADDR="10.0.0.50")
    assert other.status_code == 200


def test_too_many_votes_get_429_and_count_nothing_more(world, limits):
    client = Client()
    headers = _headers_for(world.acme, "dana@initech.test", client)
    idea = idea_on(world)
    statuses = []
    for _ in range(3):
        statuses.append(
            client.post(f"/acme/widget/ideas/{idea.pk}/vote/", headers=headers).status_code
        )
        statuses.append(
            client.post(f"/acme/widget/ideas/{idea.pk}/unvote/", headers=headers).status_code
        )
    assert statuses[:4] == [200, 200, 200, 200]
    assert statuses[4:] == [429, 429]
    last = client.post(f"/acme/widget/ideas/{idea.pk}/vote/", headers=headers)
    assert last.status_code == 429 and last["Retry-After"]
    assert "You are going a bit fast" in last.content.decode()
    idea.refresh_from_db()
    assert idea.vote_count == 0
