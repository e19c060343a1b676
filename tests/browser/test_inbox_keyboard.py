"""A team member triages the inbox with the keyboard alone, in chromium: moves with j/k,
links one item to an idea found by typing part of its title, and dismisses another."""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import Page, expect

from keyloop.feedback import actions as feedback
from keyloop.inbox import actions as inbox
from keyloop.inbox.models import FeedbackItem
from tests.conftest import PASSWORD


def _receive(world, text, *, channel, person, minutes_ago):
    return inbox.feedback_receive(
        workspace=world.acme, text=text, channel=channel, person=person,
        received_at=timezone.now() - timedelta(minutes=minutes_ago),
    )[0]  # fmt: skip


def _log_in(page: Page, live_server, email: str) -> None:
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_a_member_links_and_dismisses_feedback_with_the_keyboard(page: Page, live_server, world):
    board = world.acme.boards.get(slug="feature-requests")
    sso = feedback.idea_create(board=board, title="SAML single sign-on", body="", author=None)
    feedback.idea_create(board=board, title="Dark mode", body="", author=None)
    newest = _receive(
        world, "Dashboards take ten seconds to load", channel="slack", person=world.eve,
        minutes_ago=1,
    )  # fmt: skip
    sso_request = _receive(
        world, "Our IT team will not roll out Acme without SAML.", channel="sales",
        person=world.dana, minutes_ago=5,
    )  # fmt: skip
    noise = _receive(world, "test test 123", channel="widget", person=world.eve, minutes_ago=9)

    _log_in(page, live_server, "bob@acme.test")
    page.goto(f"{live_server.url}/acme/admin/inbox/")
    rows = page.locator("[data-inbox-row]")
    expect(rows).to_have_count(3)
    expect(page.get_by_role("link", name=re.compile(r"^Inbox 3"))).to_be_visible()

    # The first row starts selected; j moves down, k back up.
    expect(rows.nth(0)).to_have_class(re.compile(r"\bis-current\b"))
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("k")
    expect(rows.nth(1)).to_have_class(re.compile(r"\bis-current\b"))
    expect(rows.nth(0)).not_to_have_class(re.compile(r"\bis-current\b"))

    # l opens the link search of the selected item; typing finds the idea; ↓ and Enter link it.
    page.keyboard.press("l")
    search = page.get_by_label("Find an idea")
    expect(search).to_be_focused()
    page.keyboard.type("saml")
    expect(page.get_by_text("Ideas matching “saml”")).to_be_visible()
    expect(page.locator("[data-idea-choice]")).to_have_count(1)
    page.keyboard.press("ArrowDown")
    expect(page.locator("[data-idea-choice]").first).to_be_focused()
    page.keyboard.press("Enter")

    # Back in the inbox, with the item gone from New.
    expect(page.get_by_role("status")).to_contain_text("Linked to SAML single sign-on.")
    expect(rows).to_have_count(2)
    sso_request.refresh_from_db()
    assert (sso_request.state, sso_request.idea_id) == ("linked", sso.pk)

    # d dismisses the selected item (k to the top, then j to the second one).
    page.keyboard.press("k")
    page.keyboard.press("j")
    expect(rows.nth(1)).to_contain_text("test test 123")
    page.keyboard.press("d")
    expect(page.get_by_role("status")).to_contain_text("dismissed")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Dashboards take ten seconds")
    assert FeedbackItem.objects.get(pk=noise.pk).state == "dismissed"
    assert FeedbackItem.objects.get(pk=newest.pk).state == "new"

    # ? shows the shortcuts; Escape closes them.
    page.keyboard.press("?")
    expect(page.get_by_role("dialog")).to_contain_text("Keyboard shortcuts")
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog")).to_be_hidden()

    # The idea's team page shows the linked feedback.
    page.goto(f"{live_server.url}/acme/admin/ideas/{sso.pk}/")
    feedback_section = page.locator("#feedback")
    expect(feedback_section.get_by_role("heading")).to_have_text("Feedback 1")
    expect(feedback_section).to_contain_text("Our IT team will not roll out Acme without SAML.")
    expect(feedback_section).to_contain_text("Dana Diaz")


def test_shortcuts_are_ignored_while_typing_in_the_search_box(page: Page, live_server, world):
    item = _receive(
        world, "Please add dark mode", channel="portal", person=world.eve, minutes_ago=1
    )
    _log_in(page, live_server, "bob@acme.test")
    page.goto(f"{live_server.url}/acme/admin/inbox/")
    page.get_by_label("Search").click()
    page.keyboard.type("dd")
    expect(page.get_by_label("Search")).to_have_value("dd")
    assert FeedbackItem.objects.get(pk=item.pk).state == "new"
