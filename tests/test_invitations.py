"""Admins invite colleagues by e-mail with a role; the link works once and expires."""

import re
from datetime import timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone

from keyloop.accounts.actions import invitation_create
from keyloop.accounts.models import Invitation, Membership, Role, User

from .conftest import PASSWORD, body_of


def invite(world, email="fiona@acme.test", role=Role.MEMBER):
    return invitation_create(workspace=world.acme, email=email, role=role, invited_by=world.alice)


def test_an_owner_invites_a_colleague_who_gets_the_link_by_email(
    world, smtp_server, settings, django_capture_on_commit_callbacks
):
    settings.BASE_URL = "http://keyloop.test"
    alice = world.client_for(world.alice)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = alice.post(
            reverse("members", args=["acme"]), {"email": "Fiona@Acme.test", "role": "admin"}
        )
    assert len(callbacks) == 1  # the e-mail leaves only after the invitation is committed
    assert response["Location"] == reverse("members", args=["acme"])
    page = alice.get(response["Location"]).content.decode()
    assert "Invitation sent to fiona@acme.test" in page
    assert "fiona@acme.test" in page

    [message] = smtp_server.wait_for(1)
    assert message["To"] == "fiona@acme.test"
    assert "Alice Adams invited you to Acme" in message["Subject"]
    assert re.search(r"http://keyloop\.test/invite/[\w-]+/", body_of(message))
    assert "Accept the invitation" in body_of(message, "html")


def test_the_invitee_signs_up_from_the_link_and_joins_with_the_role(world, client):
    _, token = invite(world, role=Role.ADMIN)
    link = reverse("invitation_accept", args=[token])

    landing = client.get(link).content.decode()
    assert "Join Acme" in landing and "fiona@acme.test" in landing

    client.post(
        reverse("signup"),
        {"name": "Fiona", "email": "fiona@acme.test", "password": PASSWORD, "next": link},
    )
    response = client.post(link)

    assert response["Location"] == reverse("team_dashboard", args=["acme"])
    fiona = User.objects.get(email="fiona@acme.test")
    assert Membership.objects.get(user=fiona, workspace=world.acme).role == Role.ADMIN
    # Joining through an invitation does not create a workspace of one's own.
    assert fiona.memberships.count() == 1


def test_an_expired_invitation_is_refused_and_changes_nothing(world, client):
    _, token = invite(world)
    charlie = world.client_for(world.charlie)  # any logged-in user
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        response = client.get(reverse("invitation_accept", args=[token]))
        assert response.status_code == 410
        assert "expired" in response.content.decode()
        fiona = User.objects.create_user("fiona@acme.test", PASSWORD)
        fiona_client = world.client_for(fiona)
        response = fiona_client.post(reverse("invitation_accept", args=[token]))
        assert response.status_code == 410
    assert not Membership.objects.filter(user=fiona).exists()
    assert charlie.get(reverse("team_dashboard", args=["acme"])).status_code == 404


def test_an_invitation_works_only_once(world):
    _, token = invite(world, email="charlie@globex.test")
    charlie = world.client_for(world.charlie)
    charlie.post(reverse("invitation_accept", args=[token]))
    assert charlie.get(reverse("team_dashboard", args=["acme"])).status_code == 200

    again = charlie.post(reverse("invitation_accept", args=[token]))
    assert "already been used" in again.content.decode()


def test_an_invitation_for_someone_else_cannot_be_accepted(world):
    _, token = invite(world, email="fiona@acme.test")
    charlie = world.client_for(world.charlie)
    response = charlie.post(reverse("invitation_accept", args=[token]))
    assert "This invitation is for fiona@acme.test" in response.content.decode()
    assert not Membership.objects.filter(user=world.charlie, workspace=world.acme).exists()


def test_an_unknown_token_is_404(client, db):
    assert client.get(reverse("invitation_accept", args=["not-a-token"])).status_code == 404


def test_a_plain_member_cannot_invite(world, smtp_server):
    bob = world.client_for(world.bob)
    response = bob.post(
        reverse("members", args=["acme"]), {"email": "x@acme.test", "role": "member"}, follow=True
    )
    assert "Only owners and admins can invite" in response.content.decode()
    assert not Invitation.objects.exists()
    assert smtp_server.wait_for(1, timeout=0.3) == []


def test_an_admin_cannot_invite_an_owner(world):
    Membership.objects.filter(user=world.bob).update(role=Role.ADMIN)
    bob = world.client_for(world.bob)
    response = bob.post(
        reverse("members", args=["acme"]), {"email": "x@acme.test", "role": "owner"}
    )
    assert "Select a valid choice" in response.content.decode()
    assert not Invitation.objects.exists()


def test_inviting_an_existing_member_says_so(world):
    alice = world.client_for(world.alice)
    response = alice.post(
        reverse("members", args=["acme"]), {"email": "bob@acme.test", "role": "member"}
    )
    assert "already a member of Acme" in response.content.decode()
    assert not Invitation.objects.exists()


def test_a_withdrawn_invitation_no_longer_works(world, client):
    invitation, token = invite(world)
    alice = world.client_for(world.alice)
    alice.post(reverse("invitation_revoke", args=["acme", invitation.id]))
    assert client.get(reverse("invitation_accept", args=[token])).status_code == 404
