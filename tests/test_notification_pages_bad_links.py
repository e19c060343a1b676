"""A settings or unsubscribe link that was tampered with, cut off, or made for another
workspace shows the 400 "This link is not valid" page — for a GET and for a POST — and
changes nobody's settings."""

import pytest
from django.urls import reverse

from keyloop.accounts.models import Person
from keyloop.feedback import actions as feedback
from keyloop.notifications.models import IdeaMute
from keyloop.notifications.unsubscribe import unsubscribe_token

PAGES = ["notification_unsubscribe", "notification_preferences"]


def _settings():
    return sorted(
        Person.objects.values_list("pk", "email_notifications", "workspace_updates_muted")
    )


def _tampered(world) -> dict[str, tuple[str, str]]:
    """Workspace slug and token, each bad in its own way."""
    good = unsubscribe_token(world.eve)
    globex_person = Person.objects.create(workspace=world.globex, email="gil@globex.test")
    _, timestamp, signature = good.split(":")
    danas = unsubscribe_token(world.dana).split(":")[0]
    changed = good[:-4] + ("AAAA" if not good.endswith("AAAA") else "BBBB")
    return {
        "Dana's id under Eve's signature": ("acme", f"{danas}:{timestamp}:{signature}"),
        "signature changed": ("acme", changed),
        "cut off by a mail program": ("acme", good[: len(good) // 2]),
        "not a token at all": ("acme", "hello"),
        "another workspace's token": ("acme", unsubscribe_token(globex_person)),
        "acme's token on globex's portal": ("globex", good),
    }  # fmt: skip


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_bad_link_shows_the_not_valid_page_and_changes_nothing(world, client, page, method):
    board = world.acme.boards.get(slug="feature-requests")
    idea = feedback.idea_create(board=board, title="Dark mode", author=None)
    for why, (slug, token) in _tampered(world).items():
        before = _settings()
        url = reverse(page, args=[slug, token])
        data = {"idea_updates": "", "workspace_updates": "", "email_updates": ""}
        response = getattr(client, method)(
            f"{url}?idea={idea.pk}", data if method == "post" else None
        )
        assert response.status_code == 400, why
        html = response.content.decode()
        assert "This link is not valid" in html, why
        assert "Nothing was changed." in html, why
        assert _settings() == before, why
        assert not IdeaMute.objects.exists(), why


def test_the_real_link_still_works_after_the_bad_ones(world, client):
    url = reverse("notification_unsubscribe", args=["acme", unsubscribe_token(world.eve)])
    assert client.post(url).status_code == 200
    world.eve.refresh_from_db()
    assert world.eve.email_notifications is False
