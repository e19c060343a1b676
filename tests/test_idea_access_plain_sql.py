"""The API's votes and feedback read an idea with one plain SQL row (`related=False`); it must
let through exactly the ideas the ORM lookup does, for customers and for the team."""

import pytest
from django.http import Http404

from keyloop.accounts.models import Membership
from keyloop.feedback import actions
from keyloop.feedback.access import access_idea_by_id

from .portal_support import board_of, idea_on


@pytest.fixture
def ideas(world):
    private = actions.board_create(workspace=world.acme, name="Roadmap drafts", is_private=True)
    root = idea_on(world, title="Export to CSV")
    merged = idea_on(world, title="CSV download")
    actions.idea_merge(idea=merged, into=root, actor=world.alice)
    deleted = idea_on(world, title="Dark mode")
    actions.idea_delete(idea=deleted, actor_user=world.alice)
    return {
        "public": idea_on(world, title="Slack alerts"),
        "private": idea_on(world, title="Secret plan", board=private),
        "unpublished": idea_on(world, title="Held for review", published=False),
        "merged": merged,
        "deleted": deleted,
        "other workspace": idea_on(
            world, title="Globex idea", board=world.globex.boards.order_by("pk").first()
        ),
        "unknown": None,
    }


def _found(world, idea, viewer, related, **options) -> bool:
    membership = Membership.objects.get(workspace=world.acme, user=world.alice) if viewer else None
    try:
        access_idea_by_id(
            workspace=world.acme, membership=membership, related=related, **options,
            idea_id=idea.pk if idea is not None else 10**9,
        )  # fmt: skip
    except Http404:
        return False
    return True


@pytest.mark.parametrize("viewer", ["customer", "team"])
@pytest.mark.parametrize(
    "options", [{}, {"include_deleted": True}, {"include_merged": False}], ids=str
)
def test_both_lookups_agree_on_every_kind_of_idea(world, ideas, viewer, options):
    team = viewer == "team"
    seen = {
        name: tuple(_found(world, idea, team, related, **options) for related in (True, False))
        for name, idea in ideas.items()
    }
    assert all(orm == plain for orm, plain in seen.values()), seen
    visible = {name for name, (orm, _) in seen.items() if orm}
    # the lookups do filter: the public idea is always there, the foreign one never
    assert "public" in visible and "other workspace" not in visible and "unknown" not in visible
    assert ("private" in visible) == team
    assert ("merged" in visible) == ("include_merged" not in options)


def test_a_malformed_id_is_404_not_an_error(world):
    for bad in ("12abc", None, -1, 2**70):
        with pytest.raises(Http404):
            access_idea_by_id(workspace=world.acme, membership=None, idea_id=bad, related=False)


def test_the_plain_row_is_the_whole_idea(world):
    idea = idea_on(world, title="Export to CSV", body="As a *spreadsheet*")
    row = access_idea_by_id(workspace=world.acme, membership=None, idea_id=idea.pk, related=False)
    assert (row.title, row.body, row.board, row.status) == (
        "Export to CSV", "As a *spreadsheet*", board_of(world), idea.status,
    )  # fmt: skip
