"""Statuses through the API."""

import pytest

from keyloop.feedback.models import Status


def test_the_list_shows_the_workspace_s_statuses_in_order(api):
    items = api.get("/statuses").json()["items"]
    assert [(s["name"], s["category"]) for s in items] == [
        ("Open", "open"), ("Under review", "under_review"), ("Planned", "planned"),
        ("In progress", "in_progress"), ("Shipped", "shipped"), ("Closed", "closed"),
    ]  # fmt: skip
    assert items[0]["is_default"] is True and items[0]["color"] == "#64748b"


def test_a_status_is_created_at_the_end(world, api):
    response = api.post(
        "/statuses", {"name": "Beta", "color": "#0EA5E9", "category": "in_progress"}
    )
    assert response.status_code == 201
    assert response.json() == {
        "id": response.json()["id"], "name": "Beta", "color": "#0EA5E9",
        "category": "in_progress", "position": 6, "is_default": False,
    }  # fmt: skip
    assert api.get("/statuses").json()["items"][-1]["name"] == "Beta"


@pytest.mark.parametrize(
    "status, field",
    [
        ({"name": "planned", "category": "planned"}, "name"),
        ({"name": "", "category": "planned"}, "name"),
        ({"name": "x" * 41, "category": "planned"}, "name"),
        ({"name": "Beta", "category": "someday"}, "category"),
        ({"name": "Beta", "category": "planned", "color": "blue"}, "color"),
        ({"name": "Beta"}, "category"),
    ],
)
def test_a_bad_status_is_422_and_not_created(world, api, status, field):
    response = api.post("/statuses", status)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == field
    assert Status.objects.filter(workspace=world.acme).count() == 6
