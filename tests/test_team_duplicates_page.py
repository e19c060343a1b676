"""Possible duplicates: pairs side by side, merged either way or dismissed for good."""

import pytest

from keyloop.feedback import actions
from keyloop.feedback.models import Board, DuplicateDismissal, Idea


@pytest.fixture
def pair(world):
    board = Board.objects.get(workspace=world.acme)
    older = actions.idea_create(
        board=board, title="Export data to CSV",
        body="We need to export our data to a CSV file for finance.", author=world.dana,
    )  # fmt: skip
    newer = actions.idea_create(
        board=board, title="Export data to CSV files",
        body="We need to export our data to a CSV file for finance.", author=None,
    )  # fmt: skip
    # The same request twice, as customers do: any duplicate detector pairs these.
    for title, body in (
        ("Dark mode", "Easier on the eyes at night."),
        ("Single sign-on with Okta", "Our IT team requires SAML."),
        ("Mobile app", "An iPhone app to check the roadmap."),
    ):
        actions.idea_create(board=board, title=title, body=body, author=None)
    return newer, older


def test_the_page_shows_pairs_side_by_side_and_is_linked_from_ideas(world, pair):
    newer, older = pair
    alice = world.client_for(world.alice)
    assert "/acme/admin/ideas/duplicates/" in alice.get("/acme/admin/ideas/").content.decode()
    html = alice.get("/acme/admin/ideas/duplicates/").content.decode()
    assert html.index("Export data to CSV files") < html.index("Export data to CSV<")  # A: newer
    assert html.count("Merge A into B") == 1
    assert "Merge B into A" in html and "Not duplicates" in html
    assert "Dark mode" not in html
    assert "% match" in html


def test_merge_from_the_page_then_the_pair_is_gone(world, pair):
    newer, older = pair
    alice = world.client_for(world.alice)
    assert "Merge A into B" in alice.get("/acme/admin/ideas/duplicates/").content.decode()
    response = alice.post(
        f"/acme/admin/ideas/{newer.pk}/merge/",
        {"into": older.pk, "next": "/acme/admin/ideas/duplicates/?order=best"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/acme/admin/ideas/duplicates/?order=best"
    html = response.content.decode()
    assert "is merged into “Export data to CSV”" in html
    assert "No likely duplicates" in html
    assert Idea.objects.get(pk=newer.pk).merged_into_id == older.pk


def test_not_duplicates_is_never_suggested_again(world, pair):
    newer, older = pair
    alice = world.client_for(world.alice)
    assert "Merge A into B" in alice.get("/acme/admin/ideas/duplicates/").content.decode()
    response = alice.post(
        "/acme/admin/ideas/duplicates/dismiss/", {"a": newer.pk, "b": older.pk}, follow=True
    )
    assert "will not be suggested again" in response.content.decode()
    assert "Merge A into B" not in response.content.decode()
    dismissal = DuplicateDismissal.objects.get()
    assert (dismissal.idea_low_id, dismissal.idea_high_id) == (older.pk, newer.pk)
    assert dismissal.dismissed_by == world.alice
    # Dismissing again (or the other way round) changes nothing.
    alice.post("/acme/admin/ideas/duplicates/dismiss/", {"a": older.pk, "b": newer.pk})
    assert DuplicateDismissal.objects.count() == 1


def test_dismissing_needs_two_ideas_of_this_workspace(world, pair):
    newer, older = pair
    foreign = actions.idea_create(
        board=Board.objects.get(workspace=world.globex), title="Theirs", author=None
    )
    alice = world.client_for(world.alice)
    response = alice.post("/acme/admin/ideas/duplicates/dismiss/", {"a": newer.pk, "b": foreign.pk})
    assert response.status_code == 404
    response = alice.post(
        "/acme/admin/ideas/duplicates/dismiss/", {"a": newer.pk, "b": newer.pk}, follow=True
    )
    assert "Choose two different ideas." in response.content.decode()
    assert not DuplicateDismissal.objects.exists()
