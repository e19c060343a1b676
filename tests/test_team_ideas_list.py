"""The team's list of every idea: filters, search, sorting and pages."""

import pytest
from django.urls import reverse

from keyloop.feedback import actions
from keyloop.feedback.models import Status


@pytest.fixture
def ideas(world):
    board = world.acme.boards.get(slug="feature-requests")
    private = actions.board_create(workspace=world.acme, name="Internal", is_private=True)
    reporting = actions.tag_create(workspace=world.acme, name="Reporting")
    planned = Status.objects.get(workspace=world.acme, name="Planned")
    csv = actions.idea_create(board=board, title="Export to CSV", body="", author=world.dana)
    dark = actions.idea_create(board=board, title="Dark mode", body="at night", author=world.eve)
    secret = actions.idea_create(
        board=private, title="Acquire Initech", body="", author=None, actor_user=world.alice
    )
    actions.idea_change_status(idea=csv, status=planned, actor_user=world.alice)
    actions.idea_set_tags(idea=csv, tags=[reporting], actor_user=world.alice)
    actions.idea_set_owner(idea=dark, owner=world.bob, actor_user=world.alice)
    actions.vote_add(idea=dark, person=world.dana)
    return {"csv": csv, "dark": dark, "secret": secret, "private": private,
            "reporting": reporting, "planned": planned}  # fmt: skip


def _titles(client, **params):
    response = client.get(reverse("team_ideas", args=["acme"]), params)
    assert response.status_code == 200
    return [idea.title for idea in response.context["page"].object_list]


def test_the_team_sees_every_idea_including_private_boards(world, ideas):
    titles = _titles(world.client_for(world.bob))

    assert titles == ["Acquire Initech", "Dark mode", "Export to CSV"]  # newest first


def test_filters_by_board_status_tag_owner_and_words(world, ideas):
    bob = world.client_for(world.bob)

    assert _titles(bob, board=ideas["private"].pk) == ["Acquire Initech"]
    assert _titles(bob, status=ideas["planned"].pk) == ["Export to CSV"]
    assert _titles(bob, tag=ideas["reporting"].pk) == ["Export to CSV"]
    assert _titles(bob, owner="me") == ["Dark mode"]
    assert _titles(bob, owner="none") == ["Acquire Initech", "Export to CSV"]
    assert _titles(bob, q="night") == ["Dark mode"]
    assert _titles(bob, category="planned") == ["Export to CSV"]


def test_sorting_by_votes_puts_the_most_wanted_first(world, ideas):
    assert _titles(world.client_for(world.bob), sort="top")[0] == "Dark mode"


def test_a_filter_id_from_another_workspace_is_404(world, ideas):
    globex_board = world.globex.boards.get(slug="feature-requests")
    globex_status = Status.objects.get(workspace=world.globex, name="Planned")
    alice = world.client_for(world.alice)
    url = reverse("team_ideas", args=["acme"])

    assert alice.get(url, {"board": globex_board.pk}).status_code == 404
    assert alice.get(url, {"status": globex_status.pk}).status_code == 404


def test_nothing_matching_says_so_and_offers_to_clear_the_filters(world, ideas):
    response = world.client_for(world.bob).get(reverse("team_ideas", args=["acme"]), {"q": "zzz"})

    html = response.content.decode()
    assert "No ideas match these filters" in html
    assert "clear the filters" in html


def test_htmx_filtering_returns_only_the_results(world, ideas):
    response = world.client_for(world.bob).get(
        reverse("team_ideas", args=["acme"]), {"q": "CSV"}, HTTP_HX_REQUEST="true"
    )

    html = response.content.decode()
    assert html.lstrip().startswith('<section id="idea-results"')
    assert "Export to CSV" in html and "<html" not in html


def test_long_lists_are_paged_and_keep_their_filters(world, ideas):
    board = world.acme.boards.get(slug="feature-requests")
    for n in range(30):
        actions.idea_create(board=board, title=f"Report idea {n}", body="", author=None)
    bob = world.client_for(world.bob)

    first = bob.get(reverse("team_ideas", args=["acme"]), {"q": "report"})
    second = bob.get(reverse("team_ideas", args=["acme"]), {"q": "report", "page": 2})

    assert len(first.context["page"].object_list) == 25
    assert len(second.context["page"].object_list) == 5
    assert "q=report&amp;page=2" in first.content.decode()
