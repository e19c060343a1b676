"""Customers log in to a portal with a magic link e-mailed to them; no password."""

from datetime import timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone

from keyloop.accounts.models import Person
from keyloop.feedback import actions
from keyloop.feedback.portal_session import magic_link_token

from .portal_support import idea_on, log_in_customer, magic_link_in


def test_a_customer_gets_a_link_by_email_and_is_logged_in_by_it(
    world, client, smtp_server, settings, django_capture_on_commit_callbacks
):
    settings.BASE_URL = "http://keyloop.test"
    login = reverse("portal_login", args=["acme"])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(login, {"email": "Eve@Example.test", "next": "/acme/roadmap"})
    assert len(callbacks) == 1
    page = client.get(response["Location"]).content.decode()
    assert "Check your inbox" in page and "eve@example.test" in page

    [message] = smtp_server.wait_for(1)
    assert message["To"] == "eve@example.test"
    assert message["Subject"] == "Your login link for Acme feedback"
    assert "http://keyloop.test/acme/login/" in message.get_body(("plain",)).get_content()

    landing = client.get(magic_link_in(message))
    assert landing["Location"] == "/acme/roadmap"
    page = client.get("/acme/").content.decode()
    assert "eve@example.test" in page and reverse("portal_logout", args=["acme"]) in page
    world.eve.refresh_from_db()
    assert world.eve.email_confirmed_at is not None


def test_a_new_address_becomes_a_customer_only_when_the_link_is_clicked(
    world, client, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("portal_login", args=["acme"]), {"email": "new@example.test"})
    assert not Person.objects.filter(email="new@example.test").exists()
    [message] = smtp_server.wait_for(1)
    client.get(magic_link_in(message))
    assert Person.objects.get(workspace=world.acme, email="new@example.test").email_confirmed_at


def test_the_login_is_for_that_workspace_only(world, client):
    log_in_customer(client, world.eve)
    assert "eve@example.test" in client.get("/acme/").content.decode()
    assert "eve@example.test" not in client.get("/globex/").content.decode()
    # A link of acme does not open globex.
    token = magic_link_token(workspace=world.acme, email="eve@example.test")
    response = client.get(reverse("portal_login_token", args=["globex", token]))
    assert response.status_code == 400
    assert not Person.objects.filter(workspace=world.globex).exists()


def test_an_expired_or_forged_link_is_refused_with_a_way_forward(world, client):
    token = magic_link_token(workspace=world.acme, email="eve@example.test")
    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        response = client.get(reverse("portal_login_token", args=["acme", token]))
    assert response.status_code == 400
    assert "This link has expired or is not valid" in response.content.decode()
    forged = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    assert client.get(reverse("portal_login_token", args=["acme", forged])).status_code == 400
    assert client.get(reverse("portal_login_token", args=["acme", "garbage"])).status_code == 400
    world.eve.refresh_from_db()
    assert world.eve.email_confirmed_at is None


def test_the_link_never_redirects_off_the_portal(world, client):
    for target in ("https://evil.test/", "//evil.test/", "/globex/", "/acme/../admin/"):
        token = magic_link_token(workspace=world.acme, email="eve@example.test", next_url=target)
        response = client.get(reverse("portal_login_token", args=["acme", token]))
        assert response["Location"] in ("/acme/", target if target.startswith("/acme/") else "")


def test_a_plain_login_does_not_publish_what_strangers_left_in_a_confirmed_name(world, client):
    actions.person_confirm_email(person=world.dana)
    client.post(
        reverse("idea_new", args=["acme", "feature-requests"]),
        {"title": "Delete all data", "email": "dana@initech.test"},
    )
    dana = log_in_customer(world.client_for(None), world.dana)
    assert "Delete all data" not in dana.get("/acme/boards/feature-requests/").content.decode()


def test_logging_out_forgets_the_customer(world, client):
    log_in_customer(client, world.eve)
    assert client.get(reverse("portal_logout", args=["acme"])).status_code == 405
    response = client.post(reverse("portal_logout", args=["acme"]))
    assert response["Location"] == "/acme/"
    page = client.get("/acme/").content.decode()
    assert "You are logged out." in page
    assert "eve@example.test" not in page


def test_an_invalid_email_gets_a_clear_error(world, client, smtp_server):
    response = client.post(reverse("portal_login", args=["acme"]), {"email": "nope"})
    assert response.status_code == 200
    assert "Enter an e-mail address like you@example.com." in response.content.decode()
    assert smtp_server.wait_for(1, timeout=0.3) == []


def test_the_session_ends_if_the_person_is_erased(world, client):
    idea_on(world)
    log_in_customer(client, world.eve)
    world.eve.delete()
    page = client.get("/acme/").content.decode()
    assert "eve@example.test" not in page and reverse("portal_login", args=["acme"]) in page
