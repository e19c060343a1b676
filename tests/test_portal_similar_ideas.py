"""The submit form suggests ideas like the one being typed: top 5 with status and votes, a
"Vote for this instead" button; never another workspace's, a private board's (to customers),
a merged or a deleted idea."""

import pytest
from django.urls import reverse

from keyloop.feedback import actions
from keyloop.feedback.models import Idea

from .portal_support import board_of, idea_on, log_in_customer

# Until the dedup engine (keyloop/dedup) is in the tree, there is nothing to suggest with.


def similar(client, board, **params):
    url = reverse("idea_similar", args=[board.workspace.slug, board.slug])
    return client.get(url, params, headers={"HX-Request": "true"})


def titles(response) -> list[str]:
    assert response.status_code == 200, response
    return [suggestion.idea.title for suggestion in response.context["suggestions"]]


@pytest.fixture
def ideas(world):
    return {
        "pdf": idea_on(world, "Export dashboards to PDF", "A one-click PDF of the dashboard."),
        "dark": idea_on(world, "Dark mode", "Easier on the eyes at night."),
        "sso": idea_on(world, "SAML single sign-on", "Our security team requires SAML SSO."),
    }


def test_a_paraphrase_of_an_existing_idea_suggests_it_first(world, client, ideas):
    response = similar(client, board_of(world), q="download my dashboards as a pdf file")

    assert titles(response)[0] == "Export dashboards to PDF"
    page = response.content.decode()
    assert "Vote for this instead" in page
    assert reverse("idea", args=["acme", ideas["pdf"].pk]) in page
    assert "0 votes" in page and "Open" in page  # vote count and status


def test_the_title_and_body_fields_are_read_when_there_is_no_q(world, client, ideas):
    response = similar(client, board_of(world), title="night theme", body="a dark mode please")

    assert titles(response)[0] == "Dark mode"


def test_unrelated_text_suggests_nothing_and_renders_nothing(world, client, ideas):
    response = similar(client, board_of(world), q="quarterly invoice rounding in euros")

    assert titles(response) == []
    assert response.content.decode().strip() == ""


@pytest.mark.parametrize("q", ["", "   ", "pd", "x" * 10_000, "dashboards pdf " * 800])
def test_empty_short_and_huge_queries_answer_without_error(world, client, ideas, q):
    response = similar(client, board_of(world), q=q)

    assert response.status_code == 200
    if len(q.strip()) < 3 or set(q) == {"x"}:
        assert titles(response) == []


def test_another_workspaces_ideas_are_never_suggested(world, client, ideas):
    globex_board = world.globex.boards.get(slug="feature-requests")
    actions.idea_create(
        board=globex_board, title="Export dashboards to PDF files", body="", author=None
    )

    found = titles(similar(client, board_of(world), q="export dashboards to pdf"))

    assert found == ["Export dashboards to PDF"]
    assert Idea.objects.filter(title__startswith="Export dashboards").count() == 2


def test_private_board_ideas_are_suggested_to_the_team_only(world, client, ideas):
    private = actions.board_create(workspace=world.acme, name="Internal roadmap", is_private=True)
    actions.idea_create(
        board=private, title="Dark mode for the admin pages", body="", author=None,
        actor_user=world.alice,
    )  # fmt: skip
    query = {"q": "dark mode"}

    assert titles(similar(client, board_of(world), **query)) == ["Dark mode"]
    assert "Dark mode for the admin pages" in titles(
        similar(world.client_for(world.bob), board_of(world), **query)
    )
    # The private board's own form is a 404 to customers and to other workspaces.
    assert similar(client, private, **query).status_code == 404
    assert similar(world.client_for(world.charlie), private, **query).status_code == 404


def test_merged_and_deleted_ideas_are_never_suggested(world, client, ideas):
    duplicate = idea_on(world, "Dashboards as PDF", "Same as the PDF export.")
    gone = idea_on(world, "PDF of every dashboard", "")
    Idea.objects.filter(pk=duplicate.pk).update(merged_into=ideas["pdf"])
    actions.idea_delete(idea=gone, actor_user=world.alice)

    found = titles(similar(client, board_of(world), q="dashboards as pdf"))

    assert "Export dashboards to PDF" in found
    assert "Dashboards as PDF" not in found and "PDF of every dashboard" not in found


def test_at_most_five_ideas_are_suggested(world, client):
    for n in range(8):
        idea_on(world, f"Export dashboards to PDF, variant {n}")

    assert len(titles(similar(client, board_of(world), q="export dashboards to pdf"))) == 5


def test_a_logged_in_customer_votes_from_the_suggestion_in_place(world, client, ideas):
    log_in_customer(client, world.dana)
    board = board_of(world)
    page = similar(client, board, q="export dashboards to pdf").content.decode()
    vote_url = reverse("idea_vote", args=["acme", ideas["pdf"].pk])
    assert f'hx-post="{vote_url}"' in page

    response = client.post(vote_url, {"variant": "compact"}, headers={"HX-Request": "true"})

    assert response.status_code == 200 and "Voted" in response.content.decode()
    ideas["pdf"].refresh_from_db()
    assert ideas["pdf"].vote_count == 1
    assert "You voted" in similar(client, board, q="export dashboards to pdf").content.decode()


def test_an_anonymous_visitor_is_sent_to_the_ideas_vote_box(world, client, ideas):
    page = similar(client, board_of(world), q="export dashboards to pdf").content.decode()

    assert reverse("idea", args=["acme", ideas["pdf"].pk]) + "#vote" in page
    assert "hx-post" not in page


def test_the_submit_form_asks_for_suggestions_as_the_title_is_typed(world, client):
    board = board_of(world)
    page = client.get(reverse("idea_new", args=["acme", board.slug])).content.decode()

    assert reverse("idea_similar", args=["acme", board.slug]) in page
    assert "input changed delay:300ms from:#id_title" in page


def test_the_number_of_queries_does_not_grow_with_the_suggestions(world, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    log_in_customer(client, world.dana)
    other = actions.board_create(workspace=world.acme, name="Integrations")
    idea_on(world, "Salesforce sync of accounts")
    for n in range(5):
        idea_on(world, f"Export dashboards to PDF, variant {n}", board=other if n % 2 else None)

    similar(client, board_of(world), q="warm up")  # the first search loads the index
    counts = []
    for q in ("salesforce sync of accounts", "export dashboards to pdf"):
        with CaptureQueriesContext(connection) as queries:
            found = titles(similar(client, board_of(world), q=q))
        counts.append((len(found) > 0, len(queries)))

    assert [found for found, _ in counts] == [True, True]
    assert counts[0][1] == counts[1][1], counts
