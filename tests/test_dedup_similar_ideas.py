"""Similar ideas: phrased-differently duplicates from the demo data are found; merged,
deleted, unpublished and (for customers) private ideas never are, nor another workspace's."""

import pytest

from keyloop.dedup.queries import similar_ideas
from keyloop.feedback import actions
from keyloop.feedback.demo_content import IDEAS

from .portal_support import board_of, idea_on

GROUPS = ("pdf-export", "dark-mode", "sso")


@pytest.fixture
def demo(world):
    """The demo ideas of a few duplicate groups, and every one-off idea of the first board."""
    ideas = {}
    for demo_idea in IDEAS:
        if demo_idea.group in GROUPS or (not demo_idea.group and len(ideas) < 40):
            ideas[demo_idea.title] = (
                idea_on(world, demo_idea.title, demo_idea.detail),
                demo_idea.group,
            )
    return ideas


def titles(found):
    return [match.idea.title for match in found]


def test_each_duplicate_finds_a_sibling_among_its_first_suggestions(world, demo):
    missed = []
    for title, (idea, group) in demo.items():
        if not group:
            continue
        found = similar_ideas(
            workspace=world.acme, text=f"{idea.title}\n{idea.body}", exclude_ids=[idea.pk]
        )
        if not any(demo[t][1] == group for t in titles(found)[:3]):
            missed.append(title)
    assert missed == []


def test_a_customer_typing_a_paraphrase_sees_the_existing_idea_first(world, demo):
    found = similar_ideas(workspace=world.acme, text="download my dashboards as a pdf file")

    assert titles(found)[0] == "Export dashboards to PDF"
    assert all(0 < match.score <= 1 for match in found)
    assert [m.score for m in found] == sorted((m.score for m in found), reverse=True)


def test_unrelated_text_suggests_nothing(world, demo):
    assert similar_ideas(workspace=world.acme, text="parking space for the company van") == []


def test_merged_deleted_and_unpublished_ideas_are_never_suggested(world):
    pdf = idea_on(world, "Export dashboards to PDF", "A one-click PDF of the dashboard.")
    merged = idea_on(world, "PDF download of reports", "Download any report as a PDF.")
    deleted = idea_on(world, "Save a chart as a PDF file", "One chart as a PDF.")
    hidden = idea_on(world, "Printable PDF of dashboards", "For the board pack.", published=False)
    actions.idea_merge(idea=merged, into=pdf, actor=world.alice)
    actions.idea_delete(idea=deleted, actor_user=world.alice)

    found = similar_ideas(workspace=world.acme, text="pdf export of a dashboard", limit=10)

    assert titles(found) == ["Export dashboards to PDF"]
    assert hidden.pk not in [m.idea.pk for m in found]


def test_an_unmerged_idea_is_suggested_again(world):
    pdf = idea_on(world, "Export dashboards to PDF", "A one-click PDF of the dashboard.")
    merged = idea_on(world, "PDF download of reports", "Download any report as a PDF.")
    actions.idea_merge(idea=merged, into=pdf, actor=world.alice)
    assert len(similar_ideas(workspace=world.acme, text="pdf reports download")) == 1

    actions.idea_unmerge(idea=merged, actor=world.alice)

    assert len(similar_ideas(workspace=world.acme, text="pdf reports download")) == 2


def test_private_boards_only_when_asked_and_one_board_when_given(world):
    private = actions.board_create(workspace=world.acme, name="Internal", is_private=True)
    idea_on(world, "Export dashboards to PDF", "Public one.")
    idea_on(world, "Export dashboards as PDF files", "Secret one.", board=private)

    public_only = similar_ideas(workspace=world.acme, text="export dashboards to pdf")
    with_private = similar_ideas(
        workspace=world.acme, text="export dashboards to pdf", include_private=True
    )
    on_board = similar_ideas(
        workspace=world.acme, text="export dashboards to pdf", board=private,
        include_private=True,
    )  # fmt: skip

    assert titles(public_only) == ["Export dashboards to PDF"]
    assert sorted(titles(with_private)) == [
        "Export dashboards as PDF files", "Export dashboards to PDF"
    ]  # fmt: skip
    assert titles(on_board) == ["Export dashboards as PDF files"]


def test_another_workspaces_ideas_are_never_suggested(world):
    globex_board = world.globex.boards.get(slug="feature-requests")
    actions.idea_create(board=globex_board, title="Export dashboards to PDF", body="", author=None)
    idea_on(world, "Dark mode", "Easier on the eyes.")

    assert similar_ideas(workspace=world.acme, text="export dashboards to pdf") == []
    assert titles(similar_ideas(workspace=world.globex, text="export dashboards to pdf")) == [
        "Export dashboards to PDF"
    ]


def test_an_edited_idea_is_found_by_its_new_words(world):
    idea = idea_on(world, "Dark mode", "Easier on the eyes.")
    assert similar_ideas(workspace=world.acme, text="export dashboards to pdf") == []

    actions.idea_update(
        idea=idea, title="Export dashboards to PDF", body="One click.", version=None
    )

    assert titles(similar_ideas(workspace=world.acme, text="export dashboards to pdf")) == [
        "Export dashboards to PDF"
    ]
    assert board_of(world) == idea.board
