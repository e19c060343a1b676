"""Issue 5's whole story in two browsers: a customer of a host app sends feedback through the
embedded widget, identified by the host's SSO token; a team member finds it in the inbox with
its sentiment, links it to an idea with the keyboard, and the idea's page shows it."""

import re

from playwright.sync_api import Browser, Page, expect

from keyloop.accounts.actions import workspace_create
from keyloop.feedback import actions as feedback
from keyloop.inbox.models import FeedbackItem
from tests.conftest import PASSWORD

from .conftest import DESKTOP, SCREENSHOT_DIR

TEXT = "The weekly digest e-mail is broken again and it is really frustrating. Please fix it!"


def test_widget_feedback_reaches_the_inbox_and_is_linked_with_the_keyboard(
    browser: Browser, page: Page, live_server, world
):
    # The public demo workspace, as `keyloop demo` would create it; Alice is on its team.
    demo = workspace_create(name="Acme Analytics", slug="demo", owner=world.alice)
    board = demo.boards.order_by("position").first()
    digest = feedback.idea_create(board=board, title="Weekly digest e-mail", body="", author=None)

    # A customer, in their own browser, uses the host app; its widget knows who they are.
    customer = browser.new_context(**DESKTOP).new_page()
    customer.goto(f"{live_server.url}/demo/widget-demo")
    customer.get_by_role("button", name="Feedback", exact=True).click()
    panel = customer.frame_locator("#keyloop-widget-frame")
    expect(panel.get_by_text("demo.customer@example.com · Demo Company")).to_be_visible()
    panel.get_by_label("Your feedback").fill(TEXT)
    panel.get_by_role("button", name="Send feedback").click()
    expect(panel.get_by_text("Thanks, we got it!")).to_be_visible()
    customer.context.close()

    item = FeedbackItem.objects.get(workspace=demo)
    assert (item.channel, item.person.email, item.company.name) == (
        "widget", "demo.customer@example.com", "Demo Company",
    )  # fmt: skip

    # The team member's inbox shows it, scored negative by the worker.
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("E-mail").fill("alice@acme.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server.url}/demo/admin/inbox/")
    row = page.locator("[data-inbox-row]").first
    expect(row).to_contain_text("The weekly digest e-mail is broken")
    expect(row).to_contain_text("Demo Customer")
    expect(row.locator(".sentiment-negative")).to_be_visible()
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOT_DIR / "channels-journey-inbox.png", full_page=True)

    # Keyboard only: l opens the link search, typing finds the idea, ↓ and Enter link it.
    expect(row).to_have_class(re.compile(r"\bis-current\b"))
    page.keyboard.press("l")
    expect(page.get_by_label("Find an idea")).to_be_focused()
    page.keyboard.type("digest")
    expect(page.locator("[data-idea-choice]")).to_have_count(1)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Linked to Weekly digest e-mail.")
    item.refresh_from_db()
    assert (item.state, item.idea_id) == ("linked", digest.pk)

    # The idea's page shows the customer's words.
    page.goto(f"{live_server.url}/demo/admin/ideas/{digest.pk}/")
    section = page.locator("#feedback")
    expect(section.get_by_role("heading")).to_have_text("Feedback 1")
    expect(section).to_contain_text("The weekly digest e-mail is broken again")
    expect(section).to_contain_text("Demo Customer")
    page.screenshot(path=SCREENSHOT_DIR / "channels-journey-idea.png", full_page=True)
