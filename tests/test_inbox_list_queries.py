"""The inbox list runs the same number of queries for 5 items or 50."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from keyloop.accounts.models import Company, Person
from keyloop.feedback import actions as feedback
from keyloop.inbox import actions as inbox


def _add_items(world, count, offset=0):
    board = world.acme.boards.get(slug="feature-requests")
    for n in range(count):
        company = Company.objects.create(
            workspace=world.acme, name=f"Company {offset + n}", segment=f"Segment {n % 3}",
            mrr_cents=1000 * n,
        )  # fmt: skip
        person = Person.objects.create(
            workspace=world.acme, email=f"p{offset + n}@example.test", company=company
        )
        item, _ = inbox.feedback_receive(
            workspace=world.acme, text=f"Feedback {offset + n}", channel="email", person=person,
            title=f"Subject {offset + n}" if n % 2 else "",
        )  # fmt: skip
        if n % 3 == 0:
            idea = feedback.idea_create(
                board=board, title=f"Idea {offset + n}", body="", author=None
            )
            inbox.feedback_link(item=item, idea=idea, actor_user=world.alice)


def _count(client, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("team_inbox", args=["acme"]), params)
    assert response.status_code == 200
    return len(queries), len(response.context["items"])


def test_the_query_count_does_not_grow_with_the_number_of_items(world):
    alice = world.client_for(world.alice)
    _add_items(world, 5)
    few = _count(alice, state="all")

    _add_items(world, 45, offset=100)
    many = _count(alice, state="all")

    assert (few[1], many[1]) == (5, 25)
    assert few[0] == many[0]


def test_a_filtered_list_does_not_grow_either(world):
    alice = world.client_for(world.alice)
    _add_items(world, 5)
    few = _count(alice, state="all", channel="email", q="Feedback")
    _add_items(world, 45, offset=100)
    many = _count(alice, state="all", channel="email", q="Feedback")
    assert few[0] == many[0]
