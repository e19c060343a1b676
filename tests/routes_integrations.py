"""Routes of the inbound channels for the tenant matrix.

PORTAL_ROUTES: public pages of a workspace (widget, widget demo, SSO login): open to all,
404 for an unknown workspace. Same shape as routes_feedback_portal.py.

INBOUND_ROUTES: machine endpoints that authenticate with a workspace secret or signature
(inbound e-mail, Slack). Each entry: `url(objects, workspace)` builds the URL for a workspace
given acme's objects, and `send(client, url, workspace)` makes a request signed with that
workspace's own secrets. The matrix checks that acme's secrets used on globex's URL (and
globex's on acme's) are refused and create nothing.

TEAM_ROUTES: pages under /<slug>/admin/ (channel settings, imports): same shape as
routes_feedback_team.py.
"""

from .routes import Route  # noqa: F401  (entries use it)


# Slack: each workspace gets its own signing secret, and each request is signed with the
# sender's, exactly as Slack signs (v0:timestamp:body, HMAC-SHA256).
def _slack_secret(workspace):
    from keyloop.accounts.actions import workspace_slack_secret_set

    if not workspace.slack_signing_secret:
        workspace_slack_secret_set(
            workspace=workspace, secret=f"{workspace.slug}-slack-secret-0123"
        )
    return workspace.slack_signing_secret


def _slack_url(name):
    def build(objects, workspace):
        from django.urls import reverse

        _slack_secret(workspace)
        return reverse(name, args=[workspace.slug])

    return build


def _slack_send(form):
    def send(client, url, workspace):
        import hashlib
        import hmac
        import time
        from urllib.parse import urlencode

        body = urlencode(form).encode()
        timestamp = str(int(time.time()))
        digest = hmac.new(
            _slack_secret(workspace).encode(), b"v0:" + timestamp.encode() + b":" + body,
            hashlib.sha256,
        ).hexdigest()  # fmt: skip
        return client.post(
            url, body, "application/x-www-form-urlencoded",
            headers={"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": f"v0={digest}"},
        )  # fmt: skip

    return send


_SLACK_SHORTCUT = {
    "type": "message_action",
    "team": {"id": "T1", "domain": "spies"},
    "channel": {"id": "C1", "name": "general"},
    "user": {"id": "U2", "username": "mallory"},
    "message": {"user": "U1", "text": "Spying via Slack", "ts": "1700000000.000100"},
}  # fmt: skip


def _acme_import_run(objects):
    """A generic import of acme's waiting for its mapping (the import pages' object)."""
    from keyloop.integrations.imports.models import ImportRun

    run = ImportRun.objects.create(
        workspace=objects["idea"].workspace, format="generic", filename="acme-secret.csv",
        state="mapping", headers=["Feedback"], preview=[["Secret acquisition plan"]],
        data=b"Feedback\nSecret acquisition plan\n", total_rows=1,
    )  # fmt: skip
    return {"run_id": run.pk}


TEAM_ROUTES: dict = {
    "team_channels": Route(),
    "team_channel_rotate": Route(post={"secret": "sso"}, get_allowed=False),
    "team_slack_secret": Route(post={"secret": "hijacked-slack-0123456789"}, get_allowed=False),
    # Imports (test_import_*.py): the upload page, a run (mapping step), its progress.
    "team_imports": Route(post={"format": "generic"}),
    "team_import_run": Route(_acme_import_run, post={"text": "Feedback"}),
    "team_import_progress": Route(_acme_import_run),
}  # fmt: skip


class _AcmeSsoToken(dict):
    """Form data {"token": …} signed at post time: acme's SSO secret exists only once the
    test's world does. A valid token is the capability of the SSO routes."""

    def __init__(self):
        super().__init__(token="")

    def items(self):
        from keyloop.accounts.models import Workspace
        from keyloop.integrations.sso import sso_token_sign

        acme = Workspace.objects.get(slug="acme")
        claims = {"email": "sso@example.test", "id": "u-9", "name": "Sam Sso"}
        return {"token": sso_token_sign(workspace=acme, claims=claims)}.items()


def _widget_idea(objects):
    return {"idea_id": objects["idea"].id}


# Widget and customer SSO (test_widget_*.py, test_sso_*.py): a valid token is the capability.
PORTAL_ROUTES: dict = {
    "portal_sso": Route(post=_AcmeSsoToken(), get_allowed=False),
    "widget_js": Route(),
    "widget_panel": Route(),
    "widget_identify": Route(post=_AcmeSsoToken(), get_allowed=False),
    "widget_search": Route(),
    "widget_vote": Route(_widget_idea, {}, False),
    "widget_unvote": Route(_widget_idea, {}, False),
    "widget_feedback": Route(post={"text": "Sent from the widget"}),
    "widget_demo": Route(),
}
INBOUND_ROUTES: dict = {
    "slack_command": {
        "url": _slack_url("slack_command"),
        "send": _slack_send({"team_id": "T1", "user_id": "U1", "user_name": "mallory",
                             "text": "Spying via Slack", "trigger_id": "1.2.3"}),
    },
    "slack_interaction": {
        "url": _slack_url("slack_interaction"),
        "send": _slack_send({"payload": __import__("json").dumps(_SLACK_SHORTCUT)}),
    },
}  # fmt: skip


def _inbound_email_url(objects, workspace) -> str:
    # The secret is the capability, so `send` puts in the sender's own: acme's on globex's URL.
    from django.urls import reverse

    return reverse("inbound_email", kwargs={"slug": workspace.slug, "secret": "SECRET"})


def _inbound_email_send(client, url, workspace):
    import uuid

    raw = (
        f"From: Dana Diaz <dana@initech.test>\r\nSubject: Matrix\r\n"
        f"Message-ID: <{uuid.uuid4()}@initech.test>\r\n\r\nSent to {url}\r\n"
    ).encode()
    url = url.replace("SECRET", workspace.inbound_email_secret)
    return client.post(url, raw, content_type="message/rfc822")


INBOUND_ROUTES["inbound_email"] = {"url": _inbound_email_url, "send": _inbound_email_send}
