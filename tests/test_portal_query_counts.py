"""The board and idea pages run the same number of queries however much they show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from keyloop.accounts.models import Person
from keyloop.feedback import actions

from .portal_support import idea_on, log_in_customer


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def add_people(world, count, start=0):
    return [
        Person.objects.create(workspace=world.acme, email=f"p{n}@x.test", name=f"Person {n}")
        for n in range(start, start + count)
    ]


def add_ideas(world, count, people, start=0):
    tags = [actions.tag_create(workspace=world.acme, name=f"Tag {start}-{n}") for n in range(2)]
    for n in range(start, start + count):
        idea = idea_on(world, title=f"Idea {n}", body=f"Body **{n}**", author=people[0])
        actions.idea_set_tags(idea=idea, tags=tags, actor_user=None)
        for person in people[1:]:
            actions.vote_add(idea=idea, person=person)
        actions.comment_add(idea=idea, body="Nice", author=people[-1])


@pytest.mark.parametrize("viewer", ["anonymous", "customer", "team"])
def test_the_board_page_does_not_grow_with_ideas_votes_or_tags(world, viewer):
    client = {
        "anonymous": lambda: world.client_for(None),
        "customer": lambda: log_in_customer(world.client_for(None), world.eve),
        "team": lambda: world.client_for(world.alice),
    }[viewer]()
    url = reverse("board", args=["acme", "feature-requests"])
    people = add_people(world, 2)
    add_ideas(world, 2, people)
    few = count_queries(client, url)
    add_ideas(world, 25, add_people(world, 6, start=10), start=10)
    assert count_queries(client, url) == few
    assert count_queries(client, url + "?sort=top&status=open&q=Idea") == few


@pytest.mark.parametrize("viewer", ["anonymous", "customer", "team"])
def test_the_idea_page_does_not_grow_with_votes_comments_or_merges(world, viewer):
    client = {
        "anonymous": lambda: world.client_for(None),
        "customer": lambda: log_in_customer(world.client_for(None), world.eve),
        "team": lambda: world.client_for(world.alice),
    }[viewer]()
    idea = idea_on(world, author=world.dana)
    url = reverse("idea", args=["acme", idea.pk])
    first = actions.comment_add(idea=idea, body="First", author=world.dana)
    actions.comment_add(idea=idea, body="Reply", author=world.eve, parent=first)
    few = count_queries(client, url)

    for person in add_people(world, 20):
        actions.vote_add(idea=idea, person=person)
        top = actions.comment_add(idea=idea, body="More", author=person)
        actions.comment_add(idea=idea, body="Reply", author=None, author_user=world.bob, parent=top)
    for n in range(3):
        merged = idea_on(world, title=f"Duplicate {n}")
        merged.merged_into = idea
        merged.save()
    actions.changelog_create(
        workspace=world.acme, title="Shipped", body="", ideas=[idea], author=world.alice,
        publish=True,
    )  # fmt: skip
    assert count_queries(client, url) == few


def test_the_home_roadmap_and_changelog_do_not_grow_either(world, client):
    people = add_people(world, 3)
    add_ideas(world, 2, people)
    urls = [reverse(name, args=["acme"]) for name in ("portal_home", "roadmap", "changelog")]
    urls.append(reverse("changelog_rss", args=["acme"]))
    for idea in world.acme.ideas.all():
        actions.changelog_create(
            workspace=world.acme, title=f"About {idea.title}", body="", ideas=[idea],
            author=None, publish=True,
        )  # fmt: skip
    before = [count_queries(client, url) for url in urls]
    add_ideas(world, 12, people, start=10)
    for idea in world.acme.ideas.filter(title__startswith="Idea 1"):
        actions.changelog_create(
            workspace=world.acme, title=f"About {idea.title}", body="", ideas=[idea],
            author=None, publish=True,
        )  # fmt: skip
    assert [count_queries(client, url) for url in urls] == before
