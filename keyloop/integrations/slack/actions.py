"""Turning Slack's slash commands and message shortcuts into feedback items."""

import re

from django.core.exceptions import ValidationError
from django.db import transaction

from keyloop.accounts.models import Person, Workspace
from keyloop.feedback.actions import person_identify
from keyloop.feedback.models import Channel
from keyloop.inbox.actions import feedback_receive
from keyloop.inbox.models import FeedbackItem


def _slack_person(*, workspace: Workspace, team_id: str, user_id: str, name: str) -> Person | None:
    """The Slack user as a person of the workspace (one per Slack team and user id)."""
    if not team_id or not user_id:
        return None
    return person_identify(
        workspace=workspace, external_id=f"slack:{team_id}:{user_id}", name=name[:200]
    )


# Slack's message formatting: <@U123|name>, <#C123|channel>, <!here>, <url|label>, <url>.
_SLACK_MARKUP = re.compile(r"<([@#!]?)([^<>|]*)(?:\|([^<>]*))?>")


def slack_plain_text(text: str) -> str:
    """What a person reads in Slack, from Slack's markup: mentions, links and escapes."""

    def readable(match: re.Match) -> str:
        sigil, target, label = match.groups()
        if sigil == "@":
            return f"@{label or target}"
        if sigil == "#":
            return f"#{label or target}"
        if sigil == "!":
            return f"@{(label or target).split('^')[0]}"
        return f"{label} ({target})" if label and label != target else target

    text = _SLACK_MARKUP.sub(readable, text or "")
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def slack_permalink(*, team_domain: str, channel_id: str, ts: str) -> str:
    """The message's address as Slack writes it (…/archives/C123/p1512085950000216)."""
    if not (team_domain and channel_id and ts):
        return ""
    return f"https://{team_domain}.slack.com/archives/{channel_id}/p{ts.replace('.', '')}"


@transaction.atomic
def slack_command_receive(
    *, workspace: Workspace, text: str, team_id: str, team_domain: str, channel_id: str,
    channel_name: str, user_id: str, user_name: str, trigger_id: str,
) -> tuple[FeedbackItem, bool]:  # fmt: skip
    """`/feedback <text>`: the text becomes an item from the Slack user who typed it."""
    person = _slack_person(workspace=workspace, team_id=team_id, user_id=user_id, name=user_name)
    return feedback_receive(
        workspace=workspace,
        channel=Channel.SLACK,
        text=slack_plain_text(text),
        person=person,
        external_id=f"command:{trigger_id}" if trigger_id else "",
        metadata=_metadata(
            team_domain or team_id, channel_name or channel_id, user_name or user_id
        ),
    )


@transaction.atomic
def slack_shortcut_receive(*, workspace: Workspace, payload: dict) -> tuple[FeedbackItem, bool]:
    """The "Send to Keyloop" message shortcut: the message, its author and its permalink.

    The external id is the message itself (team, channel, ts), so sharing one message twice
    stores one item. Raises ValidationError for a payload that lacks what an item needs.
    """
    team, channel = _object(payload, "team"), _object(payload, "channel")
    message = _object(payload, "message")
    team_id, team_domain = _text(team, "id"), _text(team, "domain")
    channel_id, channel_name = _text(channel, "id"), _text(channel, "name")
    ts, author_id = _text(message, "ts") or _text(payload, "message_ts"), _text(message, "user")
    if not (team_id and channel_id and ts):
        raise ValidationError("The shortcut's payload lacks its team, channel or message.")
    profile = _object(message, "user_profile")
    author_name = (
        _text(profile, "display_name") or _text(profile, "real_name") or _text(profile, "name")
    )
    person = _slack_person(
        workspace=workspace, team_id=team_id, user_id=author_id, name=author_name
    )
    sharer = _object(payload, "user")
    metadata = _metadata(
        team_domain or team_id, channel_name or channel_id, author_name or author_id
    )
    if shared_by := _text(sharer, "username") or _text(sharer, "name") or _text(sharer, "id"):
        metadata["shared_by"] = shared_by
    return feedback_receive(
        workspace=workspace,
        channel=Channel.SLACK,
        text=slack_plain_text(_text(message, "text")),
        person=person,
        external_id=f"{team_id}:{channel_id}:{ts}",
        source_url=slack_permalink(team_domain=team_domain, channel_id=channel_id, ts=ts),
        metadata=metadata,
    )


def _metadata(team: str, channel: str, user: str) -> dict:
    metadata = {"team": team, "channel": f"#{channel}" if channel else "", "user": user}
    return {key: value for key, value in metadata.items() if value}


def _object(container: dict, key: str) -> dict:
    value = container.get(key)
    return value if isinstance(value, dict) else {}


def _text(container: dict, key: str) -> str:
    value = container.get(key)
    return value.strip() if isinstance(value, str) else ""
