"""Signing up creates an account and a workspace owned by it; bad input changes nothing."""

import pytest
from django.urls import reverse

from keyloop.accounts.models import Membership, Role, User, Workspace

from .conftest import PASSWORD


def signup(client, **overrides):
    data = {
        "name": "Fiona Fox",
        "email": "fiona@initrode.test",
        "password": PASSWORD,
        "workspace-name": "Initrode",
        "workspace-slug": "initrode",
        **overrides,
    }
    return client.post(reverse("signup"), data)


def test_it_creates_the_account_and_workspace_and_logs_in(client, db):
    response = signup(client)

    assert response.status_code == 302
    assert response["Location"] == reverse("team_dashboard", args=["initrode"])
    fiona = User.objects.get(email="fiona@initrode.test")
    membership = Membership.objects.get(user=fiona)
    assert membership.workspace.name == "Initrode"
    assert membership.role == Role.OWNER
    dashboard = client.get(response["Location"])
    assert "Initrode" in dashboard.content.decode()


def test_the_email_is_matched_case_insensitively(client, world):
    response = signup(client, email="  ALICE@Acme.TEST ")
    assert "already exists" in response.content.decode()
    assert User.objects.filter(email__iexact="alice@acme.test").count() == 1


@pytest.mark.parametrize(
    ("slug", "message"),
    [
        ("acme", "already taken"),
        ("admin", "reserved"),
        ("api", "reserved"),
        ("Not A Slug!", "lowercase letters"),
        ("ab", "lowercase letters"),
        ("-acme", "lowercase letters"),
        ("x" * 41, "at most 40"),
    ],
)
def test_a_taken_reserved_or_malformed_address_is_refused(client, world, slug, message):
    response = signup(client, **{"workspace-slug": slug})

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.filter(email="fiona@initrode.test").exists()
    assert Workspace.objects.count() == 2


def test_a_weak_password_is_refused_with_the_reason(client, db):
    response = signup(client, password="12345678")
    body = response.content.decode()
    assert "too common" in body or "entirely numeric" in body
    assert not User.objects.exists()


def test_too_long_fields_are_refused(client, db):
    response = signup(client, **{"workspace-name": "W" * 81, "name": "N" * 121})
    body = response.content.decode()
    assert "at most 80 characters" in body
    assert "at most 120 characters" in body
    assert not User.objects.exists()


def test_a_logged_in_member_can_create_another_workspace(world):
    alice = world.client_for(world.alice)
    response = alice.post(reverse("workspace_new"), {"name": "Acme Labs", "slug": "acme-labs"})
    assert response["Location"] == reverse("team_dashboard", args=["acme-labs"])
    home = alice.get(reverse("home")).content.decode()
    assert "Acme Labs" in home and "Acme" in home


def test_signing_up_after_being_sent_to_log_in_still_creates_a_workspace(client, db):
    response = signup(client, next="/initrode/admin/", **{"workspace-slug": ""})
    assert "This field is required" in response.content.decode()
    assert not User.objects.exists()
