"""Lists come in pages joined by cursors: no idea is skipped or repeated, whatever the sort."""

import pytest
import time_machine
from django.utils import timezone

from keyloop.accounts.models import Person
from keyloop.feedback import actions


@pytest.fixture
def board(world):
    return world.acme.boards.get(slug="feature-requests")


def _walk(api, path, cursor=None, **params):
    """Every page of a list, following next_cursor; returns the ids in order and page count."""
    ids, pages = [], 0
    while True:
        response = api.get(path, **params, **({"cursor": cursor} if cursor else {}))
        assert response.status_code == 200, response.content
        pages += 1
        ids += [item.get("id") or item["person"]["id"] for item in response.json()["items"]]
        cursor = response.json()["next_cursor"]
        if cursor is None:
            return ids, pages


@pytest.mark.parametrize("sort", ["trending", "top", "new"])
def test_walking_the_pages_visits_every_idea_once_even_with_ties(world, api, board, sort):
    voters = [Person.objects.create(workspace=world.acme, email=f"{n}@x.test") for n in range(3)]
    with time_machine.travel(timezone.now(), tick=False):  # equal times: ties on every key
        ideas = [actions.idea_create(board=board, title=f"Idea {n}", author=None) for n in range(9)]
        for idea in ideas[:4]:
            actions.vote_add(idea=idea, person=voters[0])
    for voter in voters:
        actions.vote_add(idea=ideas[8], person=voter)
    actions.idea_set_pinned(idea=ideas[5], pinned=True, actor_user=None)

    everything = [item["id"] for item in api.get("/ideas", sort=sort, limit=100).json()["items"]]
    paged, pages = _walk(api, "/ideas", sort=sort, limit=2)

    assert paged == everything and len(set(paged)) == 9
    assert pages == 5
    assert everything[0] == ideas[5].id  # pinned first


def test_ideas_added_while_paging_do_not_shift_later_pages(world, api, board):
    ideas = [actions.idea_create(board=board, title=f"Idea {n}", author=None) for n in range(5)]
    first = api.get("/ideas", sort="new", limit=2).json()
    actions.idea_create(board=board, title="Brand new", author=None)

    rest, _ = _walk(api, "/ideas", sort="new", limit=2, cursor=first["next_cursor"])

    assert rest == [ideas[2].id, ideas[1].id, ideas[0].id]


def test_votes_and_comments_page_too(world, api, board):
    idea = actions.idea_create(board=board, title="Popular", author=None)
    people = [Person.objects.create(workspace=world.acme, email=f"{n}@x.test") for n in range(5)]
    for person in people:
        actions.vote_add(idea=idea, person=person)
        actions.comment_add(idea=idea, body=f"From {person.email}", author=person)

    voters, vote_pages = _walk(api, f"/ideas/{idea.id}/votes", limit=2)
    comments, comment_pages = _walk(api, f"/ideas/{idea.id}/comments", limit=2)

    assert voters == [person.id for person in reversed(people)] and vote_pages == 3
    assert len(set(comments)) == 5 and comments == sorted(comments) and comment_pages == 3


def test_the_default_page_holds_twenty_ideas(world, api, board):
    for n in range(21):
        actions.idea_create(board=board, title=f"Idea {n}", author=None)
    page = api.get("/ideas").json()
    assert len(page["items"]) == 20 and page["next_cursor"]
    assert len(api.get("/ideas", limit=100).json()["items"]) == 21


@pytest.mark.parametrize("limit", [0, 101, "ten"])
def test_a_limit_outside_1_to_100_is_422(api, limit):
    response = api.get("/ideas", limit=limit)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "limit"


def test_a_forged_or_foreign_cursor_is_422(world, api, board):
    for n in range(3):
        actions.idea_create(board=board, title=f"Idea {n}", author=None)
    cursor = api.get("/ideas", sort="top", limit=1).json()["next_cursor"]
    tampered = cursor[:-3] + ("AAA" if not cursor.endswith("AAA") else "BBB")

    for bad, message in (
        ("garbage", "not valid"),
        (tampered, "not valid"),
        (cursor, "another sort order"),
    ):
        response = api.get("/ideas", sort="new", cursor=bad)
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "cursor"
        assert message in response.json()["errors"][0]["message"]
