"""Helpers the portal tests share: boards, ideas, logged-in customers and magic links."""

import re

from django.urls import reverse

from keyloop.feedback import actions
from keyloop.feedback.portal_session import magic_link_token

from .conftest import body_of

MAGIC_LINK = re.compile(r"https?://[^\s\"<>]+/login/[^/\s\"<>]+/")


def board_of(world, slug="feature-requests"):
    return world.acme.boards.get(slug=slug)


def idea_on(world, title="Export to CSV", body="", author=None, board=None, **kwargs):
    return actions.idea_create(
        board=board or board_of(world), title=title, body=body, author=author, **kwargs
    )


def click_magic_link(client, path):
    """Open a magic link and press its button, as a customer does: the redirect after."""
    page = client.get(path)
    assert page.status_code == 200, page
    response = client.post(path)
    assert response.status_code == 302, response
    return response


def log_in_customer(client, person):
    """Follow a fresh magic link for `person`, as if from their inbox."""
    token = magic_link_token(workspace=person.workspace, email=person.email)
    path = reverse("portal_login_token", args=[person.workspace.slug, token])
    response = click_magic_link(client, path)
    client.get(response["Location"])  # lands, and reads the "logged in" message
    return client


def magic_link_in(message) -> str:
    """The portal link in a mail, as a path (the tests' client has no host)."""
    found = MAGIC_LINK.search(body_of(message))
    assert found, body_of(message)
    return re.sub(r"^https?://[^/]+", "", found.group(0))
