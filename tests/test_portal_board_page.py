"""A board lists its ideas: sorted, filtered by status category and tag, searched and paged."""

import re
from datetime import timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone

from keyloop.feedback import actions
from keyloop.feedback.models import Status

from .portal_support import idea_on

IDEA_LINK = re.compile(r'class="portal-idea-row-title"><a href="/acme/ideas/\d+/">([^<]+)</a>')


def titles(client, query=""):
    response = client.get(reverse("board", args=["acme", "feature-requests"]) + query)
    assert response.status_code == 200
    return IDEA_LINK.findall(response.content.decode())


def vote(idea, *people):
    for person in people:
        actions.vote_add(idea=idea, person=person)


def test_top_new_and_trending_order_the_ideas(world, client):
    old_favourite = idea_on(world, title="Old favourite")
    with time_machine.travel(timezone.now() - timedelta(days=60)):
        vote(old_favourite, world.dana, world.eve)
    rising = idea_on(world, title="Rising")
    vote(rising, world.dana)
    newest = idea_on(world, title="Newest")
    assert titles(client, "?sort=top") == ["Old favourite", "Rising", "Newest"]
    assert titles(client, "?sort=new") == ["Newest", "Rising", "Old favourite"]
    # Trending weighs recent votes more: two votes two months ago lose to one today.
    assert titles(client, "?sort=trending")[0] == "Rising"
    assert titles(client) == titles(client, "?sort=trending")
    assert newest.title in titles(client)


def test_pinned_ideas_come_first(world, client):
    idea_on(world, title="Popular")
    pinned = idea_on(world, title="Pinned one")
    vote(world.acme.ideas.get(title="Popular"), world.dana)
    actions.idea_set_pinned(idea=pinned, pinned=True, actor_user=world.alice)
    assert titles(client, "?sort=top")[0] == "Pinned one"


def test_filters_by_status_category_and_tag(world, client):
    planned = idea_on(world, title="Planned idea")
    actions.idea_change_status(
        idea=planned, status=Status.objects.get(workspace=world.acme, name="Planned"),
        actor_user=world.alice,
    )  # fmt: skip
    tagged = idea_on(world, title="Tagged idea")
    reporting = actions.tag_create(workspace=world.acme, name="Reporting")
    actions.idea_set_tags(idea=tagged, tags=[reporting], actor_user=world.alice)
    idea_on(world, title="Plain idea")

    assert titles(client, "?status=planned") == ["Planned idea"]
    assert titles(client, f"?tag={reporting.pk}") == ["Tagged idea"]
    assert titles(client, "?tag=reporting") == ["Tagged idea"]  # by name too
    assert titles(client, "?status=open&tag=Reporting") == ["Tagged idea"]


def test_unknown_filter_values_are_ignored_and_said_so(world, client):
    idea_on(world, title="An idea")
    globex_tag = actions.tag_create(workspace=world.globex, name="Globex only")
    for query in ("?status=bogus", "?tag=nope", f"?tag={globex_tag.pk}", "?sort=random",
                  "?page=abc", "?page=999", "?status=%00"):  # fmt: skip
        response = client.get(reverse("board", args=["acme", "feature-requests"]) + query)
        assert response.status_code == 200, query
        assert "An idea" in response.content.decode(), query
    assert (
        "were not recognised" in client.get("/acme/boards/feature-requests/?tag=x").content.decode()
    )


def test_search_matches_title_and_description(world, client):
    idea_on(world, title="Export to CSV", body="Spreadsheets please")
    idea_on(world, title="Dark mode", body="For the night shift")
    assert titles(client, "?q=csv") == ["Export to CSV"]
    assert titles(client, "?q=night") == ["Dark mode"]
    page = client.get("/acme/boards/feature-requests/?q=zzz").content.decode()
    assert "No ideas match" in page and "Clear filters" in page


def test_pages_hold_twenty_ideas(world, client):
    for number in range(45):
        idea_on(world, title=f"Idea {number:02}")
    first = titles(client, "?sort=new")
    third = titles(client, "?sort=new&page=3")
    assert len(first) == 20 and len(third) == 5
    assert first[0] == "Idea 44" and third[-1] == "Idea 00"
    page = client.get("/acme/boards/feature-requests/?sort=new&page=2").content.decode()
    assert "Page 2 of 3" in page
    assert 'href="?sort=new&amp;page=3"' in page and 'href="?sort=new&amp;page=1"' in page


def test_unpublished_deleted_and_merged_ideas_stay_off_the_board(world, client):
    idea_on(world, title="Visible")
    idea_on(world, title="Unconfirmed", author=world.eve, published=False)
    actions.idea_delete(idea=idea_on(world, title="Deleted"), actor_user=world.alice)
    merged = idea_on(world, title="Merged away")
    merged.merged_into = world.acme.ideas.get(title="Visible")
    merged.save()
    assert titles(client) == ["Visible"]


def test_an_empty_board_invites_the_first_idea(world, client):
    page = client.get("/acme/boards/feature-requests/").content.decode()
    assert "No ideas yet" in page
    assert reverse("idea_new", args=["acme", "feature-requests"]) in page


def test_an_unknown_or_private_board_is_404_to_customers(world, client):
    actions.board_create(workspace=world.acme, name="Internal", is_private=True)
    assert client.get("/acme/boards/nope/").status_code == 404
    assert client.get("/acme/boards/internal/").status_code == 404
    assert client.get("/globex/boards/internal/").status_code == 404
    assert world.client_for(world.charlie).get("/acme/boards/internal/").status_code == 404
    assert world.client_for(world.bob).get("/acme/boards/internal/").status_code == 200
