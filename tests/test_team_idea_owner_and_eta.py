"""The team gives an idea an owner and an ETA; both show on the idea and in its log."""

from datetime import date

import pytest
from django.urls import reverse

from keyloop.accounts.models import Membership
from keyloop.feedback import actions


@pytest.fixture
def idea(world):
    board = world.acme.boards.get(slug="feature-requests")
    return actions.idea_create(board=board, title="Dark mode", body="", author=world.eve)


def test_alice_makes_bob_the_owner(world, idea):
    bob_membership = Membership.objects.get(workspace=world.acme, user=world.bob)

    response = world.client_for(world.alice).post(
        reverse("team_idea_owner", args=["acme", idea.pk]),
        {"owner": bob_membership.pk},
        follow=True,
    )

    idea.refresh_from_db()
    assert idea.owner == world.bob
    page = response.content.decode()
    assert "Bob Brown owns this idea now." in page
    assert "Alice Adams made Bob Brown the owner" in page


def test_choosing_nobody_removes_the_owner(world, idea):
    actions.idea_set_owner(idea=idea, owner=world.bob, actor_user=world.alice)

    world.client_for(world.alice).post(
        reverse("team_idea_owner", args=["acme", idea.pk]), {"owner": ""}
    )

    idea.refresh_from_db()
    assert idea.owner is None


def test_a_member_of_another_workspace_cannot_become_the_owner(world, idea):
    charlie_membership = Membership.objects.get(workspace=world.globex, user=world.charlie)

    response = world.client_for(world.alice).post(
        reverse("team_idea_owner", args=["acme", idea.pk]), {"owner": charlie_membership.pk}
    )

    assert response.status_code == 404
    idea.refresh_from_db()
    assert idea.owner is None


def test_bob_sets_an_eta_and_can_remove_it(world, idea):
    bob = world.client_for(world.bob)
    url = reverse("team_idea_eta", args=["acme", idea.pk])

    response = bob.post(url, {"eta": "2027-03-31"}, follow=True)

    idea.refresh_from_db()
    assert idea.eta == date(2027, 3, 31)
    assert "Bob Brown set the ETA to 31 Mar 2027" in response.content.decode()

    bob.post(url, {"eta": ""})
    idea.refresh_from_db()
    assert idea.eta is None


def test_a_date_that_is_not_a_date_is_refused_and_changes_nothing(world, idea):
    actions.idea_set_eta(idea=idea, eta=date(2027, 1, 15), actor_user=world.alice)

    response = world.client_for(world.bob).post(
        reverse("team_idea_eta", args=["acme", idea.pk]), {"eta": "next tuesday"}, follow=True
    )

    assert "Enter a date like 2026-03-31." in response.content.decode()
    idea.refresh_from_db()
    assert idea.eta == date(2027, 1, 15)
