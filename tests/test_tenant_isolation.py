"""Every route of the project, walked automatically: another workspace's people see nothing.

Each URL pattern must be listed below, with how to build its URL for workspace "acme" and
what may be posted to it. A new route that is not listed fails `test_every_route_is_in_the_matrix`,
so it cannot ship without joining the matrix.
"""

import json

import pytest
from django.db.models import Q
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from keyloop.accounts.actions import api_key_create, invitation_create
from keyloop.accounts.models import ApiKey, Company, Invitation, Membership, Person
from keyloop.feedback import actions as feedback
from keyloop.feedback.models import Board, ChangelogEntry, Comment, Idea, Status, Vote
from keyloop.inbox import actions as inbox
from keyloop.inbox.models import FeedbackItem

from .routes import Route
from .routes_feedback_api import API_ROUTES as FEEDBACK_API_ROUTES
from .routes_feedback_portal import PORTAL_ROUTES as FEEDBACK_PORTAL_ROUTES
from .routes_feedback_portal import PRIVATE_PORTAL_ROUTES
from .routes_feedback_team import TEAM_ROUTES as FEEDBACK_TEAM_ROUTES
from .routes_inbox_api import API_ROUTES as INBOX_API_ROUTES
from .routes_inbox_team import TEAM_ROUTES as INBOX_TEAM_ROUTES
from .routes_integrations import INBOUND_ROUTES
from .routes_integrations import PORTAL_ROUTES as INTEGRATION_PORTAL_ROUTES
from .routes_integrations import TEAM_ROUTES as INTEGRATION_TEAM_ROUTES
from .routes_notifications import API_ROUTES as NOTIFICATION_API_ROUTES
from .routes_notifications import PORTAL_ROUTES as NOTIFICATION_PORTAL_ROUTES
from .routes_notifications import TEAM_ROUTES as NOTIFICATION_TEAM_ROUTES
from .routes_notifications import objects as notification_objects
from .routes_okrs import API_ROUTES as OKR_API_ROUTES
from .routes_okrs import PORTAL_ROUTES as OKR_PORTAL_ROUTES
from .routes_okrs import TEAM_ROUTES as OKR_TEAM_ROUTES
from .routes_okrs import objects as okr_objects

SECRETS = ("bob@acme.test", "secret-invitee@acme.test", "Secret acquisition plan", "Acme")


# Pages of one workspace. Members of another workspace must get 404 for GET and POST.
TEAM_ROUTES = {
    "team_dashboard": Route(),
    "members": Route(post={"email": "spy@globex.test", "role": "member"}),
    "member_role": Route(
        lambda o: {"membership_id": o["bob_membership"].id}, {"role": "owner"}, False
    ),
    "member_remove": Route(lambda o: {"membership_id": o["bob_membership"].id}, {}, False),
    "invitation_revoke": Route(lambda o: {"invitation_id": o["invitation"].id}, {}, False),
    "workspace_settings": Route(post={"name": "Hijacked"}),
    "api_keys": Route(post={"name": "stolen", "write": "on"}),
    "api_key_revoke": Route(lambda o: {"api_key_id": o["api_key"].id}, {}, False),
    **FEEDBACK_TEAM_ROUTES,
    **INBOX_TEAM_ROUTES,
    **INTEGRATION_TEAM_ROUTES,
    **NOTIFICATION_TEAM_ROUTES,
    **OKR_TEAM_ROUTES,
}
# The public portal: anyone may look; it is the workspace's public face.
PORTAL_ROUTES = {
    "portal_home": Route(), **FEEDBACK_PORTAL_ROUTES, **INTEGRATION_PORTAL_ROUTES,
    **NOTIFICATION_PORTAL_ROUTES, **OKR_PORTAL_ROUTES,
}  # fmt: skip
# Routes with no workspace in them: they only ever show the viewer's own data.
GLOBAL_ROUTES = {
    "healthz", "home", "signup", "login", "login_link_request", "login_link", "logout",
    "password_reset", "password_reset_done",
    "password_reset_confirm", "password_reset_complete", "workspace_new",
    # The invitation token is the capability; it is tested in test_invitations.py.
    "invitation_accept",
    # So is a team login link's token: test_team_login_link.py.
}  # fmt: skip
# The REST API: the key decides the workspace. Routes that take an id of another
# workspace's object answer 404; routes listed here without ids return the key's own data.
API_ROUTES = {
    "api:get_workspace": {"method": "GET", "kwargs": lambda o: {}},
    **FEEDBACK_API_ROUTES,
    **INBOX_API_ROUTES,
    **NOTIFICATION_API_ROUTES,
    **OKR_API_ROUTES,
}
API_PUBLIC = {"api:openapi-json", "api:openapi-view", "api:api-root"}


def _walk(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue  # Django's admin site: superusers only, see test below
            yield from _walk(pattern.url_patterns, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_every_route_is_in_the_matrix():
    listed = (
        set(TEAM_ROUTES) | set(PORTAL_ROUTES) | set(PRIVATE_PORTAL_ROUTES) | GLOBAL_ROUTES
        | set(API_ROUTES) | API_PUBLIC | set(INBOUND_ROUTES)
    )  # fmt: skip
    names = list(_walk(get_resolver().url_patterns))
    assert None not in names, "every URL pattern needs a name to be checked"
    unlisted = sorted(set(names) - listed)
    assert not unlisted, f"add these routes to the tenant matrix: {unlisted}"
    assert not sorted(listed - set(names)), "the matrix lists routes that no longer exist"


@pytest.fixture
def acme_objects(world):
    invitation, _ = invitation_create(
        workspace=world.acme, email="secret-invitee@acme.test", role="member",
        invited_by=world.alice,
    )  # fmt: skip
    api_key, raw_key = api_key_create(workspace=world.acme, name="Zapier", created_by=world.alice)
    _, globex_key = api_key_create(workspace=world.globex, name="Globex", created_by=None)
    public_board = world.acme.boards.get(slug="feature-requests")
    private_board = feedback.board_create(
        workspace=world.acme, name="Internal roadmap", is_private=True
    )
    idea = feedback.idea_create(
        board=public_board, title="Export to CSV", body="Please", author=world.dana
    )
    private_idea = feedback.idea_create(
        board=private_board, title="Secret acquisition plan", body="", author=None,
        actor_user=world.alice,
    )  # fmt: skip
    entry = feedback.changelog_create(
        workspace=world.acme, title="CSV export is here", body="Enjoy", ideas=[idea],
        author=world.alice, publish=True,
    )  # fmt: skip
    draft = feedback.changelog_create(
        workspace=world.acme, title="Unannounced feature", body="", ideas=[], author=world.alice
    )
    objects = {
        "feedback_item": inbox.feedback_receive(
            workspace=world.acme,
            text="Secret acquisition plan needs SSO",
            channel="support",
            person=world.dana,
            external_id="ticket-1",
        )[0],
        "public_board": public_board,
        "private_board": private_board,
        "idea": idea,
        "private_idea": private_idea,
        "merged_idea": feedback.idea_merge(
            idea=feedback.idea_create(board=public_board, title="CSV download", author=world.eve),
            into=idea,
            actor=world.alice,
        ),
        "comment": feedback.comment_add(idea=idea, body="Me too", author=world.eve),
        "note": feedback.comment_add(
            idea=idea,
            body="Internal: big customer",
            author=None,
            author_user=world.alice,
            internal=True,
        ),  # fmt: skip
        "status": Status.objects.get(workspace=world.acme, name="Planned"),
        "tag": feedback.tag_create(workspace=world.acme, name="Reporting"),
        "changelog_entry": entry,
        "draft_entry": draft,
        "bob_membership": Membership.objects.get(workspace=world.acme, user=world.bob),
        "invitation": invitation,
        "api_key": api_key,
        "acme_key": raw_key,
        "globex_key": globex_key,
    }
    objects.update(notification_objects(world, objects))
    objects.update(okr_objects(world, objects))
    return objects


def _acme_state(world):
    """What an attacker would try to change in acme."""
    world.acme.refresh_from_db()
    return (
        world.acme.name,
        sorted(Membership.objects.filter(workspace=world.acme).values_list("user_id", "role")),
        sorted(Invitation.objects.filter(workspace=world.acme).values_list("email", flat=True)),
        sorted(ApiKey.objects.filter(workspace=world.acme).values_list("name", "revoked_at")),
    )


@pytest.mark.parametrize("name", sorted(TEAM_ROUTES))
def test_another_workspace_member_gets_404_and_changes_nothing(world, acme_objects, name):
    route = TEAM_ROUTES[name]
    url = reverse(name, kwargs={"slug": "acme", **route.kwargs(acme_objects)})
    charlie = world.client_for(world.charlie)
    before = _acme_state(world)

    response = charlie.get(url)
    assert response.status_code == 404
    for secret in SECRETS[:3]:
        assert secret not in response.content.decode()
    if route.post is not None:
        response = charlie.post(url, route.post)
        assert response.status_code == 404
    assert _acme_state(world) == before


@pytest.mark.parametrize("name", sorted(TEAM_ROUTES))
def test_the_workspace_owner_reaches_the_page(world, acme_objects, name):
    route = TEAM_ROUTES[name]
    url = reverse(name, kwargs={"slug": "acme", **route.kwargs(acme_objects)})
    alice = world.client_for(world.alice)
    response = alice.get(url)
    assert response.status_code == (200 if route.get_allowed else 405)
    if route.post is not None:
        response = alice.post(url, route.post)
        assert response.status_code in (200, 302)
        assert response.status_code != 404


@pytest.mark.parametrize("name", sorted(TEAM_ROUTES))
def test_anonymous_visitors_are_sent_to_log_in(world, acme_objects, name):
    route = TEAM_ROUTES[name]
    url = reverse(name, kwargs={"slug": "acme", **route.kwargs(acme_objects)})
    response = world.client_for(None).get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", sorted(TEAM_ROUTES))
def test_team_pages_of_an_unknown_workspace_are_404_for_everyone(world, acme_objects, name):
    route = TEAM_ROUTES[name]
    url = reverse(name, kwargs={"slug": "initech", **route.kwargs(acme_objects)})
    response = world.client_for(world.alice).get(url)
    assert response.status_code == 404


def test_admin_only_pages_are_404_for_a_plain_member(world, acme_objects):
    bob = world.client_for(world.bob)
    for name in ("workspace_settings", "api_keys"):
        assert bob.get(reverse(name, args=["acme"])).status_code == 404
    url = reverse("api_key_revoke", args=["acme", acme_objects["api_key"].id])
    assert bob.post(url).status_code == 404
    assert ApiKey.objects.get(id=acme_objects["api_key"].id).revoked_at is None


@pytest.mark.parametrize("name", sorted(PORTAL_ROUTES))
def test_the_public_portal_is_open_to_all_and_unknown_workspaces_are_404(world, acme_objects, name):
    route = PORTAL_ROUTES[name]
    kwargs = route.kwargs(acme_objects)
    acme_url = reverse(name, kwargs={"slug": "acme", **kwargs})
    unknown_url = reverse(name, kwargs={"slug": "initech", **kwargs})
    for user in (None, world.alice, world.charlie):
        client = world.client_for(user)
        response = client.get(acme_url)
        if not route.get_allowed:
            assert response.status_code == 405
        elif response.status_code == 302:  # e.g. a login link: it may only lead into the portal
            assert response["Location"].startswith("/acme/")
        else:
            assert response.status_code == 200
        assert client.get(unknown_url).status_code == 404
        if route.post is not None:
            assert client.post(unknown_url, route.post).status_code == 404
            assert client.post(acme_url, route.post).status_code in (200, 302)


def _acme_feedback_state(world):
    """Everything of acme's an API call could change, to prove another key changed nothing."""
    acme = world.acme
    ideas = Idea.objects.filter(Q(workspace=acme) | Q(board__workspace=acme))
    rows = [
        (ideas, ("title", "body", "status_id", "board_id", "is_pinned", "deleted_at")),
        (ideas, ("merged_into_id",)),
        (ideas, ("vote_count", "comment_count")),
        (Vote.objects.filter(idea__in=ideas), ("idea_id", "person_id", "importance")),
        (Comment.objects.filter(idea__in=ideas), ("body", "deleted_at")),
        (Board.objects.filter(workspace=acme), ("name", "is_private")),
        (Status.objects.filter(workspace=acme), ("name", "category")),
        (ChangelogEntry.objects.filter(workspace=acme), ("title", "published_at")),
        (Person.objects.filter(workspace=acme), ("email", "company_id")),
        (Company.objects.filter(workspace=acme), ("name", "mrr_cents")),
        (FeedbackItem.objects.filter(workspace=acme), ("text", "state", "idea_id")),
    ]
    return [sorted(queryset.values_list("id", *fields)) for queryset, fields in rows]


@pytest.mark.parametrize("name", sorted(API_ROUTES))
def test_an_api_key_only_ever_sees_its_own_workspace(world, acme_objects, client, name):
    spec = API_ROUTES[name]
    kwargs = spec["kwargs"](acme_objects)
    url = reverse(name, kwargs=kwargs) + spec.get("query", "")
    body = spec["body"](acme_objects) if "body" in spec else None

    def call(key=None):
        auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"} if key else {}
        if body is None:
            return client.generic(spec["method"], url, **auth)
        data = json.dumps(body)
        return client.generic(spec["method"], url, data, "application/json", **auth)

    assert call().status_code == 401

    # Another workspace's key goes first, while every acme object it names still exists.
    before = _acme_feedback_state(world)
    other = call(acme_objects["globex_key"])
    if kwargs or spec.get("names_acme_objects"):
        assert other.status_code in (403, 404)
    else:  # a route without ids answers with the key's own workspace
        assert 200 <= other.status_code < 300
    assert "acme" not in other.content.decode().lower()
    assert _acme_feedback_state(world) == before

    own = call(acme_objects["acme_key"])
    assert own.status_code == spec.get("status", 200), own.content


def test_django_admin_site_is_for_superusers_only(world):
    response = world.client_for(world.alice).get("/django-admin/accounts/workspace/")
    assert response.status_code == 302
    assert "/django-admin/login/" in response["Location"]


@pytest.mark.parametrize("name", sorted(PRIVATE_PORTAL_ROUTES))
def test_private_boards_are_404_to_everyone_but_the_team(world, acme_objects, name):
    route = PRIVATE_PORTAL_ROUTES[name]
    url = reverse(name, kwargs={"slug": "acme", **route.kwargs(acme_objects)})
    for outsider in (None, world.charlie):
        client = world.client_for(outsider)
        response = client.get(url)
        assert response.status_code == 404
        assert "Secret acquisition plan" not in response.content.decode()
        if route.post is not None:
            assert client.post(url, route.post).status_code == 404
    if route.get_allowed:
        assert world.client_for(world.bob).get(url).status_code == 200


@pytest.mark.parametrize("name", sorted(INBOUND_ROUTES))
def test_inbound_channels_refuse_another_workspaces_secrets(world, acme_objects, client, name):
    """acme's signed request sent to globex's endpoint (and the reverse) stores nothing."""
    route = INBOUND_ROUTES[name]
    before = FeedbackItem.objects.count()
    for target, signer in ((world.globex, world.acme), (world.acme, world.globex)):
        url = route["url"](acme_objects, target)
        response = route["send"](client, url, signer)
        assert response.status_code in (401, 403, 404), (name, response.status_code)
    assert FeedbackItem.objects.count() == before
    # Signed with its own secrets, the same request is accepted.
    response = route["send"](client, route["url"](acme_objects, world.acme), world.acme)
    assert response.status_code in (200, 201, 202, 204), response.content
