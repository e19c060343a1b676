"""The portal's home lists the boards a visitor may see, with idea counts and a search."""

import re

from django.urls import reverse

from keyloop.accounts.models import Workspace
from keyloop.feedback import actions

from .portal_support import board_of, idea_on


def test_the_home_lists_the_boards_with_their_idea_counts(world, client):
    idea_on(world, title="One")
    idea_on(world, title="Two")
    idea_on(world, title="Pending", author=world.eve, published=False)
    actions.board_create(workspace=world.acme, name="Bugs", description="Broken things")
    actions.board_create(workspace=world.acme, name="Internal", is_private=True)
    page = client.get("/acme/").content.decode()
    assert board_of(world).name in page and "2 ideas" in page
    assert "Bugs" in page and "Broken things" in page and "No ideas yet" in page
    assert "Internal" not in page
    assert reverse("roadmap", args=["acme"]) in page
    assert reverse("changelog", args=["acme"]) in page
    assert 'role="search"' in page


def test_team_members_also_see_private_boards(world):
    actions.board_create(workspace=world.acme, name="Internal", is_private=True)
    page = world.client_for(world.bob).get("/acme/").content.decode()
    assert "Internal" in page and "Private" in page
    assert reverse("team_dashboard", args=["acme"]) in page


def test_search_finds_ideas_across_boards_but_not_private_ones(world, client):
    bugs = actions.board_create(workspace=world.acme, name="Bugs")
    private = actions.board_create(workspace=world.acme, name="Internal", is_private=True)
    idea_on(world, title="Export to CSV")
    idea_on(world, title="CSV export breaks on commas", board=bugs)
    idea_on(world, title="CSV secret plan", board=private)
    page = client.get("/acme/?q=csv").content.decode()
    found = re.findall(r'class="portal-idea-row-title"><a href="[^"]+">([^<]+)<', page)
    assert sorted(found) == ["CSV export breaks on commas", "Export to CSV"]
    assert "2 ideas match" in page
    assert "Nothing found" in client.get("/acme/?q=zzz").content.decode()


def test_the_home_shows_trending_ideas(world, client):
    idea_on(world, title="Hot idea", author=world.dana)
    assert "Trending ideas" in client.get("/acme/").content.decode()


def test_a_workspace_without_boards_says_so(db, client):
    Workspace.objects.create(name="Empty", slug="empty")
    page = client.get("/empty/").content.decode()
    assert "No boards yet" in page


def test_an_unknown_workspace_is_404(db, client):
    assert client.get("/nobody-here/").status_code == 404
