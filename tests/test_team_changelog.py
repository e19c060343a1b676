"""The team writes changelog entries, links ideas and publishes them."""

import pytest
from django.urls import reverse

from keyloop.feedback import actions, queries
from keyloop.feedback.models import ChangelogEntry, IdeaActivity, Status


@pytest.fixture
def ideas(world):
    board = world.acme.boards.get(slug="feature-requests")
    planned = Status.objects.get(workspace=world.acme, name="Planned")
    csv = actions.idea_create(board=board, title="Export to CSV", body="", author=world.dana)
    dark = actions.idea_create(board=board, title="Dark mode", body="", author=world.eve)
    actions.idea_change_status(idea=csv, status=planned, actor_user=world.alice)
    return {"csv": csv, "dark": dark}


def test_publishing_an_entry_marks_its_linked_ideas_shipped(world, ideas):
    bob = world.client_for(world.bob)

    response = bob.post(
        reverse("team_changelog_new", args=["acme"]),
        {"title": "CSV export is here", "body": "Download any report.", "ideas": [ideas["csv"].pk],
         "mark_shipped": "on", "intent": "publish"},
        follow=True,
    )  # fmt: skip

    entry = ChangelogEntry.objects.get(workspace=world.acme)
    assert entry.is_published
    assert list(entry.ideas.all()) == [ideas["csv"]]
    ideas["csv"].refresh_from_db()
    assert ideas["csv"].status.category == "shipped"
    assert "“CSV export is here” is published. 1 linked idea marked shipped." in (
        response.content.decode()
    )
    assert list(queries.published_changelog(workspace=world.acme)) == [entry]
    feed = world.client_for(None).get(reverse("changelog_rss", args=["acme"]))
    assert "CSV export is here" in feed.content.decode()


def test_publishing_without_marking_shipped_leaves_the_status_alone(world, ideas):
    world.client_for(world.bob).post(
        reverse("team_changelog_new", args=["acme"]),
        {"title": "Faster exports", "ideas": [ideas["csv"].pk], "intent": "publish"},
    )

    ideas["csv"].refresh_from_db()
    assert ideas["csv"].status.name == "Planned"
    assert ChangelogEntry.objects.get(workspace=world.acme).is_published


def test_a_draft_is_invisible_to_customers_until_published_from_the_list(world, ideas):
    bob = world.client_for(world.bob)
    bob.post(
        reverse("team_changelog_new", args=["acme"]),
        {"title": "Dark mode", "ideas": [ideas["dark"].pk], "intent": "save"},
    )
    entry = ChangelogEntry.objects.get(workspace=world.acme)
    assert not entry.is_published
    assert list(queries.published_changelog(workspace=world.acme)) == []

    bob.post(reverse("team_changelog_publish", args=["acme", entry.pk]), {"mark_shipped": "on"})

    entry.refresh_from_db()
    assert entry.is_published
    ideas["dark"].refresh_from_db()
    assert ideas["dark"].status.category == "shipped"
    assert ideas["dark"].activity.filter(kind=IdeaActivity.Kind.CHANGELOG).exists()


def test_unpublishing_takes_an_entry_back_to_draft(world, ideas):
    entry = actions.changelog_create(
        workspace=world.acme, title="Oops", body="", ideas=[], author=world.alice, publish=True
    )

    world.client_for(world.bob).post(reverse("team_changelog_unpublish", args=["acme", entry.pk]))

    entry.refresh_from_db()
    assert entry.published_at is None
    assert list(queries.published_changelog(workspace=world.acme)) == []


def test_editing_changes_the_text_and_the_linked_ideas(world, ideas):
    entry = actions.changelog_create(
        workspace=world.acme, title="Draft", body="", ideas=[ideas["csv"]], author=world.alice
    )

    world.client_for(world.bob).post(
        reverse("team_changelog_edit", args=["acme", entry.pk]),
        {"title": "Dark mode arrives", "body": "At last.", "ideas": [ideas["dark"].pk],
         "intent": "save"},
    )  # fmt: skip

    entry.refresh_from_db()
    assert (entry.title, entry.body) == ("Dark mode arrives", "At last.")
    assert list(entry.ideas.all()) == [ideas["dark"]]
    assert not entry.is_published


def test_deleting_an_entry_removes_it(world, ideas):
    entry = actions.changelog_create(
        workspace=world.acme, title="Draft", body="", ideas=[], author=world.alice
    )

    world.client_for(world.bob).post(reverse("team_changelog_delete", args=["acme", entry.pk]))

    assert not ChangelogEntry.objects.filter(pk=entry.pk).exists()


def test_an_entry_without_a_title_is_refused_and_keeps_the_text(world, ideas):
    response = world.client_for(world.bob).post(
        reverse("team_changelog_new", args=["acme"]),
        {"title": "", "body": "Lots of words", "ideas": [ideas["csv"].pk], "intent": "publish"},
    )

    html = response.content.decode()
    assert "Give the entry a title." in html
    assert "Lots of words</textarea>" in html
    assert f'value="{ideas["csv"].pk}" checked' in html
    assert not ChangelogEntry.objects.exists()


def test_an_idea_of_another_workspace_cannot_be_linked(world, ideas):
    globex_board = world.globex.boards.get(slug="feature-requests")
    theirs = actions.idea_create(board=globex_board, title="Globex idea", body="", author=None)

    response = world.client_for(world.bob).post(
        reverse("team_changelog_new", args=["acme"]),
        {"title": "Sneaky", "ideas": [theirs.pk], "intent": "save"},
    )

    assert response.status_code == 404
    assert not ChangelogEntry.objects.exists()


def test_searching_for_ideas_to_link_keeps_the_ticked_ones(world, ideas):
    response = world.client_for(world.bob).get(
        reverse("team_changelog_ideas", args=["acme"]),
        {"idea_q": "dark", "ideas": [ideas["csv"].pk]},
    )

    html = response.content.decode()
    assert f'value="{ideas["csv"].pk}" checked' in html
    assert f'value="{ideas["dark"].pk}">' in html
    assert "Ideas matching “dark”" in html


def test_searching_without_javascript_keeps_what_was_typed(world, ideas):
    response = world.client_for(world.bob).post(
        reverse("team_changelog_new", args=["acme"]),
        {"title": "", "body": "Draft text", "idea_q": "dark", "intent": "search"},
    )

    html = response.content.decode()
    assert "Draft text</textarea>" in html
    assert "Dark mode" in html
    assert "Give the entry a title." not in html
    assert not ChangelogEntry.objects.exists()


def test_announce_in_changelog_from_an_idea_preselects_it(world, ideas):
    response = world.client_for(world.bob).get(
        reverse("team_changelog_new", args=["acme"]), {"idea": ideas["dark"].pk}
    )

    assert f'value="{ideas["dark"].pk}" checked' in response.content.decode()


def test_the_list_shows_drafts_before_published_entries(world, ideas):
    actions.changelog_create(
        workspace=world.acme, title="Shipped thing", body="", ideas=[], author=world.alice,
        publish=True,
    )  # fmt: skip
    actions.changelog_create(
        workspace=world.acme, title="Upcoming thing", body="", ideas=[], author=world.alice
    )

    html = world.client_for(world.bob).get(reverse("team_changelog", args=["acme"]))
    html = html.content.decode()

    assert html.index("Upcoming thing") < html.index("Shipped thing")
    assert "Draft" in html and "Published" in html
