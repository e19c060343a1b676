"""Comments and internal notes through the API."""

import pytest

from keyloop.accounts.models import Person
from keyloop.feedback import actions
from keyloop.feedback.models import Comment, Subscription


@pytest.fixture
def idea(world):
    board = world.acme.boards.get(slug="feature-requests")
    return actions.idea_create(board=board, title="Export to CSV", body="", author=None)


def test_a_customer_comment_counts_and_makes_them_follow(world, api, idea):
    response = api.post(
        f"/ideas/{idea.id}/comments",
        {"body": "We need this for audits.", "person": {"email": "pat@hooli.test", "name": "Pat"}},
    )

    assert response.status_code == 201
    pat = Person.objects.get(email="pat@hooli.test")
    body = response.json()
    assert body["body"] == "We need this for audits." and body["internal"] is False
    assert body["person"] == {"id": pat.id, "email": pat.email, "name": "Pat", "external_id": ""}
    assert body["team_member"] is None and body["parent_id"] is None
    idea.refresh_from_db()
    assert idea.comment_count == 1
    assert Subscription.objects.filter(idea=idea, person=pat).exists()


def test_an_internal_note_stays_off_the_portal_and_the_count(world, api, idea):
    response = api.post(
        f"/ideas/{idea.id}/comments", {"body": "Hooli is worth $1M", "internal": True}
    )

    assert response.status_code == 201 and response.json()["internal"] is True
    idea.refresh_from_db()
    assert idea.comment_count == 0
    page = world.client_for(None).get(f"/acme/ideas/{idea.id}/").content.decode()
    assert "Hooli is worth" not in page


def test_replies_stay_one_level_deep_and_replies_to_notes_stay_internal(world, api, idea):
    top = actions.comment_add(idea=idea, body="Top", author=world.dana)
    reply = actions.comment_add(idea=idea, body="Reply", author=world.eve, parent=top)
    note = actions.comment_add(
        idea=idea, body="Note", author=None, author_user=world.alice, internal=True
    )

    deep = api.post(f"/ideas/{idea.id}/comments", {"body": "Deeper", "parent_id": reply.id})
    on_note = api.post(f"/ideas/{idea.id}/comments", {"body": "Agreed", "parent_id": note.id})

    assert deep.json()["parent_id"] == top.id
    assert on_note.json()["parent_id"] == note.id and on_note.json()["internal"] is True


def test_a_parent_on_another_idea_is_404_and_nothing_is_written(world, api, idea):
    other = actions.idea_create(board=idea.board, title="Other", author=None)
    elsewhere = actions.comment_add(idea=other, body="Elsewhere", author=world.dana)
    response = api.post(f"/ideas/{idea.id}/comments", {"body": "Hi", "parent_id": elsewhere.id})
    assert response.status_code == 404
    assert response.json()["errors"][0]["field"] == "parent_id"
    assert not Comment.objects.filter(idea=idea).exists()


def test_the_team_comments_on_a_board_closed_to_customers(world, api, idea):
    actions.board_update(board=idea.board, is_locked=True)
    response = api.post(f"/ideas/{idea.id}/comments", {"body": "Closing this board soon."})
    assert response.status_code == 201


def test_a_deleted_idea_takes_no_comments(world, api, idea):
    actions.idea_delete(idea=idea, actor_user=None)
    response = api.post(f"/ideas/{idea.id}/comments", {"body": "Hello?"})
    assert response.status_code == 404
    assert not Comment.objects.exists()


def test_the_list_holds_comments_and_notes_oldest_first_without_deleted_ones(world, api, idea):
    first = actions.comment_add(idea=idea, body="First", author=world.dana)
    note = actions.comment_add(
        idea=idea, body="Note", author=None, author_user=world.alice, internal=True
    )
    gone = actions.comment_add(idea=idea, body="Gone", author=world.eve)
    actions.comment_delete(comment=gone)
    actions.comment_add(idea=idea, body="Pending", author=world.eve, published=False)

    items = api.get(f"/ideas/{idea.id}/comments").json()["items"]

    assert [item["id"] for item in items] == [first.id, note.id]
    assert items[1]["team_member"] == {
        "id": world.alice.id, "name": "Alice Adams", "email": "alice@acme.test"
    }  # fmt: skip
    assert items[0]["person"]["email"] == world.dana.email


@pytest.mark.parametrize(
    "comment, field, message",
    [
        ({"body": "   "}, "body", "Write something first."),
        ({"body": "x" * 10_001}, "body", "too long"),
        ({"body": "Hi", "internal": "maybe"}, "internal", "valid boolean"),
        ({"body": "Hi", "person": {"name": "No address"}}, "person", "email"),
        ({"body": ["Hi"]}, "body", "valid string"),
        ({}, "body", "Field required"),
    ],
)
def test_a_bad_comment_is_422_and_writes_nothing(world, api, idea, comment, field, message):
    response = api.post(f"/ideas/{idea.id}/comments", comment)
    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert error["field"] == field and message in error["message"]
    assert not Comment.objects.exists()
    assert Person.objects.count() == 2
