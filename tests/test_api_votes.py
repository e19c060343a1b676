"""Votes through the API: identify the person and company, vote once, list and remove."""

import pytest

from keyloop.accounts.models import Company, Person
from keyloop.feedback import actions
from keyloop.feedback.models import Idea, Subscription, Vote


@pytest.fixture
def idea(world):
    board = world.acme.boards.get(slug="feature-requests")
    return actions.idea_create(board=board, title="Export to CSV", body="", author=None)


PAT = {
    "email": "pat@hooli.test", "name": "Pat Park", "external_id": "u_7",
    "company": {
        "external_id": "co_hooli", "name": "Hooli", "mrr_cents": 120_000, "plan": "Enterprise",
        "segment": "Tech",
    },
}  # fmt: skip


def test_a_vote_creates_the_person_and_company_and_counts(world, api, idea):
    response = api.post(f"/ideas/{idea.id}/votes", {"person": PAT, "importance": "important"})

    assert response.status_code == 201
    pat = Person.objects.get(workspace=world.acme, external_id="u_7")
    assert response.json() == {
        "idea_id": idea.id,
        "person": {
            "id": pat.id, "email": "pat@hooli.test", "name": "Pat Park", "external_id": "u_7",
            "company": {
                "id": pat.company.id, "external_id": "co_hooli", "name": "Hooli",
                "mrr_cents": 120_000, "plan": "Enterprise", "segment": "Tech",
            },
        },
        "importance": "important",
        "source": "api",
        "created_at": response.json()["created_at"],
    }  # fmt: skip
    assert pat.email_confirmed_at is not None
    idea.refresh_from_db()
    assert idea.vote_count == 1
    assert Subscription.objects.filter(idea=idea, person=pat).exists()


def test_voting_twice_is_harmless_and_updates_what_is_known(world, api, idea):
    first = api.post(f"/ideas/{idea.id}/votes", {"person": PAT, "importance": "critical"})
    again = api.post(
        f"/ideas/{idea.id}/votes",
        {"person": {"external_id": "u_7", "company": {"external_id": "co_hooli", "mrr_cents": 5}}},
    )

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["importance"] == "critical"  # not said again: kept
    assert again.json()["created_at"] == first.json()["created_at"]
    assert again.json()["person"]["company"]["mrr_cents"] == 5
    idea.refresh_from_db()
    assert idea.vote_count == 1 and Vote.objects.count() == 1
    assert Company.objects.filter(workspace=world.acme, external_id="co_hooli").count() == 1

    lowered = api.post(
        f"/ideas/{idea.id}/votes",
        {"person": {"email": "PAT@hooli.test"}, "importance": "nice_to_have"},
    )
    assert lowered.status_code == 200 and lowered.json()["importance"] == "nice_to_have"


def test_an_existing_customer_is_found_by_e_mail(world, api, idea):
    response = api.post(f"/ideas/{idea.id}/votes", {"person": {"email": "Dana@Initech.test"}})
    assert response.status_code == 201
    assert response.json()["person"]["id"] == world.dana.id
    assert response.json()["person"]["company"]["name"] == "Initech"
    assert Person.objects.filter(workspace=world.acme).count() == 2


def test_the_voters_list_shows_people_companies_and_importance_newest_first(world, api, idea):
    actions.vote_add(idea=idea, person=world.dana, importance="critical")
    actions.vote_add(idea=idea, person=world.eve)
    pending = Person.objects.create(workspace=world.acme, email="pending@example.test")
    actions.vote_add(idea=idea, person=pending, confirmed=False)

    items = api.get(f"/ideas/{idea.id}/votes").json()["items"]

    assert [item["person"]["email"] for item in items] == [world.eve.email, world.dana.email]
    assert items[1]["importance"] == "critical"
    assert items[1]["person"]["company"]["mrr_cents"] == 19_900
    assert items[0]["person"]["company"] is None


def test_a_vote_is_removed_by_person_id(world, api, idea):
    actions.vote_add(idea=idea, person=world.dana)
    actions.vote_add(idea=idea, person=world.eve)

    response = api.delete(f"/ideas/{idea.id}/votes/{world.dana.id}")

    assert response.status_code == 204
    idea.refresh_from_db()
    assert idea.vote_count == 1
    assert list(Vote.objects.values_list("person", flat=True)) == [world.eve.id]
    again = api.delete(f"/ideas/{idea.id}/votes/{world.dana.id}")
    assert again.status_code == 404 and again.json()["detail"] == "No such vote."


def test_removing_a_vote_of_another_workspace_s_person_is_404(world, api, idea):
    stranger = Person.objects.create(workspace=world.globex, email="dana@initech.test")
    actions.vote_add(idea=idea, person=world.dana)
    response = api.delete(f"/ideas/{idea.id}/votes/{stranger.id}")
    assert response.status_code == 404 and response.json()["detail"] == "No such person."
    assert Vote.objects.count() == 1


def test_a_deleted_idea_takes_no_votes_and_no_one_is_created(world, api, idea):
    actions.idea_delete(idea=idea, actor_user=None)
    response = api.post(f"/ideas/{idea.id}/votes", {"person": PAT})
    assert response.status_code == 404
    assert response.json()["detail"] == "No such idea."
    assert not Person.objects.filter(external_id="u_7").exists()
    assert not Company.objects.filter(external_id="co_hooli").exists()


def test_a_merged_idea_takes_no_votes_and_says_why(world, api, idea):
    board = idea.board
    survivor = actions.idea_create(board=board, title="CSV and Excel export", author=None)
    Idea.objects.filter(pk=idea.pk).update(merged_into=survivor)

    response = api.post(f"/ideas/{idea.id}/votes", {"person": PAT})

    assert response.status_code == 409
    assert response.json()["detail"] == "This idea can no longer be voted on."
    assert not Person.objects.filter(external_id="u_7").exists()
    assert not Vote.objects.exists()


@pytest.mark.parametrize(
    "vote, field",
    [
        ({"person": {"name": "Nobody"}}, "person"),
        ({"person": {"email": "pat@"}}, "person.email"),
        ({"person": {"email": "pat@hooli.test", "company": {"plan": "Pro"}}}, "person.company"),
        (
            {"person": {"email": "pat@hooli.test", "company": {"name": "H", "mrr_cents": -1}}},
            "person.company.mrr_cents",
        ),
        ({"person": {"email": "pat@hooli.test"}, "importance": "urgent"}, "importance"),
        ({"person": {"email": "pat@hooli.test", "name": "x" * 201}}, "person.name"),
        ({"importance": "critical"}, "person"),
    ],
)
def test_a_bad_vote_is_422_and_changes_nothing(world, api, idea, vote, field):
    response = api.post(f"/ideas/{idea.id}/votes", vote)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == field
    assert not Vote.objects.exists()
    assert Person.objects.filter(workspace=world.acme).count() == 2


def test_an_external_id_claiming_another_person_s_e_mail_is_422(world, api, idea):
    Person.objects.create(workspace=world.acme, external_id="u_7", email="pat@hooli.test")
    response = api.post(
        f"/ideas/{idea.id}/votes", {"person": {"external_id": "u_7", "email": world.dana.email}}
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "field": "person.email",
            "message": "Another person of this workspace has this e-mail address.",
        }
    ]
    assert not Vote.objects.exists()
    assert Person.objects.get(external_id="u_7").email == "pat@hooli.test"
