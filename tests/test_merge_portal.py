"""What customers see of a merge: the merged idea leaves every list and redirects to the one
it went into, which says who asked for it."""

import pytest

from keyloop.feedback import actions, queries
from keyloop.feedback.models import Board, Vote


@pytest.fixture
def merged(world):
    board = Board.objects.get(workspace=world.acme)
    root = actions.idea_create(board=board, title="CSV export", author=world.dana)
    dup = actions.idea_create(board=board, title="Spreadsheet download", author=world.eve)
    actions.idea_merge(idea=dup, into=root, actor=world.alice)
    return root, dup


def test_the_merged_idea_redirects_permanently_to_its_root(world, merged):
    root, dup = merged
    response = world.client_for(None).get(f"/acme/ideas/{dup.pk}/")
    assert response.status_code == 301
    assert response["Location"] == f"/acme/ideas/{root.pk}/"


def test_the_root_says_who_wants_it_and_what_was_merged(world, merged):
    root, dup = merged
    html = world.client_for(None).get(f"/acme/ideas/{root.pk}/").content.decode()
    assert "2 people want this" in html
    assert "Merged from" in html and "Spreadsheet download" in html and "1 person" in html


def test_merged_ideas_leave_lists_search_roadmap_and_board_counts(world, merged):
    root, dup = merged
    client = world.client_for(None)
    planned = queries.first_status_of(workspace=world.acme, category="planned")
    for idea in (root, dup):
        actions.idea_change_status(idea=idea, status=planned, actor_user=None)
    board = client.get("/acme/boards/feature-requests/").content.decode()
    assert "CSV export" in board and "Spreadsheet download" not in board
    assert "1 idea" in board
    search = client.get("/acme/", {"q": "download"}).content.decode()
    assert "Spreadsheet download" not in search
    roadmap = client.get("/acme/roadmap").content.decode()
    assert "CSV export" in roadmap and "Spreadsheet download" not in roadmap


def test_voting_on_a_merged_idea_points_to_the_root(world, merged):
    root, dup = merged
    client = world.client_for(None)
    response = client.post(
        f"/acme/ideas/{dup.pk}/vote/", {"email": "new@x.test", "name": "New"}, follow=True
    )
    assert response.redirect_chain[0][0].endswith(f"/acme/ideas/{root.pk}/#vote")
    assert "was merged into “CSV export”. Vote for that one instead." in response.content.decode()
    assert not Vote.objects.filter(person__email="new@x.test").exists()
    htmx = client.post(
        f"/acme/ideas/{dup.pk}/vote/", {"email": "new@x.test"}, HTTP_HX_REQUEST="true"
    )
    assert htmx.status_code == 409
    assert "Vote for that one instead" in htmx.content.decode()
