"""The public roadmap: planned, in progress and shipped columns, filterable by board and tag."""

import re

from keyloop.feedback import actions
from keyloop.feedback.models import Status

from .portal_support import idea_on


def move(world, idea, status_name):
    status = Status.objects.get(workspace=world.acme, name=status_name)
    actions.idea_change_status(idea=idea, status=status, actor_user=world.alice)


def columns(client, query=""):
    response = client.get("/acme/roadmap" + query)
    assert response.status_code == 200
    html = response.content.decode()
    found = {}
    for category in ("planned", "in_progress", "shipped"):
        section = html.split(f'data-category="{category}"', 1)[1].split("</section>", 1)[0]
        found[category] = re.findall(r'<a href="/acme/ideas/\d+/">([^<]+)</a>', section)
    return found


def test_ideas_sit_in_the_column_of_their_status_category(world, client):
    move(world, idea_on(world, title="Dark mode"), "Planned")
    move(world, idea_on(world, title="SSO"), "In progress")
    move(world, idea_on(world, title="CSV"), "Shipped")
    idea_on(world, title="Still open")
    assert columns(client) == {"planned": ["Dark mode"], "in_progress": ["SSO"], "shipped": ["CSV"]}


def test_filters_by_board_and_tag_and_ignores_unknown_ones(world, client):
    bugs = actions.board_create(workspace=world.acme, name="Bugs")
    tag = actions.tag_create(workspace=world.acme, name="Mobile")
    move(world, idea_on(world, title="Feature"), "Planned")
    bug = idea_on(world, title="Crash", board=bugs)
    move(world, bug, "Planned")
    actions.idea_set_tags(idea=bug, tags=[tag], actor_user=world.alice)
    assert columns(client, "?board=bugs")["planned"] == ["Crash"]
    assert columns(client, f"?tag={tag.pk}")["planned"] == ["Crash"]
    assert columns(client, "?board=feature-requests")["planned"] == ["Feature"]
    assert sorted(columns(client, "?board=nope&tag=999")["planned"]) == ["Crash", "Feature"]


def test_private_boards_stay_off_the_public_roadmap(world, client):
    private = actions.board_create(workspace=world.acme, name="Internal", is_private=True)
    move(world, idea_on(world, title="Secret plan", board=private), "Planned")
    assert columns(client)["planned"] == []
    assert columns(client, "?board=internal")["planned"] == []
    assert columns(world.client_for(world.bob))["planned"] == ["Secret plan"]


def test_an_empty_column_says_so(world, client):
    html = client.get("/acme/roadmap").content.decode()
    assert html.count("Nothing here yet.") == 3


def test_the_roadmap_has_no_trailing_slash(world, client):
    assert client.get("/acme/roadmap/").status_code == 404


def test_a_full_column_says_how_many_it_holds_and_links_to_them_all(world, client):
    planned = Status.objects.get(workspace=world.acme, name="Planned")
    for n in range(52):  # the column shows 50
        idea_on(world, title=f"Planned {n}", status=planned)
    move(world, idea_on(world, title="Shipped one"), "Shipped")

    on_board = client.get("/acme/roadmap?board=feature-requests").content.decode()
    everywhere = client.get("/acme/roadmap").content.decode()

    column = on_board.split('data-category="planned"', 1)[1].split("</section>", 1)[0]
    shipped = on_board.split('data-category="shipped"', 1)[1].split("</section>", 1)[0]
    assert len(re.findall(r'<a href="/acme/ideas/\d+/">', column)) == 50
    assert '<span class="muted">52</span>' in column
    assert "The 50 most-voted of 52 are shown." in column
    assert 'href="/acme/boards/feature-requests/?status=planned&amp;sort=top"' in column
    assert "most-voted" not in shipped and '<span class="muted">1</span>' in shipped
    assert "Choose a board to see them all." in everywhere
