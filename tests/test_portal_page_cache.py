"""Anonymous portal pages come from a cache, yet never show stale data or shared tokens."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from keyloop.feedback import actions
from keyloop.feedback.models import Vote

# Real commits: invalidation happens when a transaction commits, as in production.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PORTAL_PAGE_CACHE_SECONDS = 300


def board_url():
    return reverse("board", args=["acme", "feature-requests"])


def csrf_of(response) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode())[1]


def test_a_cached_board_page_shows_a_new_idea_at_once(world):
    visitor = Client()
    assert "Dark mode" not in visitor.get(board_url()).content.decode()
    actions.idea_create(
        board=world.acme.boards.get(slug="feature-requests"), title="Dark mode",
        body="", author=world.dana,
    )  # fmt: skip
    assert "Dark mode" in visitor.get(board_url()).content.decode()


def test_a_cached_page_is_served_without_touching_the_database(world, django_assert_num_queries):
    Client().get(board_url())  # renders and stores the page
    with django_assert_num_queries(0):
        response = Client().get(board_url())
    assert response.status_code == 200
    assert "Feature requests" in response.content.decode()


def test_every_visitor_gets_their_own_working_csrf_token(world):
    idea = actions.idea_create(
        board=world.acme.boards.get(slug="feature-requests"), title="Dark mode", body="",
        author=world.dana,
    )  # fmt: skip
    url = reverse("idea", args=["acme", idea.pk])
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    page_one, page_two = first.get(url), second.get(url)
    assert "__keyloop_csrf_token__" not in page_two.content.decode()
    assert csrf_of(page_one) != csrf_of(page_two)

    world.acme.portal_require_confirmation = False
    world.acme.save()
    response = second.post(
        reverse("idea_vote", args=["acme", idea.pk]),
        {"csrfmiddlewaretoken": csrf_of(page_two), "email": "zoe@example.test"},
    )
    assert response.status_code in (200, 302)
    assert Vote.objects.filter(idea=idea, person__email="zoe@example.test").exists()


def test_logged_in_team_members_never_get_the_anonymous_page(world):
    Client().get(board_url())
    alice = world.client_for(world.alice)
    assert "Team pages" in alice.get(board_url()).content.decode()
