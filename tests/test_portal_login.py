"""Customers log in to a portal with a magic link e-mailed to them; no password."""

from datetime import timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone

from keyloop.accounts.models import Person, Workspace
from keyloop.feedback import actions, portal_session
from keyloop.feedback.portal_session import magic_link_token

from .portal_support import click_magic_link, idea_on, log_in_customer, magic_link_in


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

    landing = click_magic_link(client, magic_link_in(message))
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
    client.get(magic_link_in(message))  # opened (or fetched by a mail scanner): not yet
    assert not Person.objects.filter(email="new@example.test").exists()
    click_magic_link(client, magic_link_in(message))
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
        response = client.post(reverse("portal_login_token", args=["acme", token]))
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


def _link(email="eve@example.test", **kwargs) -> str:
    token = magic_link_token(workspace=Workspace.objects.get(slug="acme"), email=email, **kwargs)
    return reverse("portal_login_token", args=["acme", token])


def _logged_in_as(client) -> str:
    page = client.get("/acme/").content.decode()
    return "eve@example.test" if "eve@example.test" in page else ""


def test_a_link_logs_in_once_and_a_second_browser_is_told_to_ask_again(world, client):
    link = _link()
    click_magic_link(client, link)
    assert _logged_in_as(client) == "eve@example.test"

    stranger = world.client_for(None)  # someone the e-mail was forwarded to, days later
    for response in (stranger.get(link), stranger.post(link)):
        assert response.status_code == 400
        assert "This link was used already: each link logs in once." in response.content.decode()
        assert 'name="email"' in response.content.decode()  # the form to get a new one
    assert _logged_in_as(stranger) == ""


def test_opening_a_link_asks_for_a_click_and_changes_nothing(world, client):
    link = _link(next_url="/acme/roadmap", reason="vote")
    page = client.get(link).content.decode()
    assert "You are about to log in as <strong>eve@example.test</strong>" in page
    assert "Confirm and count my vote" in page
    assert _logged_in_as(client) == ""
    world.eve.refresh_from_db()
    assert world.eve.email_confirmed_at is None and world.eve.link_used_at is None

    assert client.post(link)["Location"] == "/acme/roadmap"
    assert _logged_in_as(client) == "eve@example.test"


def test_using_a_link_retires_the_ones_sent_before_it(world, client):
    older, newer = _link(), _link()
    click_magic_link(client, newer)
    assert world.client_for(None).post(older).status_code == 400
    # A link sent after that use works.
    assert world.client_for(None).post(_link()).status_code == 302


def test_the_same_browser_clicking_again_just_goes_on(world, client):
    link = _link(next_url="/acme/roadmap")
    click_magic_link(client, link)
    assert client.get(link)["Location"] == "/acme/roadmap"
    assert client.post(link)["Location"] == "/acme/roadmap"


def test_of_two_clicks_on_one_link_only_one_logs_in(world):
    link = portal_session.magic_link_read(
        workspace=world.acme, token=_link().rsplit("/", 2)[-2]
    )  # fmt: skip
    first, second = (
        actions.magic_link_redeem(
            workspace=world.acme, email=link.email, issued_at=link.issued_at, confirm=False
        )
        for _ in range(2)
    )
    assert first == world.eve and second is None


def test_after_a_confirmation_link_is_used_the_next_pending_vote_gets_a_new_one(
    world, client, smtp_server, django_capture_on_commit_callbacks
):
    first, second = idea_on(world, title="One"), idea_on(world, title="Two")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("idea_vote", args=["acme", first.pk]), {"email": "fay@example.test"})
    [message] = smtp_server.wait_for(1)
    with django_capture_on_commit_callbacks(execute=True):
        click_magic_link(client, magic_link_in(message))

    other_browser = world.client_for(None)
    with django_capture_on_commit_callbacks(execute=True):
        other_browser.post(
            reverse("idea_vote", args=["acme", second.pk]), {"email": "fay@example.test"}
        )
    [_, message] = smtp_server.wait_for(2)
    assert message["Subject"] == "Confirm your e-mail to count your vote"
    click_magic_link(other_browser, magic_link_in(message))
    second.refresh_from_db()
    assert second.vote_count == 1
