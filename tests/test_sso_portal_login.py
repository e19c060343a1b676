"""A host app logs its customer in to the portal with a signed token: `?sso=` on any portal
page, or a POST to /<ws>/sso/. A bad token logs nobody in and says why."""

import time

import jwt
import pytest
from django.test import Client

from keyloop.accounts.models import Person
from keyloop.integrations.sso import sso_token_sign

from .portal_support import idea_on


@pytest.fixture
def acme_idea(world):
    return idea_on(world)


def _token(workspace, **claims):
    return sso_token_sign(
        workspace=workspace,
        claims={"email": "dana@initech.test", "name": "Dana Diaz", "id": "u-1", **claims},
    )


def _portal_says_logged_in_as(client, email) -> bool:
    page = client.get("/acme/").content.decode()
    return email in page and "Log out" in page


def test_sso_in_the_query_logs_in_and_drops_the_token_from_the_address(world, acme_idea):
    client = world.client_for(None)
    url = f"/acme/ideas/{acme_idea.pk}/?sso={_token(world.acme)}&ref=app"
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/acme/ideas/{acme_idea.pk}/?ref=app"
    page = client.get(response["Location"]).content.decode()
    assert "You are logged in as dana@initech.test." in page
    assert _portal_says_logged_in_as(client, "dana@initech.test")


def test_a_logged_in_customer_votes_without_giving_an_email(world, acme_idea):
    client = world.client_for(None)
    client.get(f"/acme/?sso={_token(world.acme)}")
    response = client.post(f"/acme/ideas/{acme_idea.pk}/vote/", {})
    assert response.status_code == 302
    assert acme_idea.votes.filter(person=world.dana).exists()


def test_a_new_customer_from_the_token_is_created_and_confirmed(world):
    client = world.client_for(None)
    token = _token(world.acme, email="zed@globocorp.test", id="u-7", name="Zed Zhou",
                   company={"id": "co_9", "name": "Globocorp"})  # fmt: skip
    client.get(f"/acme/roadmap?sso={token}")
    zed = Person.objects.get(workspace=world.acme, email="zed@globocorp.test")
    assert zed.email_confirmed_at is not None
    assert zed.company.name == "Globocorp"
    assert _portal_says_logged_in_as(client, "zed@globocorp.test")


def test_an_expired_token_in_the_query_shows_why_and_logs_nobody_in(world):
    client = world.client_for(None)
    now = int(time.time())
    expired = jwt.encode(
        {"email": "dana@initech.test", "exp": now - 120, "iat": now - 720},
        world.acme.sso_secret,
        algorithm="HS256",
    )
    response = client.get(f"/acme/changelog?sso={expired}")
    assert response.status_code == 302
    assert response["Location"] == "/acme/changelog"
    page = client.get("/acme/changelog")
    assert page.status_code == 200
    assert "We could not log you in: The SSO token has expired" in page.content.decode()
    assert not _portal_says_logged_in_as(client, "dana@initech.test")


def test_another_workspaces_token_does_not_log_in(world):
    client = world.client_for(None)
    client.get(f"/acme/?sso={_token(world.globex)}")
    page = client.get("/acme/").content.decode()
    assert "does not match" in page
    assert "Log out" not in page


def test_an_unknown_workspace_is_still_404_with_a_token(world):
    assert world.client_for(None).get(f"/initech/?sso={_token(world.acme)}").status_code == 404


def test_post_to_sso_logs_in_and_goes_to_next(world, acme_idea):
    client = world.client_for(None)
    next_url = f"/acme/ideas/{acme_idea.pk}/"
    response = client.post("/acme/sso/", {"token": _token(world.acme), "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == next_url
    assert _portal_says_logged_in_as(client, "dana@initech.test")


def test_post_to_sso_never_redirects_outside_the_portal(world):
    client = world.client_for(None)
    for target in ("https://evil.test/", "//evil.test/", "/globex/"):
        response = client.post("/acme/sso/", {"token": _token(world.acme), "next": target})
        assert response["Location"] == "/acme/"


def test_post_to_sso_works_without_a_csrf_token_from_the_host_app(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/acme/sso/", {"token": _token(world.acme)})
    assert response.status_code == 302
    assert _portal_says_logged_in_as(client, "dana@initech.test")


def test_a_bad_token_posted_gets_a_400_page_with_the_reason(world):
    client = world.client_for(None)
    response = client.post("/acme/sso/", {"token": _token(world.acme, email="not-an-email")})
    assert response.status_code == 400
    page = response.content.decode()
    assert "We could not log you in from your app" in page
    assert "e-mail address like you@example.com" in page
    assert "E-mail me a login link" in page  # the usual login still works
    assert not _portal_says_logged_in_as(client, "dana@initech.test")


def test_sso_page_answers_get_with_405(world):
    assert world.client_for(None).get("/acme/sso/").status_code == 405


def test_sso_in_the_query_works_with_the_page_cache_on(world, settings):
    settings.PORTAL_PAGE_CACHE_SECONDS = 60
    Client().get("/acme/roadmap")  # the anonymous page is now cached
    client = Client()
    response = client.get(f"/acme/roadmap?sso={_token(world.acme)}")
    assert response.status_code == 302
    assert _portal_says_logged_in_as(client, "dana@initech.test")
