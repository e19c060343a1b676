"""Ideas through the API: list with filters and sorts, create, read, patch, soft delete."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from keyloop.accounts.models import Person
from keyloop.feedback import actions
from keyloop.feedback.models import Idea, IdeaActivity, Status

from .api_client import api_for


@pytest.fixture
def board(world):
    return world.acme.boards.get(slug="feature-requests")


def _idea(board, title, **kwargs):
    return actions.idea_create(board=board, title=title, body="", author=None, **kwargs)


def _ids(response):
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


# --- list ----------------------------------------------------------------------------------


def test_the_list_holds_every_board_s_published_ideas_and_nothing_deleted_or_merged(
    world, api, board
):
    private = actions.board_create(workspace=world.acme, name="Internal", is_private=True)
    shown = _idea(board, "Dark mode")
    secret = _idea(private, "Acquire Globex")
    deleted = actions.idea_delete(idea=_idea(board, "Deleted"), actor_user=None)
    merged = _idea(board, "Night theme")
    Idea.objects.filter(pk=merged.pk).update(merged_into=shown)
    unconfirmed = _idea(board, "Pending e-mail", published=False)
    _idea(world.globex.boards.get(), "Globex only")

    listed = _ids(api.get("/ideas", sort="new"))

    assert listed == [secret.id, shown.id]
    assert deleted.id not in listed and unconfirmed.id not in listed


def test_the_list_filters_by_board_status_tag_and_words(world, api, board):
    other_board = actions.board_create(workspace=world.acme, name="Integrations")
    planned = Status.objects.get(workspace=world.acme, name="Planned")
    reporting = actions.tag_create(workspace=world.acme, name="Reporting")
    export = _idea(board, "Export to CSV")
    actions.idea_set_tags(idea=export, tags=[reporting], actor_user=None)
    slack = _idea(other_board, "Slack alerts")
    actions.idea_change_status(idea=slack, status=planned, actor_user=None)
    _idea(board, "Dark mode")

    assert _ids(api.get("/ideas", board_id=other_board.id)) == [slack.id]
    assert _ids(api.get("/ideas", status_category="planned")) == [slack.id]
    assert _ids(api.get("/ideas", status_id=planned.id)) == [slack.id]
    assert _ids(api.get("/ideas", tag="reporting")) == [export.id]
    assert _ids(api.get("/ideas", q="csv export")) == [export.id]
    assert _ids(api.get("/ideas", q="csv", board_id=other_board.id)) == []


def test_the_sorts_order_by_recent_votes_total_votes_and_age_with_pinned_first(world, api, board):
    voters = [
        Person.objects.create(workspace=world.acme, email=f"v{n}@example.test") for n in range(3)
    ]
    now = timezone.now()
    with time_machine.travel(now - timedelta(days=60), tick=False):
        old_favourite = _idea(board, "Old favourite")
        for voter in voters:
            actions.vote_add(idea=old_favourite, person=voter)
    with time_machine.travel(now - timedelta(days=1), tick=False):
        rising = _idea(board, "Rising")
        for voter in voters[:2]:
            actions.vote_add(idea=rising, person=voter)
    newest = _idea(board, "Newest")

    assert _ids(api.get("/ideas", sort="top")) == [old_favourite.id, rising.id, newest.id]
    assert _ids(api.get("/ideas", sort="new")) == [newest.id, rising.id, old_favourite.id]
    assert _ids(api.get("/ideas"))[0] == rising.id  # trending is the default

    actions.idea_set_pinned(idea=newest, pinned=True, actor_user=None)
    assert _ids(api.get("/ideas", sort="top"))[0] == newest.id


@pytest.mark.parametrize(
    "params, field",
    [
        ({"board_id": 999_999}, "board_id"),
        ({"status_id": 999_999}, "status_id"),
        ({"tag": "No such tag"}, "tag"),
    ],
)
def test_a_filter_naming_nothing_in_the_workspace_is_404_with_its_field(api, params, field):
    response = api.get("/ideas", **params)
    assert response.status_code == 404
    assert response.json()["errors"][0]["field"] == field


def test_filters_naming_another_workspace_s_objects_are_404(world, api):
    globex_board = world.globex.boards.get()
    globex_status = world.globex.statuses.first()
    assert api.get("/ideas", board_id=globex_board.id).status_code == 404
    assert api.get("/ideas", status_id=globex_status.id).status_code == 404


@pytest.mark.parametrize(
    "params", [{"sort": "best"}, {"status_category": "done"}, {"board_id": "one"}]
)
def test_an_invalid_filter_value_is_422(api, params):
    response = api.get("/ideas", **params)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == next(iter(params))


# --- create --------------------------------------------------------------------------------


def test_an_idea_is_created_with_its_author_who_votes_for_it(world, api, board):
    response = api.post(
        "/ideas",
        {
            "board_id": board.id, "title": "  SSO with Okta ", "body": "We use **Okta**.",
            "author": {
                "email": "pat@hooli.test", "name": "Pat",
                "company": {"name": "Hooli", "plan": "Pro"},
            },
        },
    )  # fmt: skip

    assert response.status_code == 201
    body = response.json()
    idea = Idea.objects.get(pk=body["id"])
    assert body["title"] == idea.title == "SSO with Okta"
    assert body["board_id"] == board.id and body["vote_count"] == 1
    assert body["status"]["name"] == "Open" and body["created_at"]
    assert body["url"].endswith(f"/acme/ideas/{idea.id}/")
    assert idea.author.email == "pat@hooli.test" and idea.author.company.plan == "Pro"
    assert idea.author.email_confirmed_at is not None
    assert idea.activity.get(kind=IdeaActivity.Kind.CREATED).data == {"source": "api"}


def test_an_idea_may_start_in_a_given_status_and_on_a_private_board(world, api):
    private = actions.board_create(workspace=world.acme, name="Internal", is_private=True)
    planned = Status.objects.get(workspace=world.acme, name="Planned")
    response = api.post(
        "/ideas", {"board_id": private.id, "title": "Quiet plan", "status_id": planned.id}
    )
    assert response.status_code == 201
    assert response.json()["status"]["category"] == "planned"
    assert response.json()["author"] is None and response.json()["vote_count"] == 0


@pytest.mark.parametrize(
    "change, field, message",
    [
        ({"title": "   "}, "title", "Give your idea a title."),
        ({"title": "x" * 201}, "title", "The title is too long (201 characters; 200 at most)."),
        ({"body": "x" * 20_001}, "body", "The description is too long"),
        ({"author": {"name": "No address"}}, "author", "Give the person an email"),
        ({"author": {"email": "not-an-address"}}, "author.email", "Enter a valid e-mail"),
        ({"status_id": 0}, "status_id", "greater than or equal to 1"),
    ],
)
def test_a_bad_idea_is_refused_with_its_field_and_nothing_is_created(
    world, api, board, change, field, message
):
    response = api.post("/ideas", {"board_id": board.id, "title": "Fine", **change})
    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert error["field"] == field and message in error["message"]
    assert not Idea.objects.exists()
    assert not Person.objects.filter(email="").exclude(pk__in=[world.dana.pk, world.eve.pk])


def test_an_idea_on_another_workspace_s_board_is_404_and_creates_no_person(world, api):
    response = api.post(
        "/ideas",
        {
            "board_id": world.globex.boards.get().id, "title": "Spy",
            "author": {"email": "new@person.test"},
        },
    )  # fmt: skip
    assert response.status_code == 404
    assert response.json()["errors"] == [
        {"field": "board_id", "message": "No such board in this workspace."}
    ]
    assert not Idea.objects.exists()
    assert not Person.objects.filter(email="new@person.test").exists()


# --- read ----------------------------------------------------------------------------------


def test_one_idea_is_read_with_its_tags_owner_and_eta(world, api, board):
    idea = _idea(board, "Audit log")
    actions.idea_set_tags(
        idea=idea, tags=[actions.tag_create(workspace=world.acme, name="Security")], actor_user=None
    )
    actions.idea_set_owner(idea=idea, owner=world.bob, actor_user=world.alice)
    actions.idea_set_eta(idea=idea, eta=timezone.localdate(), actor_user=None)

    body = api.get(f"/ideas/{idea.id}").json()

    assert body["tags"] == ["Security"]
    assert body["owner"] == {"id": world.bob.id, "name": "Bob Brown", "email": "bob@acme.test"}
    assert body["eta"] == timezone.localdate().isoformat()


def test_deleted_unknown_and_foreign_ideas_are_404(world, api, board):
    deleted = actions.idea_delete(idea=_idea(board, "Gone"), actor_user=None)
    foreign = _idea(world.globex.boards.get(), "Globex plan")
    for idea_id in (deleted.id, foreign.id, 999_999, 2**70):
        response = api.get(f"/ideas/{idea_id}")
        assert response.status_code == 404
        assert response.json() == {"detail": "No such idea."}


# --- patch ---------------------------------------------------------------------------------


def test_a_patch_changes_only_the_fields_sent(world, api, board):
    idea = _idea(board, "Dark mode")
    actions.tag_create(workspace=world.acme, name="UI")
    integrations = actions.board_create(workspace=world.acme, name="Integrations")

    response = api.patch(
        f"/ideas/{idea.id}",
        {"body": "Easier on the eyes.", "board_id": integrations.id, "tags": ["ui"],
         "eta": "2027-03-31", "is_pinned": True},
    )  # fmt: skip

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["title"] == "Dark mode" and body["body"] == "Easier on the eyes."
    assert body["board_id"] == integrations.id and body["tags"] == ["UI"]
    assert body["eta"] == "2027-03-31" and body["is_pinned"] is True
    kinds = set(idea.activity.values_list("kind", flat=True))
    assert {"edited", "board", "tags", "eta", "pinned"} <= kinds

    cleared = api.patch(f"/ideas/{idea.id}", {"eta": None, "tags": []}).json()
    assert cleared["eta"] is None and cleared["tags"] == []


def test_a_status_category_moves_the_idea_to_that_category_s_first_status(world, api, board):
    idea = _idea(board, "Dark mode")
    next_up = actions.status_create(
        workspace=world.acme, name="Next up", color="#0ea5e9", category="planned"
    )
    planned = Status.objects.get(workspace=world.acme, name="Planned")
    ordered = list(world.acme.statuses.exclude(pk=next_up.pk).values_list("pk", flat=True))
    ordered.insert(ordered.index(planned.pk), next_up.pk)  # "Next up" before "Planned"
    actions.status_reorder(workspace=world.acme, ordered_ids=ordered)

    by_category = api.patch(f"/ideas/{idea.id}", {"status_category": "planned"}).json()
    assert by_category["status"]["name"] == "Next up"

    by_id = api.patch(f"/ideas/{idea.id}", {"status_id": planned.id}).json()
    assert by_id["status"]["name"] == "Planned"
    assert idea.activity.filter(kind="status").count() == 2


def test_a_category_without_statuses_is_422(world, api, board):
    idea = _idea(board, "Dark mode")
    closed = Status.objects.get(workspace=world.acme, category="closed")
    actions.status_delete(status=closed, replacement=None)
    response = api.patch(f"/ideas/{idea.id}", {"status_category": "closed"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "status_category"


@pytest.mark.parametrize(
    "patch, status, field",
    [
        ({"title": "New", "status_id": 999_999}, 404, "status_id"),
        ({"title": "New", "board_id": 999_999}, 404, "board_id"),
        ({"title": "New", "tags": ["UI", "Nope"]}, 404, "tags"),
        ({"title": "New", "status_id": 1, "status_category": "planned"}, 422, ""),
        ({"title": None}, 422, "title"),
        ({"title": "New", "status": "planned"}, 422, "status"),
        ({"title": "New", "is_pinned": "very"}, 422, "is_pinned"),
        ({"title": "New", "eta": "next week"}, 422, "eta"),
    ],
)
def test_a_bad_patch_changes_nothing(world, api, board, patch, status, field):
    actions.tag_create(workspace=world.acme, name="UI")
    idea = _idea(board, "Dark mode")
    response = api.patch(f"/ideas/{idea.id}", patch)
    assert response.status_code == status, response.content
    assert response.json()["detail"]
    assert response.json()["errors"][0]["field"] == field
    idea.refresh_from_db()
    assert (idea.title, idea.version) == ("Dark mode", 1)
    assert not idea.activity.exclude(kind="created").exists()


def test_a_patch_from_a_stale_version_is_409_and_changes_nothing(world, api, board):
    idea = _idea(board, "Dark mode")
    seen = api.get(f"/ideas/{idea.id}").json()["version"]
    actions.idea_update(idea=idea, title="Dark theme", body="", version=seen)

    response = api.patch(f"/ideas/{idea.id}", {"title": "Night mode", "version": seen})

    assert response.status_code == 409
    assert "Someone changed this idea" in response.json()["detail"]
    idea.refresh_from_db()
    assert idea.title == "Dark theme"
    fresh = api.get(f"/ideas/{idea.id}").json()["version"]
    retried = api.patch(f"/ideas/{idea.id}", {"title": "Night mode", "version": fresh})
    assert retried.status_code == 200 and retried.json()["title"] == "Night mode"


# --- delete --------------------------------------------------------------------------------


def test_a_deleted_idea_is_gone_from_the_api_but_kept_for_undo(world, api, board):
    idea = _idea(board, "Dark mode")

    response = api.delete(f"/ideas/{idea.id}")

    assert response.status_code == 204 and response.content == b""
    assert api.get(f"/ideas/{idea.id}").status_code == 404
    assert _ids(api.get("/ideas")) == []
    assert api.delete(f"/ideas/{idea.id}").status_code == 404
    idea.refresh_from_db()
    assert idea.deleted_at is not None
    actions.idea_restore(idea=idea, actor_user=world.alice)
    assert api.get(f"/ideas/{idea.id}").status_code == 200


def test_a_read_only_key_reads_but_cannot_write(world, board):
    reader = api_for(world.acme, read_only=True)
    idea = _idea(board, "Dark mode")
    assert reader.get(f"/ideas/{idea.id}").status_code == 200
    for response in (
        reader.post("/ideas", {"board_id": board.id, "title": "Sneaky"}),
        reader.patch(f"/ideas/{idea.id}", {"title": "Sneaky"}),
        reader.delete(f"/ideas/{idea.id}"),
    ):
        assert response.status_code == 403
        assert "read-only" in response.json()["detail"]
    idea.refresh_from_db()
    assert idea.title == "Dark mode" and idea.deleted_at is None
    assert Idea.objects.count() == 1
