"""Changelog entries through the API: drafts, publishing, linked ideas shipped."""

import pytest

from keyloop.feedback import actions
from keyloop.feedback.models import ChangelogEntry


@pytest.fixture
def idea(world):
    board = world.acme.boards.get(slug="feature-requests")
    return actions.idea_create(board=board, title="Export to CSV", body="", author=None)


def _category(idea):
    idea.refresh_from_db()
    return idea.status.category


def test_a_draft_waits_and_publishing_it_ships_its_ideas(world, api, idea):
    draft = api.post(
        "/changelog", {"title": "CSV export", "body": "**Finally**", "idea_ids": [idea.id]}
    )

    assert draft.status_code == 201
    assert draft.json()["is_published"] is False and draft.json()["published_at"] is None
    assert _category(idea) == "open"
    assert "CSV export" not in world.client_for(None).get("/acme/changelog/rss").content.decode()

    published = api.post(f"/changelog/{draft.json()['id']}/publish")

    assert published.status_code == 200
    assert published.json()["is_published"] is True and published.json()["idea_ids"] == [idea.id]
    assert _category(idea) == "shipped"
    assert "CSV export" in world.client_for(None).get("/acme/changelog/rss").content.decode()
    again = api.post(f"/changelog/{draft.json()['id']}/publish")
    assert again.json()["published_at"] == published.json()["published_at"]
    assert idea.activity.filter(kind="changelog").count() == 1


def test_publishing_may_leave_linked_ideas_where_they_are(api, idea):
    entry = api.post(
        "/changelog",
        {"title": "Preview", "idea_ids": [idea.id], "publish": True, "mark_shipped": False},
    )
    assert entry.json()["is_published"] is True
    assert _category(idea) == "open"

    draft = api.post("/changelog", {"title": "Later", "idea_ids": [idea.id]}).json()
    api.post(f"/changelog/{draft['id']}/publish", {"mark_shipped": False})
    assert _category(idea) == "open"


def test_the_list_holds_drafts_and_published_entries_newest_first(world, api, idea):
    old = actions.changelog_create(
        workspace=world.acme, title="Old", body="", ideas=[idea], author=None, publish=True
    )
    draft = actions.changelog_create(
        workspace=world.acme, title="Draft", body="", ideas=[], author=None
    )
    actions.idea_delete(idea=idea, actor_user=None)

    items = api.get("/changelog").json()["items"]

    assert [item["id"] for item in items] == [draft.id, old.id]
    assert items[1]["idea_ids"] == []  # the deleted idea is no longer linked
    assert items[1]["url"].endswith(f"/acme/changelog/{old.id}/")


@pytest.mark.parametrize(
    "entry, status, field",
    [
        ({"title": "Mixed", "idea_ids": ["IDEA"]}, 404, "idea_ids"),
        ({"title": "", "idea_ids": []}, 422, "title"),
        ({"title": "x" * 201}, 422, "title"),
        ({"title": "Hi", "body": "x" * 20_001}, 422, "body"),
        ({"title": "Hi", "idea_ids": "1"}, 422, "idea_ids"),
        ({"title": "Hi", "publish": "later"}, 422, "publish"),
    ],
)
def test_a_bad_entry_is_refused_and_nothing_changes(world, api, idea, entry, status, field):
    if entry.get("idea_ids") == ["IDEA"]:
        foreign = actions.idea_create(board=world.globex.boards.get(), title="G", author=None)
        entry["idea_ids"] = [idea.id, foreign.id]
        entry["publish"] = True
    response = api.post("/changelog", entry)
    assert response.status_code == status
    assert response.json()["errors"][0]["field"] == field
    assert not ChangelogEntry.objects.exists()
    assert _category(idea) == "open"


def test_publishing_another_workspace_s_draft_is_404(world, api):
    draft = actions.changelog_create(
        workspace=world.globex, title="G", body="", ideas=[], author=None
    )
    assert api.post(f"/changelog/{draft.id}/publish").status_code == 404
    draft.refresh_from_db()
    assert draft.published_at is None
