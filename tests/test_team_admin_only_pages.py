"""Boards, statuses and tags are managed by owners and admins; any member works on ideas."""

import pytest
from django.urls import reverse

from keyloop.feedback import actions
from keyloop.feedback.models import Board, Status


@pytest.mark.parametrize("name", ["team_boards", "team_statuses", "team_tags"])
def test_a_plain_member_does_not_reach_the_setup_pages(world, name):
    response = world.client_for(world.bob).get(reverse(name, args=["acme"]))

    assert response.status_code == 404


def test_a_plain_member_cannot_change_statuses_or_boards(world):
    bob = world.client_for(world.bob)
    planned = Status.objects.get(workspace=world.acme, name="Planned")
    board = world.acme.boards.get(slug="feature-requests")

    bob.post(
        reverse("team_status_edit", args=["acme", planned.pk]),
        {"name": "Bob's", "color": "#000000", "category": "open"},
    )
    bob.post(reverse("team_board_delete", args=["acme", board.pk]))
    bob.post(reverse("team_boards", args=["acme"]), {"name": "Bob's board"})

    planned.refresh_from_db()
    assert planned.name == "Planned"
    assert list(Board.objects.filter(workspace=world.acme)) == [board]


@pytest.mark.parametrize("name", ["team_ideas", "team_changelog", "team_changelog_new"])
def test_a_plain_member_works_on_ideas_and_the_changelog(world, name):
    assert world.client_for(world.bob).get(reverse(name, args=["acme"])).status_code == 200


def test_the_navigation_shows_setup_links_to_admins_only(world):
    actions.tag_create(workspace=world.acme, name="Mobile")
    alice_nav = world.client_for(world.alice).get(reverse("team_ideas", args=["acme"]))
    bob_nav = world.client_for(world.bob).get(reverse("team_ideas", args=["acme"]))

    for html in (alice_nav.content.decode(), bob_nav.content.decode()):
        assert reverse("team_ideas", args=["acme"]) in html
        assert reverse("team_changelog", args=["acme"]) in html
    assert reverse("workspace_settings", args=["acme"]) in alice_nav.content.decode()
    assert reverse("workspace_settings", args=["acme"]) not in bob_nav.content.decode()
    settings_page = world.client_for(world.alice).get(reverse("team_statuses", args=["acme"]))
    for name in ("team_boards", "team_statuses", "team_tags", "api_keys"):
        assert reverse(name, args=["acme"]) in settings_page.content.decode()
