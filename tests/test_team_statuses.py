"""Owners and admins shape the workspace's statuses; no idea is ever left without one."""

from html import unescape

import pytest
from django.urls import reverse

from keyloop.feedback import actions
from keyloop.feedback.models import Idea, Status


def _names(workspace):
    return list(Status.objects.filter(workspace=workspace).values_list("name", flat=True))


def _status(workspace, name):
    return Status.objects.get(workspace=workspace, name=name)


@pytest.fixture
def idea(world):
    board = world.acme.boards.get(slug="feature-requests")
    return actions.idea_create(board=board, title="CSV", body="", author=world.dana)


def test_alice_adds_a_status_in_the_planned_category(world):
    response = world.client_for(world.alice).post(
        reverse("team_statuses", args=["acme"]),
        {"name": "Next sprint", "color": "#0e7490", "category": "planned"},
        follow=True,
    )

    status = _status(world.acme, "Next sprint")
    assert (status.color, status.category) == ("#0e7490", "planned")
    assert _names(world.acme)[-1] == "Next sprint"
    assert "The status “Next sprint” is ready." in response.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "color": "#0e7490", "category": "open"}, "Give the status a name."),
        ({"name": "Red", "color": "red", "category": "open"}, "Use a colour like #4f46e5."),
        ({"name": "Odd", "color": "#0e7490", "category": "someday"}, "Select a valid choice."),
        ({"name": "planned", "color": "#0e7490", "category": "open"}, "A status with this name"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_adds_nothing(world, data, message):
    before = _names(world.acme)

    response = world.client_for(world.alice).post(reverse("team_statuses", args=["acme"]), data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert _names(world.acme) == before


def test_alice_renames_recolours_and_recategorises_a_status(world):
    planned = _status(world.acme, "Planned")

    world.client_for(world.alice).post(
        reverse("team_status_edit", args=["acme", planned.pk]),
        {"name": "On the plan", "color": "#123abc", "category": "in_progress"},
    )

    planned.refresh_from_db()
    assert (planned.name, planned.color, planned.category) == (
        "On the plan", "#123abc", "in_progress",
    )  # fmt: skip


def test_a_bad_colour_on_edit_keeps_the_old_one_and_says_why(world):
    planned = _status(world.acme, "Planned")

    response = world.client_for(world.alice).post(
        reverse("team_status_edit", args=["acme", planned.pk]),
        {"name": "Planned", "color": "javascript:alert(1)", "category": "planned"},
        follow=True,
    )

    assert "“Planned” was not changed" in response.content.decode()
    planned.refresh_from_db()
    assert planned.color == "#2563eb"


def test_up_and_down_buttons_reorder_the_statuses(world):
    alice = world.client_for(world.alice)
    planned = _status(world.acme, "Planned")

    alice.post(reverse("team_status_move", args=["acme", planned.pk]), {"direction": "up"})
    assert _names(world.acme)[:3] == ["Open", "Planned", "Under review"]

    alice.post(reverse("team_status_move", args=["acme", planned.pk]), {"direction": "down"})
    alice.post(reverse("team_status_move", args=["acme", planned.pk]), {"direction": "down"})
    assert _names(world.acme)[1:4] == ["Under review", "In progress", "Planned"]


def test_making_a_status_the_default_gives_new_ideas_that_status(world):
    under_review = _status(world.acme, "Under review")

    world.client_for(world.alice).post(
        reverse("team_status_default", args=["acme", under_review.pk])
    )

    board = world.acme.boards.get(slug="feature-requests")
    idea = actions.idea_create(board=board, title="New", body="", author=world.dana)
    assert idea.status == under_review
    assert Status.objects.filter(workspace=world.acme, is_default=True).count() == 1


def test_deleting_a_status_in_use_needs_a_replacement(world, idea):
    open_status = idea.status
    response = world.client_for(world.alice).post(
        reverse("team_status_delete", args=["acme", open_status.pk]), {}, follow=True
    )

    assert "Choose the status this status's ideas move to." in unescape(response.content.decode())
    assert Status.objects.filter(pk=open_status.pk).exists()
    idea.refresh_from_db()
    assert idea.status == open_status


def test_deleting_the_default_status_moves_its_ideas_and_the_default(world, idea):
    open_status = idea.status
    under_review = _status(world.acme, "Under review")

    world.client_for(world.alice).post(
        reverse("team_status_delete", args=["acme", open_status.pk]),
        {"replacement": under_review.pk},
    )

    assert not Status.objects.filter(pk=open_status.pk).exists()
    assert Idea.objects.get(pk=idea.pk).status == under_review
    under_review.refresh_from_db()
    assert under_review.is_default


def test_the_replacement_must_be_a_status_of_this_workspace(world, idea):
    globex_open = _status(world.globex, "Open")

    response = world.client_for(world.alice).post(
        reverse("team_status_delete", args=["acme", idea.status.pk]),
        {"replacement": globex_open.pk},
    )

    assert response.status_code == 404
    assert Idea.objects.get(pk=idea.pk).status.workspace == world.acme


def test_an_unused_status_is_deleted_without_a_replacement(world):
    closed = _status(world.acme, "Closed")

    world.client_for(world.alice).post(reverse("team_status_delete", args=["acme", closed.pk]))

    assert "Closed" not in _names(world.acme)


def test_the_default_status_is_never_deleted_without_a_successor(world):
    default = Status.objects.get(workspace=world.acme, is_default=True)
    assert not Idea.objects.filter(status=default).exists()

    response = world.client_for(world.alice).post(
        reverse("team_status_delete", args=["acme", default.pk]), {"replacement": ""}, follow=True
    )

    assert "Choose the status this status's ideas move to." in unescape(response.content.decode())
    default.refresh_from_db()
    assert default.is_default
