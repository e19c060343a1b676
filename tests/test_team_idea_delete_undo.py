"""Deleting an idea hides it from customers; the flash message and the bin offer undo."""

import pytest
from django.urls import reverse

from keyloop.feedback import actions, queries


@pytest.fixture
def idea(world):
    board = world.acme.boards.get(slug="feature-requests")
    idea = actions.idea_create(board=board, title="Spam about crypto", body="", author=world.eve)
    actions.vote_add(idea=idea, person=world.dana)
    return idea


def test_deleting_hides_the_idea_and_the_message_offers_undo(world, idea):
    bob = world.client_for(world.bob)

    response = bob.post(reverse("team_idea_delete", args=["acme", idea.pk]), follow=True)

    idea.refresh_from_db()
    assert idea.deleted_at is not None
    assert idea not in queries.board_ideas(board=idea.board)
    page = response.content.decode()
    assert "“Spam about crypto” was deleted." in page
    restore_url = reverse("team_idea_restore", args=["acme", idea.pk])
    assert f'action="{restore_url}"' in page
    assert ">Undo</button>" in page
    assert world.client_for(None).get(reverse("idea", args=["acme", idea.pk])).status_code == 404


def test_undo_brings_the_idea_back_with_its_votes(world, idea):
    bob = world.client_for(world.bob)
    bob.post(reverse("team_idea_delete", args=["acme", idea.pk]))

    response = bob.post(reverse("team_idea_restore", args=["acme", idea.pk]), follow=True)

    idea.refresh_from_db()
    assert idea.deleted_at is None
    assert idea.vote_count == 2
    assert idea in queries.board_ideas(board=idea.board)
    page = response.content.decode()
    assert "“Spam about crypto” is back." in page
    assert "Bob Brown deleted the idea" in page and "Bob Brown restored the idea" in page


def test_deleted_ideas_wait_in_the_deleted_view_with_a_restore_button(world, idea):
    kept = actions.idea_create(board=idea.board, title="Dark mode", body="", author=world.dana)
    actions.idea_delete(idea=idea, actor_user=world.alice)
    alice = world.client_for(world.alice)

    deleted_view = alice.get(reverse("team_ideas", args=["acme"]), {"view": "deleted"})
    normal_view = alice.get(reverse("team_ideas", args=["acme"]))

    deleted_page = deleted_view.content.decode()
    assert "Spam about crypto" in deleted_page and "Dark mode" not in deleted_page
    assert reverse("team_idea_restore", args=["acme", idea.pk]) in deleted_page
    assert kept.title in normal_view.content.decode()
    assert "Spam about crypto" not in normal_view.content.decode()


def test_a_deleted_idea_cannot_be_changed_until_restored(world, idea):
    actions.idea_delete(idea=idea, actor_user=world.alice)
    alice = world.client_for(world.alice)

    response = alice.post(
        reverse("team_idea_pin", args=["acme", idea.pk]), {"pinned": "1"}, follow=True
    )

    assert "This idea is deleted. Restore it before changing it." in response.content.decode()
    idea.refresh_from_db()
    assert idea.is_pinned is False
