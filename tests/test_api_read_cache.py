"""API reads are answered from a cache, yet a write or a revoked key takes effect at once."""

import pytest

from keyloop.accounts.actions import api_key_revoke
from keyloop.accounts.models import ApiKey

# Real commits: invalidation happens when a transaction commits, as in production.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _api_cache_on(settings):
    settings.API_READ_CACHE_SECONDS = 300


def titles(response):
    return [idea["title"] for idea in response.json()["items"]]


def test_a_repeated_list_is_answered_without_the_database(api, django_assert_num_queries):
    first = api.get("/ideas")
    assert first.status_code == 200
    with django_assert_num_queries(0):
        again = api.get("/ideas")
    assert again.json() == first.json()


def test_a_new_idea_shows_in_the_next_list(world, api):
    assert titles(api.get("/ideas")) == []
    board = world.acme.boards.get(slug="feature-requests")
    created = api.post("/ideas", {"board_id": board.id, "title": "Dark mode", "body": ""})
    assert created.status_code == 201
    assert titles(api.get("/ideas")) == ["Dark mode"]


def test_a_revoked_key_is_refused_at_once_even_for_cached_answers(world, api):
    assert api.get("/ideas").status_code == 200
    api_key_revoke(api_key=ApiKey.objects.get(workspace=world.acme, name="Tests"))
    response = api.get("/ideas")
    assert response.status_code == 401


def test_another_key_never_gets_this_keys_cached_answer(world, api):
    from .api_client import api_for

    api.get("/workspace")
    globex = api_for(world.globex)
    assert globex.get("/workspace").json()["slug"] == "globex"
