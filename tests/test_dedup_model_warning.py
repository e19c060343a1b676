"""When the similarity model cannot be loaded, the team sees why on every page that shows
similarity suggestions (possible duplicates, merge, inbox item); suggestions keep working on
words; customers are not told about the server's trouble."""

import pytest
from django.urls import reverse

from keyloop.inbox import actions as inbox

from .portal_support import board_of, idea_on

WARNING = "Suggestions match words only."


def _team_pages(world):
    idea = idea_on(world, "Export dashboards to PDF", "One click, the whole dashboard.")
    idea_on(world, "Dashboard PDF export", "Download any dashboard as a PDF file.")
    item = inbox.feedback_receive(
        workspace=world.acme, text="Can I export my dashboards to PDF?", channel="email",
        person=world.dana,
    )[0]  # fmt: skip
    return {
        "duplicates": reverse("team_duplicates", args=["acme"]),
        "merge": reverse("team_idea_merge", args=["acme", idea.pk]),
        "inbox item": reverse("team_inbox_item", args=["acme", item.pk]),
    }


def test_each_team_page_with_suggestions_says_the_model_failed_and_why(world, broken_model):
    client = world.client_for(world.bob)

    for name, url in _team_pages(world).items():
        page = client.get(url).content.decode()

        assert WARNING in page, name
        assert "could not be loaded" in page, name
        assert "KEYLOOP_EMBEDDING_MODEL" in page, name


def test_the_inbox_item_still_suggests_by_words_under_the_warning(world, broken_model):
    url = _team_pages(world)["inbox item"]

    page = world.client_for(world.bob).get(url).content.decode()

    assert WARNING in page
    assert "Suggested ideas" in page and "Export dashboards to PDF" in page


@pytest.mark.parametrize("model", ["default", "off"])
def test_no_warning_when_the_model_loads_or_is_off_on_purpose(world, settings, model):
    settings.EMBEDDING_MODEL = model
    client = world.client_for(world.bob)

    for name, url in _team_pages(world).items():
        assert WARNING not in client.get(url).content.decode(), name


def test_customers_still_get_suggestions_and_never_see_the_warning(world, broken_model):
    board = board_of(world)
    idea_on(world, "Export dashboards to PDF", board=board)
    client = world.client_for(None)

    form = client.get(reverse("idea_new", args=["acme", board.slug]))
    typed = client.get(
        reverse("idea_similar", args=["acme", board.slug]), {"title": "export dashboards pdf"}
    )

    assert form.status_code == 200 and typed.status_code == 200
    assert "Export dashboards to PDF" in typed.content.decode()
    assert WARNING not in form.content.decode() + typed.content.decode()


def test_without_the_model_pairs_need_the_words_to_match_both_ways(world, broken_model):
    idea_on(world, "Export dashboards to PDF", "One PDF per dashboard, for our board meeting.")
    idea_on(world, "PDF export of dashboards", "Export a dashboard as PDF for the board meeting.")
    idea_on(world, "API keys")
    idea_on(
        world, "Terraform provider",
        "Manage projects, API keys and alerts as code like the rest of our infrastructure.",
    )  # fmt: skip
    idea_on(world, "Dark mode", "Easier on the eyes at night.")

    page = world.client_for(world.bob).get(reverse("team_duplicates", args=["acme"]))

    pairs = [{row["a"].title, row["b"].title} for row in page.context["rows"]]
    assert WARNING in page.content.decode()
    assert pairs == [{"Export dashboards to PDF", "PDF export of dashboards"}]
