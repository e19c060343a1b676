"""Slack's requests: the /feedback slash command and the message shortcut.

Both are verified with the workspace's signing secret before anything is read from them, and
answer quickly (Slack gives up after 3 seconds): the item is stored, scoring runs later.
"""

import json
import logging

from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse, QueryDict
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from keyloop.accounts.access import access_workspace_public
from keyloop.lib.ratelimit import Limited, check_rate, client_ip
from keyloop.lib.web import error_text

from .actions import slack_command_receive, slack_shortcut_receive
from .signature import SlackSignatureError, slack_verify

logger = logging.getLogger(__name__)

MAX_BODY = 1024 * 1024  # Slack's payloads are a few kilobytes; anything near this is not Slack.

USAGE = (
    "Send feedback to {workspace}'s inbox: `{command} what the customer said`, "
    "for example `{command} Acme needs CSV export for their finance team`."
)


def _text(message: str, status: int) -> HttpResponse:
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


def _ephemeral(text: str) -> JsonResponse:
    return JsonResponse({"response_type": "ephemeral", "text": text})


def slack_endpoint(view):
    """Resolve the workspace, limit the rate and size, verify Slack's signature, parse the form."""

    @csrf_exempt
    @require_POST
    def wrapper(request, slug):
        workspace = access_workspace_public(slug=slug)
        try:
            check_rate(action="slack", keys=[f"{workspace.pk}:{client_ip(request)}"])
        except Limited as limited:
            response = _text(limited.message, 429)
            response["Retry-After"] = str(limited.retry_after)
            return response
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > MAX_BODY:
            return _text("The request is too large.", 413)
        body = request.body
        if len(body) > MAX_BODY:
            return _text("The request is too large.", 413)
        try:
            slack_verify(
                secret=workspace.slack_signing_secret,
                timestamp=request.headers.get("X-Slack-Request-Timestamp"),
                signature=request.headers.get("X-Slack-Signature"),
                body=body,
                replay_key=str(workspace.pk),
            )
        except SlackSignatureError as error:
            return _text(str(error), 401)
        form = QueryDict(body, encoding="utf-8")
        if form.get("ssl_check") == "1":  # Slack checking the certificate: nothing to store
            return HttpResponse(status=200)
        return view(request, workspace, form)

    return wrapper


@slack_endpoint
def slack_command(request, workspace, form):
    text = form.get("text", "").strip()
    command = form.get("command", "").strip() or "/feedback"
    if not text:
        return _ephemeral(USAGE.format(workspace=workspace.name, command=command))
    try:
        slack_command_receive(
            workspace=workspace,
            text=text,
            team_id=form.get("team_id", ""),
            team_domain=form.get("team_domain", ""),
            channel_id=form.get("channel_id", ""),
            channel_name=form.get("channel_name", ""),
            user_id=form.get("user_id", ""),
            user_name=form.get("user_name", ""),
            trigger_id=form.get("trigger_id", ""),
        )
    except ValidationError as error:
        # Slack shows a non-200 answer as a bare failure; say what was wrong instead.
        return _ephemeral(f"Sorry, this could not be added: {error_text(error)}")
    return _ephemeral(f"Thanks — added to {workspace.name}'s feedback inbox.")


@slack_endpoint
def slack_interaction(request, workspace, form):
    try:
        payload = json.loads(form.get("payload", ""))
    except ValueError:
        return _text("The payload is not JSON.", 400)
    if not isinstance(payload, dict):
        return _text("The payload is not a JSON object.", 400)
    if payload.get("type") != "message_action":
        return HttpResponse(status=200)  # other interactions are not ours to handle
    try:
        slack_shortcut_receive(workspace=workspace, payload=payload)
    except ValidationError as error:
        return _text(error_text(error), 400)
    return HttpResponse(status=200)
