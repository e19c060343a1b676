"""The team moves an idea to another board and pins it to the top of its board."""

import pytest
from django.urls import reverse

from keyloop.feedback import actions, queries


@pytest.fixture
def idea(world):
    board = world.acme.boards.get(slug="feature-requests")
    return actions.idea_create(board=board, title="Slack alerts", body="", author=world.dana)


def test_alice_moves_an_idea_to_the_integrations_board(world, idea):
    integrations = actions.board_create(workspace=world.acme, name="Integrations")

    response = world.client_for(world.alice).post(
        reverse("team_idea_board", args=["acme", idea.pk]), {"board": integrations.pk}, follow=True
    )

    idea.refresh_from_db()
    assert idea.board == integrations
    assert "Alice Adams moved the idea from Feature requests to Integrations" in (
        response.content.decode()
    )


def test_a_board_of_another_workspace_is_404_and_the_idea_stays(world, idea):
    globex_board = world.globex.boards.get(slug="feature-requests")

    response = world.client_for(world.alice).post(
        reverse("team_idea_board", args=["acme", idea.pk]), {"board": globex_board.pk}
    )

    assert response.status_code == 404
    idea.refresh_from_db()
    assert idea.board.workspace == world.acme


def test_a_pinned_idea_leads_its_board_and_unpinning_puts_it_back(world, idea):
    board = idea.board
    newer = actions.idea_create(board=board, title="Dark mode", body="", author=world.eve)
    alice = world.client_for(world.alice)
    url = reverse("team_idea_pin", args=["acme", idea.pk])

    alice.post(url, {"pinned": "1"})
    assert list(queries.board_ideas(board=board, sort="new"))[0] == idea

    alice.post(url, {"pinned": "0"})
    assert list(queries.board_ideas(board=board, sort="new"))[0] == newer


def test_a_pin_request_without_a_choice_changes_nothing(world, idea):
    response = world.client_for(world.alice).post(
        reverse("team_idea_pin", args=["acme", idea.pk]), {"pinned": "maybe"}, follow=True
    )

    assert "Choose whether to pin or unpin the idea." in response.content.decode()
    idea.refresh_from_db()
    assert idea.is_pinned is False
