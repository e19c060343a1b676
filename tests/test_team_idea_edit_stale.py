"""Editing an idea's wording: a stale edit never overwrites a colleague's change."""

import pytest
from django.urls import reverse

from keyloop.feedback import actions


@pytest.fixture
def idea(world):
    board = world.acme.boards.get(slug="feature-requests")
    return actions.idea_create(
        board=board, title="csv export pls", body="need it", author=world.dana
    )


def _edit_url(idea):
    return reverse("team_idea_edit", args=["acme", idea.pk])


def test_alice_rewords_an_idea(world, idea):
    alice = world.client_for(world.alice)
    form = alice.get(_edit_url(idea))
    assert f'name="version" value="{idea.version}"' in form.content.decode()

    response = alice.post(
        _edit_url(idea),
        {"title": "Export reports to CSV", "body": "Monthly reports, per team.", "version": 1},
        follow=True,
    )

    idea.refresh_from_db()
    assert (idea.title, idea.body) == ("Export reports to CSV", "Monthly reports, per team.")
    page = response.content.decode()
    assert "Your changes are saved." in page
    assert "Alice Adams edited the title or description" in page


def test_a_stale_edit_is_refused_and_keeps_both_texts(world, idea):
    alice, bob = world.client_for(world.alice), world.client_for(world.bob)
    alice.get(_edit_url(idea))  # both open the form at version 1
    bob.get(_edit_url(idea))
    bob.post(_edit_url(idea), {"title": "Export to CSV (Bob)", "body": "Bob's words", "version": 1})

    response = alice.post(
        _edit_url(idea), {"title": "Export to CSV (Alice)", "body": "Alice's words", "version": 1}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone changed this idea after you opened it." in page
    # Alice's text is still in her form, Bob's is shown as what is saved now.
    assert 'value="Export to CSV (Alice)"' in page
    assert "Alice&#x27;s words</textarea>" in page
    assert "What is saved now" in page and "<p>Bob's words</p>" in page
    idea.refresh_from_db()
    assert (idea.title, idea.body) == ("Export to CSV (Bob)", "Bob's words")


def test_after_seeing_the_other_change_saving_again_is_a_deliberate_choice(world, idea):
    alice = world.client_for(world.alice)
    actions.idea_update(idea=idea, title="Bob's title", body="", version=1, actor_user=world.bob)
    refused = alice.post(_edit_url(idea), {"title": "Alice's title", "body": "", "version": 1})
    assert 'name="version" value="2"' in refused.content.decode()

    alice.post(_edit_url(idea), {"title": "Alice's title", "body": "", "version": 2})

    idea.refresh_from_db()
    assert idea.title == "Alice's title"


def test_an_empty_or_over_long_title_is_refused_and_changes_nothing(world, idea):
    alice = world.client_for(world.alice)

    empty = alice.post(_edit_url(idea), {"title": "  ", "body": "x", "version": 1})
    too_long = alice.post(_edit_url(idea), {"title": "x" * 201, "body": "x", "version": 1})

    assert "Give the idea a title." in empty.content.decode()
    assert "at most 200 characters" in too_long.content.decode()
    idea.refresh_from_db()
    assert idea.title == "csv export pls"
