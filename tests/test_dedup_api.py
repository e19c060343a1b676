"""GET /api/v1/ideas/similar: the ideas most like a text, with status, votes and portal
address; empty or 10,000-character text and unknown boards are clear errors."""

import pytest

from keyloop.feedback import actions

from .portal_support import board_of, idea_on


@pytest.fixture
def ideas(world):
    private = actions.board_create(workspace=world.acme, name="Internal", is_private=True)
    return {
        "pdf": idea_on(world, "Export dashboards to PDF", "A one-click PDF.", author=world.dana),
        "dark": idea_on(world, "Dark mode", "Easier on the eyes at night."),
        "secret": idea_on(world, "PDF export of the board pack", "Internal.", board=private),
        "private_board": private,
    }


def test_it_lists_similar_ideas_best_first_with_status_votes_and_url(api, ideas):
    response = api.get("/ideas/similar", q="download dashboards as pdf")

    assert response.status_code == 200
    found = response.json()
    assert [idea["title"] for idea in found][:1] == ["Export dashboards to PDF"]
    first = found[0]
    assert set(first) == {"id", "title", "score", "status", "vote_count", "url"}
    assert first["id"] == ideas["pdf"].pk and first["vote_count"] == 1
    assert first["status"] == ideas["pdf"].status.name
    assert first["url"].startswith("http") and f"/{ideas['pdf'].pk}" in first["url"]
    assert 0 < first["score"] <= 1
    assert "Dark mode" not in [idea["title"] for idea in found]


def test_board_id_and_limit_narrow_the_answer(api, ideas):
    on_board = api.get("/ideas/similar", q="pdf export", board_id=ideas["private_board"].pk).json()
    one = api.get("/ideas/similar", q="pdf export", limit=1).json()

    assert [idea["title"] for idea in on_board] == ["PDF export of the board pack"]
    assert len(one) == 1


@pytest.mark.parametrize("q", ["", "   ", "x" * 10_000, "pdf " * 2_500, "pdf\x00export"])
def test_empty_10000_character_and_nul_queries_are_refused(api, ideas, q):
    response = api.get("/ideas/similar", q=q)

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "q"


def test_a_missing_query_and_a_bad_limit_are_refused(api, ideas):
    assert api.get("/ideas/similar").status_code == 422
    assert api.get("/ideas/similar", q="pdf", limit=0).status_code == 422


def test_another_workspaces_board_is_not_found(api, world, ideas):
    globex_board = board_of(world).__class__.objects.filter(workspace=world.globex).first()

    response = api.get("/ideas/similar", q="pdf export", board_id=globex_board.pk)

    assert response.status_code == 404
    assert response.json()["errors"][0]["field"] == "board_id"


def test_a_long_query_just_under_the_limit_is_answered(api, ideas):
    response = api.get("/ideas/similar", q=("export dashboards to pdf " * 400)[:9_999])

    assert response.status_code == 200
    assert response.json()[0]["title"] == "Export dashboards to PDF"
