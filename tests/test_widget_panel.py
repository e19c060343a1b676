"""The widget panel: it can be framed by any site, identifies the customer from the host
page's SSO token, searches ideas, votes and unvotes, and sends feedback to the inbox."""

import re

import pytest
from django.test import Client

from keyloop.accounts.models import Person
from keyloop.feedback.models import Channel
from keyloop.inbox.models import FeedbackItem
from keyloop.integrations.sso import sso_token_sign

from .portal_support import idea_on

IDENTITY = re.compile(r'"X-Keyloop-Widget-Identity": "([^"]+)"')


@pytest.fixture
def ideas(world):
    csv = idea_on(world, "Export to CSV")
    dark = idea_on(world, "Dark mode")
    from keyloop.feedback import actions

    private = actions.board_create(workspace=world.acme, name="Internal", is_private=True)
    secret = idea_on(world, "Secret export plan", board=private, actor_user=world.alice)
    return {"csv": csv, "dark": dark, "secret": secret}


def _identified(world, client=None, **claims) -> tuple[Client, dict]:
    """A panel that exchanged the host page's token; returns the headers htmx would send."""
    client = client or Client(enforce_csrf_checks=True)
    token = sso_token_sign(
        workspace=world.acme,
        claims={"email": "dana@initech.test", "name": "Dana Diaz", "id": "u-1", **claims},
    )
    response = client.post(
        "/acme/widget/identify/", {"token": token}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    identity = IDENTITY.search(response.content.decode()).group(1)
    return client, {"X-Keyloop-Widget-Identity": identity, "HX-Request": "true"}


def test_the_panel_can_be_framed_by_any_site(world):
    response = Client().get("/acme/widget/")
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    assert response["Content-Security-Policy"] == "frame-ancestors *"


def test_other_pages_still_refuse_framing(world):
    response = Client().get("/acme/")
    assert response["X-Frame-Options"] == "DENY"


def test_an_anonymous_panel_shows_ideas_and_asks_for_an_optional_email(world, ideas):
    page = Client().get("/acme/widget/").content.decode()
    assert "Export to CSV" in page and "Dark mode" in page
    assert "Secret export plan" not in page
    assert "Your e-mail (optional)" in page
    assert "X-Keyloop-Widget-Identity" not in page


def test_the_token_identifies_the_customer_in_the_panel(world, ideas):
    client = Client(enforce_csrf_checks=True)
    token = sso_token_sign(workspace=world.acme, claims={"email": "dana@initech.test"})
    response = client.post("/acme/widget/identify/", {"token": token})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Dana Diaz" in page and "Initech" in page
    assert "Sent as dana@initech.test" in page
    assert "Your e-mail (optional)" not in page


def test_a_bad_token_leaves_the_panel_anonymous_and_says_why(world, ideas):
    token = sso_token_sign(workspace=world.globex, claims={"email": "dana@initech.test"})
    response = Client().post("/acme/widget/identify/", {"token": token})
    assert response.status_code == 400
    page = response.content.decode()
    assert "We could not recognise you" in page and "does not match" in page
    assert "X-Keyloop-Widget-Identity" not in page
    assert "Export to CSV" in page  # the panel still works


def test_search_finds_matching_public_ideas_only(world, ideas):
    client, headers = _identified(world)
    response = client.get("/acme/widget/search/", {"q": "export"}, headers=headers)
    page = response.content.decode()
    assert "Export to CSV" in page
    assert "Dark mode" not in page
    assert "Secret export plan" not in page


def test_search_with_no_match_says_so(world, ideas):
    page = Client().get("/acme/widget/search/", {"q": "teleport"}).content.decode()
    assert "No idea matches “teleport” yet" in page


def test_an_identified_customer_votes_and_unvotes(world, ideas):
    client, headers = _identified(world)
    idea = ideas["csv"]
    response = client.post(f"/acme/widget/ideas/{idea.pk}/vote/", headers=headers)
    assert response.status_code == 200
    assert 'aria-pressed="true"' in response.content.decode()
    vote = idea.votes.get(person=world.dana)
    assert vote.source == Channel.WIDGET
    idea.refresh_from_db()
    assert idea.vote_count == 1
    response = client.post(f"/acme/widget/ideas/{idea.pk}/unvote/", headers=headers)
    assert 'aria-pressed="false"' in response.content.decode()
    idea.refresh_from_db()
    assert idea.vote_count == 0


def test_the_search_shows_what_the_customer_voted_for(world, ideas):
    client, headers = _identified(world)
    client.post(f"/acme/widget/ideas/{ideas['csv'].pk}/vote/", headers=headers)
    page = client.get("/acme/widget/search/", {"q": "csv"}, headers=headers).content.decode()
    assert 'aria-pressed="true"' in page


def test_an_anonymous_vote_counts_nothing_and_points_to_the_portal(world, ideas):
    idea = ideas["csv"]
    response = Client().post(f"/acme/widget/ideas/{idea.pk}/vote/")
    assert response.status_code == 200
    assert "vote on the portal" in response.content.decode()
    assert not idea.votes.exists()


def test_a_forged_identity_header_counts_nothing(world, ideas):
    idea = ideas["csv"]
    headers = {"X-Keyloop-Widget-Identity": '{"w": 1, "p": 1}'}
    Client().post(f"/acme/widget/ideas/{idea.pk}/vote/", headers=headers)
    assert not idea.votes.exists()


def test_an_identity_from_another_workspace_is_ignored(world, ideas):
    # Globex's panel identity sent to acme's widget does not act as anybody at acme.
    globex_idea = idea_on(world, "Globex idea", board=world.globex.boards.first())
    token = sso_token_sign(workspace=world.globex, claims={"email": "gus@globex.test"})
    response = Client().post("/globex/widget/identify/", {"token": token})
    headers = {"X-Keyloop-Widget-Identity": IDENTITY.search(response.content.decode()).group(1)}
    Client().post(f"/acme/widget/ideas/{ideas['csv'].pk}/vote/", headers=headers)
    assert not ideas["csv"].votes.exists()
    # And acme's widget cannot reach globex's idea at all.
    _, acme_headers = _identified(world)
    assert (
        Client()
        .post(f"/acme/widget/ideas/{globex_idea.pk}/vote/", headers=acme_headers)
        .status_code
        == 404
    )


def test_a_private_idea_cannot_be_voted_on_from_the_widget(world, ideas):
    client, headers = _identified(world)
    response = client.post(f"/acme/widget/ideas/{ideas['secret'].pk}/vote/", headers=headers)
    assert response.status_code == 404
    assert not ideas["secret"].votes.exists()


def test_votes_answer_get_with_405(world, ideas):
    assert Client().get(f"/acme/widget/ideas/{ideas['csv'].pk}/vote/").status_code == 405


def test_identified_feedback_lands_in_the_inbox_with_the_person(world):
    client, headers = _identified(world)
    response = client.post(
        "/acme/widget/feedback/",
        {
            "text": "The export button is hard to find",
            "page_url": "https://app.initech.test/reports",
        },
        headers=headers,
    )
    assert response.status_code == 200
    assert "Thanks, we got it!" in response.content.decode()
    item = FeedbackItem.objects.get(workspace=world.acme)
    assert (item.channel, item.person, item.company) == ("widget", world.dana, world.initech)
    assert item.text == "The export button is hard to find"
    assert item.source_url == "https://app.initech.test/reports"
    assert item.metadata["identified_by"] == "sso"


def test_anonymous_feedback_with_an_email_keeps_the_email(world):
    response = Client().post(
        "/acme/widget/feedback/", {"text": "Love it", "email": "new@visitor.test"}
    )
    assert response.status_code == 200
    item = FeedbackItem.objects.get(workspace=world.acme)
    assert item.person.email == "new@visitor.test"
    assert item.person.email_confirmed_at is None
    assert item.metadata == {"identified_by": "e-mail", "email_verified": False}


def test_anonymous_feedback_without_email_is_kept_without_a_person(world):
    Client().post("/acme/widget/feedback/", {"text": "Nice", "page_url": "javascript:alert(1)"})
    item = FeedbackItem.objects.get(workspace=world.acme)
    assert item.person is None
    assert item.source_url == ""  # not an http(s) page: dropped


def test_empty_feedback_is_refused_with_a_message(world):
    response = Client().post("/acme/widget/feedback/", {"text": "   ", "email": "nope"})
    page = response.content.decode()
    assert "Write your feedback first." in page
    assert "Enter an e-mail address like you@example.com." in page
    assert not FeedbackItem.objects.exists()


def test_feedback_is_not_stored_in_another_workspace(world):
    client, headers = _identified(world)
    client.post("/globex/widget/feedback/", {"text": "Hello"}, headers=headers)
    item = FeedbackItem.objects.get()
    assert item.workspace == world.globex
    assert item.person is None  # acme's identity means nothing at globex


def test_send_more_brings_back_a_blank_form(world):
    client, headers = _identified(world)
    page = client.get("/acme/widget/feedback/", headers=headers).content.decode()
    assert 'name="text"' in page and "Sent as dana@initech.test" in page


def test_a_portal_customer_is_recognised_in_a_same_site_panel(world):
    client = Client()
    client.get(
        "/acme/?sso=" + sso_token_sign(workspace=world.acme, claims={"email": "eve@example.test"})
    )
    page = client.get("/acme/widget/").content.decode()
    assert "Eve Evans" in page
    assert IDENTITY.search(page)


def test_identify_creates_the_customer_from_the_token(world):
    token = sso_token_sign(
        workspace=world.acme,
        claims={"email": "zed@globocorp.test", "company": {"id": "co_9", "name": "Globocorp"}},
    )
    Client().post("/acme/widget/identify/", {"token": token})
    zed = Person.objects.get(workspace=world.acme, email="zed@globocorp.test")
    assert zed.company.name == "Globocorp"


def test_the_demo_page_embeds_the_widget_with_a_fresh_token_and_no_secret(world):
    team = Client()
    team.force_login(world.alice)
    response = team.get("/acme/widget-demo")
    page = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert "Demo" in page and "pretends to be your own app" in page
    assert 'src="/acme/widget.js"' in page
    assert world.acme.sso_secret not in page
    demo = Person.objects.filter(workspace=world.acme, email="demo.customer@example.com")
    assert not demo.exists()  # looking at the page creates nobody
    token = re.search(r'data-sso-token="([^"]+)" async', page).group(1)
    assert Client().post("/acme/widget/identify/", {"token": token}).status_code == 200
    assert demo.get().name == "Demo Customer"


def test_outside_the_team_the_demo_page_signs_no_token(world):
    """A token for the demo customer would let anyone act as them in this workspace."""
    for client, who in ((Client(), None), (Client(), world.charlie)):
        if who:
            client.force_login(who)
        page = client.get("/acme/widget-demo").content.decode()
        assert 'data-sso-token="" async' in page
        assert "only for the workspace's own team" in page


def test_the_public_demo_workspace_signs_a_token_for_every_visitor(world):
    from keyloop.accounts.actions import workspace_create

    workspace_create(name="Acme Analytics", slug="demo", owner=world.alice)

    page = Client().get("/demo/widget-demo").content.decode()

    token = re.search(r'data-sso-token="([^"]+)" async', page).group(1)
    assert Client().post("/demo/widget/identify/", {"token": token}).status_code == 200
