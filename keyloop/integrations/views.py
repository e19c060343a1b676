"""The admins' Channels page: customer SSO, e-mail in and Slack, with their secrets."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from keyloop.accounts import actions
from keyloop.accounts.views import team_view
from keyloop.lib.web import error_text

from .slack.forms import SlackSecretForm

ROTATED = {
    "sso": "New SSO secret in place. Tokens signed with the old one no longer work: "
    "update KEYLOOP_SSO_SECRET wherever your app signs them.",
    "inbound_email": "New inbound e-mail address in place. The old URL no longer accepts "
    "mail: update your mail service's forwarding rule.",
}


def _masked(secret: str) -> str:
    return "•" * 12 + secret[-4:] if secret else ""


def _channels_context(workspace) -> dict:
    base, slug = settings.BASE_URL, workspace.slug
    domain = settings.INBOUND_EMAIL_DOMAIN or "your-domain"
    inbound_secret = workspace.inbound_email_secret
    inbound_url = base + reverse("inbound_email", args=[slug, inbound_secret])
    return {
        "base_url": base,
        "sso_secret": workspace.sso_secret,
        "sso_secret_masked": _masked(workspace.sso_secret),
        "sso_portal_url": f"{base}/{slug}/?sso=",
        "widget_src": f"{base}/{slug}/widget.js",
        "inbound_address": f"feedback+{slug}@{domain}",
        "inbound_domain_set": bool(settings.INBOUND_EMAIL_DOMAIN),
        "inbound_url": inbound_url,
        "inbound_url_masked": inbound_url[: -len(inbound_secret)] + _masked(inbound_secret),
        "slack_command_url": base + reverse("slack_command", args=[slug]),
        "slack_interaction_url": base + reverse("slack_interaction", args=[slug]),
        "slack_configured": bool(workspace.slack_signing_secret),
        "slack_secret_hint": workspace.slack_signing_secret[-4:],
    }


@team_view(admin=True)
def team_channels(request, membership):
    context = _channels_context(membership.workspace)
    context["slack_form"] = SlackSecretForm()
    return render(request, "integrations/channels.html", context)


@team_view(admin=True)
@require_POST
def team_channel_rotate(request, membership):
    which = request.POST.get("secret", "")
    try:
        actions.workspace_secret_rotate(workspace=membership.workspace, which=which)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, ROTATED[which])
    return redirect("team_channels", slug=membership.workspace.slug)


@team_view(admin=True)
@require_POST
def team_slack_secret(request, membership):
    workspace = membership.workspace
    if request.POST.get("intent") == "clear":
        actions.workspace_slack_secret_set(workspace=workspace, secret="")
        messages.success(request, "Slack signing secret removed: Keyloop now refuses Slack.")
        return redirect("team_channels", slug=workspace.slug)
    form = SlackSecretForm(request.POST)
    if form.is_valid():
        replacing = bool(workspace.slack_signing_secret)
        try:
            actions.workspace_slack_secret_set(
                workspace=workspace, secret=form.cleaned_data["secret"]
            )
        except ValidationError as error:
            form.add_error("secret", error)
        else:
            messages.success(
                request,
                "Slack signing secret replaced."
                if replacing
                else "Slack signing secret saved: /feedback and the message shortcut now work.",
            )
            return redirect("team_channels", slug=workspace.slug)
    context = _channels_context(workspace)
    context["slack_form"] = form
    return render(request, "integrations/channels.html", context, status=400)
