"""Admins set, replace and remove the Slack signing secret; it is never shown back."""

import hashlib
import hmac
import time
from urllib.parse import urlencode

import pytest

from keyloop.inbox.models import FeedbackItem

URL = "/acme/admin/settings/channels/slack/"
SECRET = "8f742231b10e8888abcd99yyyzzz85a5"


@pytest.fixture
def alice(world):
    return world.client_for(world.alice)


def slack_command(client, secret, text="From the settings test"):
    body = urlencode({"team_id": "T1", "user_id": "U1", "user_name": "steve", "text": text})
    timestamp = str(int(time.time()))
    digest = hmac.new(
        secret.encode(), f"v0:{timestamp}:{body}".encode(), hashlib.sha256
    ).hexdigest()
    return client.post(
        "/acme/slack/commands", body.encode(), "application/x-www-form-urlencoded",
        headers={"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": f"v0={digest}"},
    )  # fmt: skip


def test_saving_the_secret_turns_slack_on_without_showing_it_again(world, alice, client):
    response = alice.post(URL, {"secret": f"  {SECRET}\n"}, follow=True)

    world.acme.refresh_from_db()
    assert world.acme.slack_signing_secret == SECRET
    html = response.content.decode()
    assert "Slack signing secret saved" in html
    assert "Connected" in html
    assert "…85a5" in html
    assert SECRET not in html
    assert slack_command(client, SECRET).status_code == 200
    assert FeedbackItem.objects.get().text == "From the settings test"


def test_replacing_the_secret_retires_the_old_one(world, alice, client):
    alice.post(URL, {"secret": SECRET})

    response = alice.post(URL, {"secret": "a" * 32}, follow=True)

    assert "Slack signing secret replaced." in response.content.decode()
    assert slack_command(client, SECRET).status_code == 401
    assert slack_command(client, "a" * 32, text="New secret").status_code == 200


def test_removing_the_secret_turns_slack_off(world, alice, client):
    alice.post(URL, {"secret": SECRET})

    response = alice.post(URL, {"intent": "clear"}, follow=True)

    world.acme.refresh_from_db()
    assert world.acme.slack_signing_secret == ""
    assert "Not set up" in response.content.decode()
    assert slack_command(client, SECRET).status_code == 401
    assert not FeedbackItem.objects.exists()


@pytest.mark.parametrize(
    "secret, error",
    [
        ("", "Paste the signing secret from your Slack app."),
        ("too-short", "A Slack signing secret has 16 to 128 characters"),
        ("8f742231b10e8888 abcd99yyyzzz85a5", "no spaces"),
        ("8f742231b10e8888ébcd99yyyzzz85a5", "no spaces or accented letters"),
    ],
    ids=["empty", "short", "space", "accent"],
)
def test_a_bad_secret_is_explained_and_changes_nothing(world, alice, secret, error):
    alice.post(URL, {"secret": SECRET})

    response = alice.post(URL, {"secret": secret})

    assert response.status_code == 400
    assert error in response.content.decode()
    world.acme.refresh_from_db()
    assert world.acme.slack_signing_secret == SECRET
