"""Requests signed exactly as Slack signs them become feedback items in the inbox."""

import hashlib
import hmac
import json
import time
from urllib.parse import urlencode

import pytest

from keyloop.accounts.actions import workspace_slack_secret_set
from keyloop.accounts.models import Person
from keyloop.inbox.models import FeedbackItem

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"  # the shape of a Slack app's signing secret


def slack_post(client, url, body: bytes, *, secret=SECRET, timestamp=None):
    """POST `body` with the headers Slack sends, signed per api.slack.com's recipe."""
    timestamp = str(int(time.time()) if timestamp is None else timestamp)
    basestring = b"v0:" + timestamp.encode() + b":" + body
    signature = "v0=" + hmac.new(secret.encode(), basestring, hashlib.sha256).hexdigest()
    return client.post(
        url,
        body,
        "application/x-www-form-urlencoded",
        headers={"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": signature},
    )


def command_body(text="Acme needs CSV export for their finance team", **fields) -> bytes:
    form = {
        "token": "gIkuvaNzQIHg97ATvDxqgjtO",
        "team_id": "T0001",
        "team_domain": "acme-corp",
        "channel_id": "C2147483705",
        "channel_name": "customer-success",
        "user_id": "U2147483697",
        "user_name": "steve",
        "command": "/feedback",
        "text": text,
        "response_url": "https://hooks.slack.com/commands/1234/5678",
        "trigger_id": "13345224609.738474920.8088930838d88f008e0",
        **fields,
    }
    return urlencode(form).encode()


def shortcut_body(**message) -> bytes:
    payload = {
        "type": "message_action",
        "token": "gIkuvaNzQIHg97ATvDxqgjtO",
        "action_ts": "1700000100.000200",
        "callback_id": "keyloop_feedback",
        "trigger_id": "13345224609.738474920.1",
        "team": {"id": "T0001", "domain": "acme-corp"},
        "user": {"id": "U0002", "username": "alice", "name": "alice"},
        "channel": {"id": "C2147483705", "name": "customer-success"},
        "message_ts": "1700000000.000100",
        "message": {
            "type": "message",
            "user": "U0003",
            "text": "Our admins keep asking for SAML login, it's a blocker for renewal",
            "ts": "1700000000.000100",
            "user_profile": {"real_name": "Rita Customer", "display_name": "rita"},
            **message,
        },
        "response_url": "https://hooks.slack.com/app/T0001/1/abc",
    }
    return urlencode({"payload": json.dumps(payload)}).encode()


@pytest.fixture
def acme_slack(world):
    workspace_slack_secret_set(workspace=world.acme, secret=SECRET)
    return world.acme


def test_the_slash_command_adds_an_item_from_the_slack_user(acme_slack, client):
    response = slack_post(client, "/acme/slack/commands", command_body())

    assert response.status_code == 200
    answer = response.json()
    assert answer["response_type"] == "ephemeral"
    assert answer["text"] == "Thanks — added to Acme's feedback inbox."
    item = FeedbackItem.objects.get(workspace=acme_slack)
    assert item.channel == "slack"
    assert item.text == "Acme needs CSV export for their finance team"
    assert item.person.name == "steve"
    assert item.person.external_id == "slack:T0001:U2147483697"
    assert item.metadata == {"team": "acme-corp", "channel": "#customer-success", "user": "steve"}


def test_the_same_slack_user_is_one_person(acme_slack, client):
    slack_post(client, "/acme/slack/commands", command_body(trigger_id="1.1"))
    slack_post(
        client, "/acme/slack/commands", command_body(text="Also dark mode", trigger_id="1.2")
    )

    assert FeedbackItem.objects.filter(workspace=acme_slack).count() == 2
    assert (
        Person.objects.filter(workspace=acme_slack, external_id__startswith="slack:").count() == 1
    )


def test_an_empty_slash_command_explains_its_usage_and_stores_nothing(acme_slack, client):
    response = slack_post(client, "/acme/slack/commands", command_body(text="  "))

    assert response.status_code == 200
    assert response.json()["response_type"] == "ephemeral"
    assert "/feedback what the customer said" in response.json()["text"]
    assert not FeedbackItem.objects.exists()


def test_text_over_the_limit_is_answered_in_slack_not_stored(acme_slack, client):
    response = slack_post(client, "/acme/slack/commands", command_body(text="x" * 60_000))

    assert response.status_code == 200
    assert response.json()["text"].startswith(
        "Sorry, this could not be added: The text is too long"
    )
    assert not FeedbackItem.objects.exists()


def test_the_message_shortcut_stores_the_message_its_author_and_permalink(acme_slack, client):
    response = slack_post(client, "/acme/slack/interactions", shortcut_body())

    assert response.status_code == 200
    item = FeedbackItem.objects.get(workspace=acme_slack)
    assert item.text == "Our admins keep asking for SAML login, it's a blocker for renewal"
    assert item.source_url == "https://acme-corp.slack.com/archives/C2147483705/p1700000000000100"
    assert item.external_id == "T0001:C2147483705:1700000000.000100"
    assert item.person.name == "rita"
    assert item.person.external_id == "slack:T0001:U0003"
    assert item.metadata["shared_by"] == "alice"


def test_sharing_the_same_message_twice_is_one_item(acme_slack, client):
    first = slack_post(client, "/acme/slack/interactions", shortcut_body())
    # Another click, a few seconds later: a new signature over the same message.
    second = slack_post(
        client, "/acme/slack/interactions", shortcut_body(), timestamp=int(time.time()) - 5
    )

    assert (first.status_code, second.status_code) == (200, 200)
    assert FeedbackItem.objects.filter(workspace=acme_slack).count() == 1


def test_other_interactions_are_acknowledged_and_ignored(acme_slack, client):
    body = urlencode({"payload": json.dumps({"type": "block_actions", "actions": []})}).encode()

    response = slack_post(client, "/acme/slack/interactions", body)

    assert response.status_code == 200
    assert not FeedbackItem.objects.exists()


@pytest.mark.parametrize(
    "payload",
    ["{not json", "[1, 2]", ""],
    ids=["garbled", "not-an-object", "missing"],
)
def test_a_payload_that_is_not_a_json_object_is_400(acme_slack, client, payload):
    body = urlencode({"payload": payload}).encode()

    response = slack_post(client, "/acme/slack/interactions", body)

    assert response.status_code == 400
    assert not FeedbackItem.objects.exists()


def test_a_shortcut_without_its_message_is_400_with_a_reason(acme_slack, client):
    body = urlencode({"payload": json.dumps({"type": "message_action", "team": {}})}).encode()

    response = slack_post(client, "/acme/slack/interactions", body)

    assert response.status_code == 400
    assert "lacks its team, channel or message" in response.content.decode()
    assert not FeedbackItem.objects.exists()


def test_a_body_over_one_megabyte_is_413(acme_slack, client):
    body = command_body(text="x" * (1024 * 1024))

    response = slack_post(client, "/acme/slack/commands", body)

    assert response.status_code == 413
    assert not FeedbackItem.objects.exists()


def test_the_endpoints_take_only_post(acme_slack, client):
    assert client.get("/acme/slack/commands").status_code == 405
    assert client.get("/acme/slack/interactions").status_code == 405


def test_flooding_the_endpoint_is_answered_with_429(acme_slack, client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "slack": "2/m"}
    for n in range(2):
        slack_post(client, "/acme/slack/commands", command_body(trigger_id=f"t{n}"))

    response = slack_post(client, "/acme/slack/commands", command_body(trigger_id="t3"))

    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    assert FeedbackItem.objects.count() == 2


def test_slack_markup_becomes_the_text_a_person_reads(acme_slack, client):
    text = "<@U024BE7LH|bob> says R&amp;D wants <https://acme.test/spec|the spec> &lt;3 in <#C1|cs>"
    slack_post(client, "/acme/slack/interactions", shortcut_body(text=text))

    item = FeedbackItem.objects.get(workspace=acme_slack)
    assert item.text == "@bob says R&D wants the spec (https://acme.test/spec) <3 in #cs"
