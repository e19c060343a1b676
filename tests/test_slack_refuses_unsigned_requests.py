"""Anything not signed by this workspace's Slack app, now, and once, is refused with 401."""

import hashlib
import hmac
import time
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

import pytest
import time_machine

from keyloop.accounts.actions import workspace_slack_secret_set
from keyloop.inbox.models import FeedbackItem

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
URL = "/acme/slack/commands"
BODY = urlencode(
    {"team_id": "T0001", "user_id": "U1", "user_name": "steve", "text": "Please add SAML",
     "command": "/feedback", "trigger_id": "1.2.3"}
).encode()  # fmt: skip


def signed_headers(body: bytes, *, secret=SECRET, timestamp=None) -> dict:
    timestamp = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(
        secret.encode(), b"v0:" + timestamp.encode() + b":" + body, hashlib.sha256
    ).hexdigest()
    return {"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": f"v0={digest}"}


def post(client, body=BODY, headers=None, url=URL):
    return client.post(url, body, "application/x-www-form-urlencoded", headers=headers or {})


@pytest.fixture(autouse=True)
def acme_slack(world):
    workspace_slack_secret_set(workspace=world.acme, secret=SECRET)


def assert_refused(response, reason: str):
    assert response.status_code == 401
    assert reason in response.content.decode()
    assert not FeedbackItem.objects.exists()


def test_the_correctly_signed_request_is_accepted(client):
    assert post(client, headers=signed_headers(BODY)).status_code == 200
    assert FeedbackItem.objects.get().text == "Please add SAML"


def test_a_tampered_body_is_refused(client):
    headers = signed_headers(BODY)
    tampered = BODY.replace(b"SAML", b"SCIM")

    assert_refused(post(client, tampered, headers), "Invalid Slack signature")


def test_another_secret_is_refused(client):
    headers = signed_headers(BODY, secret="0000000000000000ffffffffffffffff")

    assert_refused(post(client, headers=headers), "Invalid Slack signature")


def test_a_request_signed_six_minutes_ago_is_refused(client):
    with time_machine.travel(datetime.now(UTC) - timedelta(minutes=6)):
        headers = signed_headers(BODY)

    assert_refused(post(client, headers=headers), "too old")


def test_a_timestamp_from_the_future_is_refused(client):
    headers = signed_headers(BODY, timestamp=int(time.time()) + 6 * 60)

    assert_refused(post(client, headers=headers), "too old (or from the future)")


def test_a_request_four_minutes_old_is_still_accepted(client):
    with time_machine.travel(datetime.now(UTC) - timedelta(minutes=4)):
        headers = signed_headers(BODY)

    assert post(client, headers=headers).status_code == 200


def test_an_exact_replay_is_refused(client):
    headers = signed_headers(BODY)
    assert post(client, headers=headers).status_code == 200

    replay = post(client, headers=headers)

    assert replay.status_code == 401
    assert "replay" in replay.content.decode()
    assert FeedbackItem.objects.count() == 1


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"X-Slack-Signature": "v0=" + "0" * 64},
        {"X-Slack-Request-Timestamp": str(int(time.time()))},
    ],
    ids=["none", "no-timestamp", "no-signature"],
)
def test_missing_headers_are_refused(client, headers):
    assert_refused(post(client, headers=headers), "Missing Slack signature headers")


@pytest.mark.parametrize(
    "change, reason",
    [
        ({"X-Slack-Request-Timestamp": "yesterday"}, "Malformed X-Slack-Request-Timestamp"),
        ({"X-Slack-Signature": "v1=abc"}, "Malformed X-Slack-Signature"),
        ({"X-Slack-Signature": "v0=" + "é" * 64}, "Invalid Slack signature"),
    ],
    ids=["timestamp", "signature-version", "signature-not-hex"],
)
def test_garbled_headers_are_refused(client, change, reason):
    headers = {**signed_headers(BODY), **change}

    assert_refused(post(client, headers=headers), reason)


def test_a_workspace_without_a_slack_secret_refuses_everything(client, world):
    workspace_slack_secret_set(workspace=world.acme, secret="")

    assert_refused(post(client, headers=signed_headers(BODY)), "Slack is not set up")


def test_an_unknown_workspace_is_404(client):
    response = post(client, headers=signed_headers(BODY), url="/initech/slack/commands")

    assert response.status_code == 404
    assert not FeedbackItem.objects.exists()


def test_a_shortcut_is_verified_the_same_way(client):
    body = urlencode({"payload": '{"type": "message_action"}'}).encode()
    headers = signed_headers(body, secret="0000000000000000ffffffffffffffff")

    assert_refused(post(client, body, headers, url="/acme/slack/interactions"), "Invalid")
