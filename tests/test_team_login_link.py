"""Team members can log in by a link e-mailed to them instead of their password: it arrives
over SMTP, asks for a click, works once, within 15 minutes, and says nothing about which
addresses have accounts."""

import re
from datetime import timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone

from keyloop.accounts.login_links import login_link_read, login_link_token, login_link_use

from .conftest import PASSWORD, body_of

LINK = re.compile(r"https?://[^\s\"<>]+/login/link/[^/\s\"<>]+/")
REQUEST = reverse("login_link_request")


def _path(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def _logged_in_as(client) -> str:
    """The e-mail the top bar shows, or "" for a visitor."""
    page = client.get(reverse("home")).content.decode()
    found = re.search(r"[\w.]+@acme\.test", page)
    return found.group(0) if found else ""


def test_a_team_member_logs_in_by_a_link_from_their_inbox(
    world, client, smtp_server, settings, django_capture_on_commit_callbacks
):
    settings.BASE_URL = "http://keyloop.test"
    login_page = client.get(reverse("login")).content.decode()
    assert "E-mail me a login link instead" in login_page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(REQUEST, {"email": "Alice@Acme.test", "next": "/acme/admin/"})
    assert "Check your inbox" in client.get(response["Location"]).content.decode()
    [message] = smtp_server.wait_for(1)
    assert (message["To"], message["Subject"]) == ("alice@acme.test", "Your Keyloop login link")
    link = LINK.search(body_of(message)).group(0)
    assert link.startswith("http://keyloop.test/login/link/")

    opened = client.get(_path(link))  # a mail scanner fetching it logs nobody in
    assert "You are about to log in as <strong>alice@acme.test</strong>" in opened.content.decode()
    assert _logged_in_as(client) == ""
    response = client.post(_path(link))
    assert response["Location"] == "/acme/admin/"
    assert _logged_in_as(client) == "alice@acme.test"
    assert client.get("/acme/admin/").status_code == 200


def test_a_link_works_once(world, client):
    link = reverse("login_link", args=[login_link_token(world.alice)])
    client.post(link)
    stranger = world.client_for(None)
    for response in (stranger.get(link), stranger.post(link)):
        assert response.status_code == 400
        assert "has expired, was used already, or is not valid" in response.content.decode()
    assert stranger.get("/acme/admin/").status_code == 302  # to the login page


def test_logging_in_with_the_password_retires_a_link_sent_before(world, client):
    link = reverse("login_link", args=[login_link_token(world.alice)])
    world.client_for(None).post(reverse("login"), {"username": "alice@acme.test",
                                                   "password": PASSWORD})  # fmt: skip
    assert client.post(link).status_code == 400


def test_a_link_expires_after_15_minutes(world, client):
    link = reverse("login_link", args=[login_link_token(world.alice)])
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        assert client.post(link).status_code == 400
    assert _logged_in_as(client) == ""


def test_a_deactivated_member_s_link_does_not_log_in(world, client):
    link = reverse("login_link", args=[login_link_token(world.alice)])
    world.alice.is_active = False
    world.alice.save()
    assert client.post(link).status_code == 400


def test_an_unknown_address_gets_the_same_answer_and_no_mail(
    world, client, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        unknown = client.post(REQUEST, {"email": "nobody@acme.test"})
        known = client.post(REQUEST, {"email": "bob@acme.test"})
    assert unknown["Location"] == known["Location"] == f"{REQUEST}?sent=1"
    [message] = smtp_server.wait_for(1, timeout=1)
    assert message["To"] == "bob@acme.test"


def test_a_bad_address_or_too_many_requests_are_refused_clearly(world, client, settings):
    response = client.post(REQUEST, {"email": "nope"})
    assert response.status_code == 200
    assert "Enter a valid email address." in response.content.decode()

    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "magic_link": "2/h"}
    for _ in range(2):
        assert client.post(REQUEST, {"email": "alice@acme.test"}).status_code == 302
    response = client.post(REQUEST, {"email": "alice@acme.test"})
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert "You are going a bit fast" in response.content.decode()


def test_the_link_never_leads_off_the_site(world, client):
    token = login_link_token(world.alice, next_url="https://evil.test/")
    assert client.post(reverse("login_link", args=[token]))["Location"] == reverse("home")


def test_of_two_clicks_at_once_only_one_logs_in(world):
    token = login_link_token(world.alice)
    (first, _), (second, _) = login_link_read(token), login_link_read(token)  # both valid
    assert login_link_use(first) is True
    assert login_link_use(second) is False
