"""Verifying that a request comes from Slack, exactly as Slack signs it.

https://api.slack.com/authentication/verifying-requests-from-slack: the basestring
`v0:{X-Slack-Request-Timestamp}:{raw body}` is signed with HMAC-SHA256 under the app's signing
secret and sent as `X-Slack-Signature: v0=<hex>`.
"""

import hashlib
import hmac
import time

from django.core.cache import cache

# Slack's own advice: refuse requests more than five minutes from now, either way.
MAX_CLOCK_SKEW = 5 * 60
# A signature is remembered long enough to outlive every timestamp it could be sent with.
REPLAY_MEMORY = 2 * MAX_CLOCK_SKEW + 60


class SlackSignatureError(Exception):
    """The request is not Slack's (or not for this workspace): answer 401 with the message."""


def slack_sign(*, secret: str, timestamp: str | int, body: bytes) -> str:
    """The `X-Slack-Signature` value Slack sends for `body` at `timestamp`."""
    basestring = b"v0:" + str(timestamp).encode() + b":" + body
    digest = hmac.new(secret.encode(), basestring, hashlib.sha256).hexdigest()
    return f"v0={digest}"


def slack_verify(
    *, secret: str, timestamp: str | None, signature: str | None, body: bytes, replay_key: str
) -> None:
    """Raise SlackSignatureError unless `signature` is Slack's for this body, fresh and unseen.

    `replay_key` names the receiver (the workspace), so one signature is refused the second
    time it reaches the same receiver within the window.
    """
    if not secret:
        raise SlackSignatureError("Slack is not set up for this workspace.")
    if not timestamp or not signature:
        raise SlackSignatureError("Missing Slack signature headers.")
    try:
        sent_at = int(timestamp)
    except ValueError:
        raise SlackSignatureError("Malformed X-Slack-Request-Timestamp.") from None
    if abs(time.time() - sent_at) > MAX_CLOCK_SKEW:
        raise SlackSignatureError("The request is too old (or from the future).")
    if not signature.startswith("v0=") or len(signature) != 3 + 64:
        raise SlackSignatureError("Malformed X-Slack-Signature.")
    expected = slack_sign(secret=secret, timestamp=timestamp, body=body)
    if not hmac.compare_digest(expected.encode(), signature.encode("ascii", "replace")):
        raise SlackSignatureError("Invalid Slack signature.")
    # cache.add is atomic on one machine: only the first request with this signature wins.
    if not cache.add(f"slack:seen:{replay_key}:{signature[3:]}", 1, timeout=REPLAY_MEMORY):
        raise SlackSignatureError("This request was already received (replay).")
