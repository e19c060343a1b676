"""Internal notes are for the team: marked as such for them, invisible to customers."""

import pytest
from django.urls import reverse

from keyloop.feedback import actions, queries


@pytest.fixture
def idea(world):
    board = world.acme.boards.get(slug="feature-requests")
    return actions.idea_create(board=board, title="SSO with Okta", body="", author=world.dana)


def test_bob_writes_a_note_that_the_team_sees_marked_internal(world, idea):
    bob = world.client_for(world.bob)

    response = bob.post(
        reverse("team_idea_note", args=["acme", idea.pk]),
        {"body": "Initech renews in May; this is their **top** ask."},
        follow=True,
    )

    page = response.content.decode()
    assert "Note added. Only your team sees it." in page
    assert "Internal — only your team sees this" in page
    assert "<strong>top</strong>" in page


def test_customers_never_see_internal_notes(world, idea):
    world.client_for(world.bob).post(
        reverse("team_idea_note", args=["acme", idea.pk]), {"body": "Initech renews in May"}
    )
    actions.comment_add(idea=idea, body="We need this too", author=world.eve)

    public = queries.idea_comments(idea=idea, include_internal=False)
    assert [c.body for c in public] == ["We need this too"]
    idea.refresh_from_db()
    assert idea.comment_count == 1
    portal = world.client_for(None).get(reverse("idea", args=["acme", idea.pk])).content.decode()
    assert "We need this too" in portal
    assert "Initech renews in May" not in portal


def test_an_empty_note_is_refused(world, idea):
    response = world.client_for(world.bob).post(
        reverse("team_idea_note", args=["acme", idea.pk]), {"body": "   "}, follow=True
    )

    assert "Write the note first." in response.content.decode()
    assert queries.idea_comments(idea=idea, include_internal=True) == []
