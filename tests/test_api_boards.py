"""Boards through the API."""

import pytest

from keyloop.feedback import actions
from keyloop.feedback.models import Board


def test_the_list_shows_every_board_with_its_portal_address(world, api, settings):
    settings.BASE_URL = "https://feedback.example.com"
    public = world.acme.boards.get(slug="feature-requests")
    actions.idea_create(board=public, title="Dark mode", author=None)
    private = actions.board_create(
        workspace=world.acme, name="Internal", is_private=True, description="Team only"
    )

    items = api.get("/boards").json()["items"]

    assert items == [
        {
            "id": public.id, "name": "Feature requests", "slug": "feature-requests",
            "description": "What should we build next?", "is_private": False, "is_locked": False,
            "url": "https://feedback.example.com/acme/boards/feature-requests/", "idea_count": 1,
        },
        {
            "id": private.id, "name": "Internal", "slug": "internal", "description": "Team only",
            "is_private": True, "is_locked": False,
            "url": "https://feedback.example.com/acme/boards/internal/", "idea_count": 0,
        },
    ]  # fmt: skip


def test_a_board_is_created_with_an_address_of_its_own(world, api):
    first = api.post("/boards", {"name": "Integrations", "description": "Connect things"})
    second = api.post("/boards", {"name": "Integrations", "is_locked": True})

    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json()["slug"] == "integrations"
    assert second.json()["slug"] == "integrations-2" and second.json()["is_locked"] is True
    assert world.client_for(None).get("/acme/boards/integrations/").status_code == 200


@pytest.mark.parametrize(
    "board, field",
    [
        ({"name": ""}, "name"),
        ({"name": "x" * 81}, "name"),
        ({"name": "Bugs", "slug": "feature-requests"}, "slug"),
        ({"name": "Bugs", "is_private": "sometimes"}, "is_private"),
        ({"name": "Bugs", "owner": "me"}, "owner"),
        ({"description": "No name"}, "name"),
    ],
)
def test_a_bad_board_is_422_and_not_created(world, api, board, field):
    response = api.post("/boards", board)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == field
    assert Board.objects.filter(workspace=world.acme).count() == 1
