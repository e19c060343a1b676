"""The team's ideas list runs the same number of queries for 3 ideas or 60."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from keyloop.feedback import actions


def _add_ideas(world, count, offset=0):
    board = world.acme.boards.get(slug="feature-requests")
    tags = [actions.tag_create(workspace=world.acme, name=f"Tag {offset + n}") for n in range(2)]
    for n in range(count):
        idea = actions.idea_create(
            board=board, title=f"Idea {offset + n}", body="", author=world.dana
        )
        actions.idea_set_tags(idea=idea, tags=tags, actor_user=world.alice)
        actions.idea_set_owner(idea=idea, owner=world.bob, actor_user=world.alice)
        actions.vote_add(idea=idea, person=world.eve)


def _count_queries(client, **params):
    url = reverse("team_ideas", args=["acme"])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries), len(response.context["page"].object_list)


def test_the_query_count_does_not_grow_with_the_number_of_ideas(world):
    alice = world.client_for(world.alice)
    _add_ideas(world, 3)
    few, shown_few = _count_queries(alice)

    _add_ideas(world, 57, offset=100)
    many, shown_many = _count_queries(alice)

    assert (shown_few, shown_many) == (3, 25)
    assert few == many


def test_filtering_does_not_add_queries_per_idea(world):
    alice = world.client_for(world.alice)
    _add_ideas(world, 3)
    few, shown_few = _count_queries(alice, q="Idea", sort="top")
    _add_ideas(world, 40, offset=100)
    many, shown_many = _count_queries(alice, q="Idea", sort="top")

    assert (shown_few, shown_many) == (3, 25)
    assert few == many
