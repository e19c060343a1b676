"""The bell a logged-in customer sees in the portal header: its count is the unread
notifications, "Mark read" clears one and "Mark all read" the rest, nobody can mark another
person's, and the list costs the same number of queries however long it is."""

import re

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from keyloop.feedback import actions as feedback
from keyloop.feedback.models import Status
from keyloop.feedback.portal_session import magic_link_token
from keyloop.notifications.models import Delivery

from .portal_support import click_magic_link


def _logged_in(person) -> Client:
    """A customer's browser after following a login link."""
    client = Client()
    token = magic_link_token(workspace=person.workspace, email=person.email)
    click_magic_link(client, reverse("portal_login_token", args=[person.workspace.slug, token]))
    return client


def _ship_ideas(world, capture, titles, person) -> list:
    """Ideas `person` voted for, each shipped with a comment: one notification each."""
    board = world.acme.boards.get(slug="feature-requests")
    shipped = Status.objects.get(workspace=world.acme, name="Shipped")
    ideas = []
    for title in titles:
        idea = feedback.idea_create(board=board, title=title, author=None)
        feedback.vote_add(idea=idea, person=person)
        with capture(execute=True):
            feedback.idea_change_status(
                idea=idea, status=shipped, actor_user=world.alice, comment=f"{title} is out."
            )
        ideas.append(idea)
    return ideas


def _bell(html: str) -> int:
    """The number on the bell (0 when it shows none); the bell itself must be there."""
    assert 'class="bell' in html
    count = re.search(r'data-testid="bell-count">(\d+)<', html)
    return int(count.group(1)) if count else 0


def _page(client) -> str:
    response = client.get(reverse("notifications", args=["acme"]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_bell_counts_unread_notifications_on_every_portal_page(
    world, django_capture_on_commit_callbacks
):
    eve = _logged_in(world.eve)
    assert _bell(eve.get(reverse("portal_home", args=["acme"])).content.decode()) == 0
    _ship_ideas(world, django_capture_on_commit_callbacks, ["Dark mode", "Gantt"], world.eve)
    for name in ("portal_home", "roadmap", "changelog", "notifications"):
        assert _bell(eve.get(reverse(name, args=["acme"])).content.decode()) == 2, name
    html = _page(eve)
    assert "2 unread." in html
    assert "“Dark mode” is now Shipped" in html and "“Dark mode is out.”" in html
    assert "“Gantt” is now Shipped" in html
    # Dana asked for nothing: her bell is quiet and her page says what will appear there.
    dana = _logged_in(world.dana)
    html = _page(dana)
    assert _bell(html) == 0
    assert "Nothing yet" in html and "Gantt" not in html


def test_mark_read_clears_one_and_mark_all_read_the_rest(world, django_capture_on_commit_callbacks):
    _ship_ideas(world, django_capture_on_commit_callbacks, ["A", "B", "C"], world.eve)
    eve = _logged_in(world.eve)
    first = Delivery.objects.filter(person=world.eve, channel="inapp").order_by("id").first()

    response = eve.post(reverse("notifications_read", args=["acme"]), {"delivery": first.pk})
    assert response.status_code == 302
    html = _page(eve)
    assert _bell(html) == 2
    assert html.count("notification-unread") == 2
    assert html.count('class="notification ') + html.count('class="notification"') == 3

    response = eve.post(reverse("notifications_read", args=["acme"]), follow=True)
    html = response.content.decode()
    assert "All notifications are marked read." in html
    assert _bell(html) == 0
    assert "Mark all read" not in html and "notification-unread" not in html
    assert "“C” is now Shipped" in html  # read notifications stay in the list


def test_nobody_can_mark_another_persons_notifications(world, django_capture_on_commit_callbacks):
    _ship_ideas(world, django_capture_on_commit_callbacks, ["A"], world.eve)
    evess = Delivery.objects.get(person=world.eve, channel="inapp")
    dana = _logged_in(world.dana)
    dana.post(reverse("notifications_read", args=["acme"]), {"delivery": evess.pk})
    dana.post(reverse("notifications_read", args=["acme"]))
    evess.refresh_from_db()
    assert evess.read_at is None
    assert _bell(_page(_logged_in(world.eve))) == 1


def test_marking_read_takes_a_post(world):
    eve = _logged_in(world.eve)
    assert eve.get(reverse("notifications_read", args=["acme"])).status_code == 405


def test_a_visitor_who_is_not_logged_in_has_no_bell_and_is_asked_to_log_in(world, client):
    html = client.get(reverse("portal_home", args=["acme"])).content.decode()
    assert 'class="bell' not in html
    response = client.get(reverse("notifications", args=["acme"]))
    assert response.status_code == 302
    assert response["Location"] == "/acme/login/?next=/acme/notifications/"


def test_the_list_runs_the_same_queries_however_long_it_is(
    world, django_capture_on_commit_callbacks
):
    eve = _logged_in(world.eve)
    queries = {}
    for total in (3, 30):
        have = Delivery.objects.filter(person=world.eve, channel="inapp").count()
        titles = [f"Idea {n}" for n in range(have, total)]
        _ship_ideas(world, django_capture_on_commit_callbacks, titles, world.eve)
        _page(eve)  # the first request after a change may touch the session
        with CaptureQueriesContext(connection) as captured:
            html = _page(eve)
        assert html.count('class="notification-title"') == total
        queries[total] = len(captured)
    assert queries[3] == queries[30], queries
