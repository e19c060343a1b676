"""Owners and admins create, edit and delete boards; a board's ideas never get lost."""

from html import unescape

import pytest
from django.urls import reverse

from keyloop.feedback import actions
from keyloop.feedback.models import Board, Idea


@pytest.fixture
def feature_requests(world):
    return world.acme.boards.get(slug="feature-requests")


def test_alice_creates_a_private_board(world):
    response = world.client_for(world.alice).post(
        reverse("team_boards", args=["acme"]),
        {"name": "Internal roadmap", "description": "Team bets", "is_private": "on"},
        follow=True,
    )

    board = Board.objects.get(workspace=world.acme, name="Internal roadmap")
    assert board.is_private and not board.is_locked
    assert board.slug == "internal-roadmap"
    assert "The board “Internal roadmap” is ready." in response.content.decode()


def test_a_board_without_a_name_is_refused(world):
    before = Board.objects.filter(workspace=world.acme).count()

    response = world.client_for(world.alice).post(
        reverse("team_boards", args=["acme"]), {"name": "   ", "description": "x"}
    )

    assert response.status_code == 200
    assert "Give the board a name." in response.content.decode()
    assert Board.objects.filter(workspace=world.acme).count() == before


def test_alice_renames_a_board_and_closes_it_to_new_ideas(world, feature_requests):
    world.client_for(world.alice).post(
        reverse("team_board_edit", args=["acme", feature_requests.pk]),
        {"name": "Ideas", "description": "Tell us", "is_locked": "on"},
    )

    feature_requests.refresh_from_db()
    assert (feature_requests.name, feature_requests.is_locked) == ("Ideas", True)
    assert feature_requests.slug == "feature-requests"  # links keep working


def test_deleting_a_board_with_ideas_needs_a_board_to_move_them_to(world, feature_requests):
    idea = actions.idea_create(board=feature_requests, title="CSV", body="", author=world.dana)
    alice = world.client_for(world.alice)
    url = reverse("team_board_delete", args=["acme", feature_requests.pk])

    response = alice.post(url, {"move_to": ""}, follow=True)

    assert "Choose another board to move this board's ideas to." in unescape(
        response.content.decode()
    )
    assert Board.objects.filter(pk=feature_requests.pk).exists()
    idea.refresh_from_db()
    assert idea.board == feature_requests


def test_deleting_a_board_moves_its_ideas_including_deleted_ones(world, feature_requests):
    bugs = actions.board_create(workspace=world.acme, name="Bugs")
    live = actions.idea_create(board=feature_requests, title="CSV", body="", author=world.dana)
    gone = actions.idea_create(board=feature_requests, title="Spam", body="", author=world.eve)
    actions.idea_delete(idea=gone, actor_user=world.alice)
    page = world.client_for(world.alice).get(
        reverse("team_board_delete", args=["acme", feature_requests.pk])
    )
    assert "2 ideas" in page.content.decode()

    response = world.client_for(world.alice).post(
        reverse("team_board_delete", args=["acme", feature_requests.pk]),
        {"move_to": bugs.pk},
        follow=True,
    )

    assert not Board.objects.filter(pk=feature_requests.pk).exists()
    assert set(Idea.objects.filter(board=bugs)) == {live, gone}
    assert "Its 2 ideas moved to Bugs." in response.content.decode()


def test_ideas_cannot_be_moved_to_another_workspace_board(world, feature_requests):
    actions.idea_create(board=feature_requests, title="CSV", body="", author=world.dana)
    globex_board = world.globex.boards.get(slug="feature-requests")

    response = world.client_for(world.alice).post(
        reverse("team_board_delete", args=["acme", feature_requests.pk]),
        {"move_to": globex_board.pk},
    )

    assert response.status_code == 404
    assert Board.objects.filter(pk=feature_requests.pk).exists()
    assert not Idea.objects.filter(board=globex_board).exists()


def test_an_empty_board_is_deleted_without_asking_for_a_target(world):
    empty = actions.board_create(workspace=world.acme, name="Old board")

    world.client_for(world.alice).post(reverse("team_board_delete", args=["acme", empty.pk]))

    assert not Board.objects.filter(pk=empty.pk).exists()
