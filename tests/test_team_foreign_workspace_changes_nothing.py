"""Charlie (owner of globex) posts to every team page of acme with valid acme ids: 404, and
not one board, status, tag, idea, comment or changelog entry of acme changes."""

import pytest
from django.urls import reverse

from keyloop.accounts.models import Membership
from keyloop.feedback.models import Board, ChangelogEntry, Comment, Idea, Status, Tag

from .routes_feedback_team import TEAM_ROUTES
from .test_tenant_isolation import acme_objects  # noqa: F401 (the shared fixture)


def _payload(name, objects):
    """What a real attacker would send: acme's own ids, not garbage."""
    bob = Membership.objects.get(workspace=objects["idea"].workspace, user__email="bob@acme.test")
    specific = {
        "team_idea_status": {"status": objects["status"].id, "comment": "pwned"},
        "team_idea_owner": {"owner": bob.id},
        "team_idea_tags": {"tags": [objects["tag"].id]},
        "team_idea_board": {"board": objects["private_board"].id},
        "team_board_delete": {"move_to": objects["public_board"].id},
        "team_changelog_new": {
            "title": "Spy", "ideas": [objects["idea"].id], "intent": "publish",
            "mark_shipped": "on",
        },
    }  # fmt: skip
    return specific.get(name, TEAM_ROUTES[name].post)


def _feedback_state(workspace):
    return (
        sorted(Board.objects.filter(workspace=workspace).values_list(
            "name", "is_private", "is_locked")),
        sorted(Status.objects.filter(workspace=workspace).values_list(
            "name", "color", "category", "position", "is_default")),
        sorted(Tag.objects.filter(workspace=workspace).values_list("name", "color")),
        sorted(Idea.objects.filter(workspace=workspace).values_list(
            "title", "body", "board__name", "status__name", "owner_id", "eta", "is_pinned",
            "deleted_at", "version")),
        sorted(Comment.objects.filter(idea__workspace=workspace).values_list("body", flat=True)),
        sorted(ChangelogEntry.objects.filter(workspace=workspace).values_list(
            "title", "published_at")),
        sorted(Idea.tags.through.objects.filter(idea__workspace=workspace).values_list(
            "idea_id", "tag_id")),
    )  # fmt: skip


@pytest.mark.parametrize(
    "name", sorted(name for name, r in TEAM_ROUTES.items() if r.post is not None)
)
def test_charlie_changes_nothing_in_acme(world, acme_objects, name):  # noqa: F811
    url = reverse(name, kwargs={"slug": "acme", **TEAM_ROUTES[name].kwargs(acme_objects)})
    before = _feedback_state(world.acme)

    response = world.client_for(world.charlie).post(url, _payload(name, acme_objects))

    assert response.status_code == 404
    assert _feedback_state(world.acme) == before
