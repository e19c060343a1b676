"""The inbound e-mail URL's capability: a workspace's slug and its inbound secret, or 404."""

import hmac

from django.http import Http404

from keyloop.accounts.models import Workspace


def access_workspace_by_inbound_secret(*, slug: str, secret: str) -> Workspace:
    """Unknown workspace and wrong secret give the same 404; the secret is compared in
    constant time."""
    workspace = Workspace.objects.filter(slug=slug).first()
    expected = workspace.inbound_email_secret if workspace else ""
    given = (secret or "").encode("utf-8", "replace")
    # Compare even when the workspace is unknown, so both answers take the same time.
    matches = hmac.compare_digest(expected.encode() or b"\0" * 43, given)
    if workspace is None or not expected or not matches:
        raise Http404("Not found.")
    return workspace
