"""Raw feedback through the API: push it, find it again, triage it; idempotent on arrival."""

import pytest

from keyloop.accounts.models import Person
from keyloop.feedback import actions as feedback
from keyloop.feedback.models import Subscription
from keyloop.inbox.models import FeedbackItem


@pytest.fixture
def idea(world):
    board = world.acme.boards.get(slug="feature-requests")
    return feedback.idea_create(board=board, title="Export to CSV", body="", author=None)


PAT = {
    "email": "pat@hooli.test", "name": "Pat Park", "external_id": "u_7",
    "company": {"external_id": "co_hooli", "name": "Hooli", "mrr_cents": 120_000,
                "plan": "Enterprise", "segment": "Tech"},
}  # fmt: skip


def test_posted_feedback_comes_back_whole_with_its_sentiment_scored(
    world, api, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
        "/feedback",
        {
            "text": "I love the new board, but exporting to CSV is painfully slow.",
            "channel": "support", "external_id": "zendesk-4411",
            "source_url": "https://hooli.zendesk.test/tickets/4411", "person": PAT,
        },
    )  # fmt: skip

    assert response.status_code == 201, response.content
    body = response.json()
    pat = Person.objects.get(workspace=world.acme, external_id="u_7")
    assert body["text"] == "I love the new board, but exporting to CSV is painfully slow."
    assert (body["channel"], body["external_id"], body["state"]) == (
        "support",
        "zendesk-4411",
        "new",
    )
    assert body["idea_id"] is None
    assert body["person"]["id"] == pat.id
    assert body["person"]["company"]["name"] == "Hooli"
    # The task ran after commit (tests run tasks at once), so the item is scored now.
    fetched = api.get(f"/feedback/{body['id']}").json()
    assert -1 <= fetched["sentiment"] <= 1
    assert fetched["sentiment_label"] in {"positive", "neutral", "negative"}


def test_sentiment_is_null_until_the_worker_scores_it(world, api, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}

    response = api.post("/feedback", {"text": "This is awful, it crashes every day."})

    assert response.status_code == 201
    assert (response.json()["sentiment"], response.json()["sentiment_label"]) == (None, None)
    from keyloop.inbox.tasks import score_pending_sentiment

    assert score_pending_sentiment.call() == 1
    scored = api.get(f"/feedback/{response.json()['id']}").json()
    assert scored["sentiment_label"] == "negative"
    assert scored["sentiment"] < -0.05


def test_the_same_external_id_returns_the_stored_item(world, api):
    first = api.post(
        "/feedback", {"text": "Dark mode please", "external_id": "t-1", "channel": "sales"}
    )
    again = api.post(
        "/feedback", {"text": "Dark mode please!!", "external_id": "t-1", "channel": "sales"}
    )
    other_channel = api.post(
        "/feedback", {"text": "Dark mode", "external_id": "t-1", "channel": "support"}
    )

    assert (first.status_code, again.status_code, other_channel.status_code) == (201, 200, 201)
    assert again.json()["id"] == first.json()["id"]
    assert again.json()["text"] == "Dark mode please"  # a re-delivery, not an edit
    assert FeedbackItem.objects.filter(workspace=world.acme).count() == 2


def test_an_idempotency_key_replays_the_first_answer(world, api):
    first = api.post("/feedback", {"text": "SAML please"}, **{"Idempotency-Key": "k-1"})
    again = api.post("/feedback", {"text": "SAML please"}, **{"Idempotency-Key": "k-1"})

    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json()["id"] == first.json()["id"]
    assert FeedbackItem.objects.filter(workspace=world.acme).count() == 1


def test_feedback_posted_with_an_idea_is_linked_and_its_person_follows(world, api, idea):
    response = api.post(
        "/feedback", {"text": "Need CSV for finance", "person": PAT, "idea_id": idea.id}
    )

    assert response.status_code == 201
    assert (response.json()["state"], response.json()["idea_id"]) == ("linked", idea.id)
    pat = Person.objects.get(workspace=world.acme, external_id="u_7")
    assert Subscription.objects.filter(idea=idea, person=pat).exists()


def test_patch_links_unlinks_dismisses_and_marks_spam(world, api, idea):
    item_id = api.post("/feedback", {"text": "CSV export", "person": PAT}).json()["id"]

    linked = api.patch(f"/feedback/{item_id}", {"idea_id": idea.id})
    assert (linked.status_code, linked.json()["state"], linked.json()["idea_id"]) == (
        200, "linked", idea.id,
    )  # fmt: skip
    unlinked = api.patch(f"/feedback/{item_id}", {"idea_id": None})
    assert (unlinked.json()["state"], unlinked.json()["idea_id"]) == ("new", None)
    assert api.patch(f"/feedback/{item_id}", {"state": "dismissed"}).json()["state"] == "dismissed"
    spam = api.patch(f"/feedback/{item_id}", {"state": "spam"})
    assert spam.json()["state"] == "spam"
    # Spam is hidden from lists unless asked for by name.
    assert item_id not in [item["id"] for item in api.get("/feedback").json()["items"]]
    assert [item["id"] for item in api.get("/feedback", state="spam").json()["items"]] == [item_id]


def test_lists_filter_by_channel_state_idea_and_words(world, api, idea):
    api.post("/feedback", {"text": "Slack integration when", "channel": "slack"})
    api.post(
        "/feedback", {"text": "CSV export for invoices", "channel": "email", "idea_id": idea.id}
    )
    api.post("/feedback", {"text": "Faster dashboards", "channel": "email"})

    def texts(**params):
        return sorted(item["text"] for item in api.get("/feedback", **params).json()["items"])

    assert texts(channel="email") == ["CSV export for invoices", "Faster dashboards"]
    assert texts(state="linked") == ["CSV export for invoices"]
    assert texts(idea_id=idea.id) == ["CSV export for invoices"]
    assert texts(q="slack") == ["Slack integration when"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"text": ""}, "text"),
        ({"text": "x" * 20_001}, "text"),
        ({"text": "ok", "channel": "fax"}, "channel"),
        ({"text": "ok", "source_url": "javascript:alert(1)"}, "source_url"),
        ({"text": "ok", "person": {"email": "not-an-email"}}, "person.email"),
        ({"text": "ok", "colour": "red"}, "colour"),
    ],
)
def test_bad_feedback_is_refused_with_the_field_and_nothing_is_stored(world, api, body, field):
    response = api.post("/feedback", body)

    assert response.status_code == 422, response.content
    assert field in [error["field"] for error in response.json()["errors"]]
    assert not FeedbackItem.objects.exists()


def test_feedback_for_an_idea_of_another_workspace_is_404_and_stores_nothing(world, api):
    globex_board = world.globex.boards.first()
    foreign = feedback.idea_create(board=globex_board, title="Globex idea", body="", author=None)

    response = api.post("/feedback", {"text": "Link me", "idea_id": foreign.id})

    assert response.status_code == 404
    assert response.json()["errors"][0]["field"] == "idea_id"
    assert not FeedbackItem.objects.exists()


def test_linking_to_a_deleted_idea_is_a_conflict(world, api, idea):
    item_id = api.post("/feedback", {"text": "CSV"}).json()["id"]
    feedback.idea_delete(idea=idea, actor_user=world.alice)

    response = api.patch(f"/feedback/{item_id}", {"idea_id": idea.id})

    assert response.status_code in (404, 409)
    assert FeedbackItem.objects.get(id=item_id).state == "new"
