"""The widget as a customer meets it inside a host app, in chromium: the demo host page signs
an SSO token, the Feedback button opens the panel, which already knows the customer; they
search, vote and send feedback, and the item reaches the inbox with their name."""

from playwright.sync_api import Page, expect

from keyloop.accounts.models import Person
from keyloop.feedback import actions
from keyloop.inbox.models import FeedbackItem
from tests.conftest import PASSWORD

from .conftest import SCREENSHOT_DIR


def _seed(world):
    board = world.acme.boards.get(slug="feature-requests")
    for title in ("Dark mode", "Export reports to CSV", "Slack notifications"):
        actions.idea_create(board=board, title=title, body="", author=world.eve)
    return board.ideas.get(title="Export reports to CSV")


def _open_widget(page: Page, live_server):
    # The demo page signs a token for its demo customer only for the workspace's team.
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("E-mail").fill("alice@acme.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server.url}/acme/widget-demo")
    expect(page.get_by_text("This page pretends to be your own app")).to_be_visible()
    button = page.get_by_role("button", name="Feedback", exact=True)
    expect(button).to_have_attribute("aria-expanded", "false")
    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    dialog = page.get_by_role("dialog", name="Feedback", exact=True)
    expect(dialog).to_be_visible()
    panel = page.frame_locator("#keyloop-widget-frame")
    # The token reached the panel: it shows the demo customer, not an anonymous visitor.
    expect(panel.get_by_text("Demo Customer")).to_be_visible()
    expect(panel.get_by_text("demo.customer@example.com · Demo Company")).to_be_visible()
    return dialog, panel


def test_an_identified_customer_votes_and_sends_feedback_from_the_widget(
    page: Page, live_server, world
):
    csv = _seed(world)
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    dialog, panel = _open_widget(page, live_server)

    # The token travelled in the fragment and was wiped: no request URL ever carried it.
    assert not [url for url in requests if "sso=" in url or "eyJ" in url]

    # Live search, then a vote that counts at once.
    panel.get_by_label("Search ideas").fill("export")
    expect(panel.get_by_role("link", name="Dark mode")).to_have_count(0)
    expect(panel.get_by_role("link", name="Export reports to CSV")).to_be_visible()
    before = csv.vote_count  # Eve, who posted it
    panel.get_by_role("button", name="Vote for “Export reports to CSV”").click()
    pressed = panel.locator(f"#widget-vote-{csv.pk} [aria-pressed=true]")
    expect(pressed).to_contain_text(str(before + 1))
    demo = Person.objects.get(workspace=world.acme, email="demo.customer@example.com")
    assert csv.votes.filter(person=demo, source="widget").exists()

    # Feedback: no e-mail asked (we know who this is), then the thanks state.
    expect(panel.get_by_label("Your e-mail (optional)")).to_have_count(0)
    panel.get_by_label("Your feedback").fill("I would love a weekly digest of my reports.")
    panel.get_by_role("button", name="Send feedback").click()
    expect(panel.get_by_text("Thanks, we got it!")).to_be_visible()
    item = FeedbackItem.objects.get(workspace=world.acme)
    assert (item.channel, item.person, item.company.name) == ("widget", demo, "Demo Company")
    assert item.text == "I would love a weekly digest of my reports."
    assert item.source_url == f"{live_server.url}/acme/widget-demo"

    # Escape closes the panel and gives focus back to the button.
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(page.get_by_role("button", name="Feedback", exact=True)).to_be_focused()


def test_the_close_button_and_escape_inside_the_panel_close_it(page: Page, live_server, world):
    _seed(world)
    dialog, panel = _open_widget(page, live_server)
    page.get_by_role("button", name="Close feedback").click()
    expect(dialog).to_be_hidden()
    page.get_by_role("button", name="Feedback", exact=True).click()
    panel.get_by_label("Search ideas").focus()
    page.keyboard.press("Escape")  # pressed inside the iframe: the panel asks its host to close
    expect(dialog).to_be_hidden()


def test_screenshots_of_the_host_page_with_the_panel_open(
    page: Page, mobile_page: Page, live_server, world
):
    _seed(world)
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    for name, tab in (("desktop", page), ("mobile", mobile_page)):
        _open_widget(tab, live_server)
        tab.wait_for_timeout(300)  # let the panel's fonts settle before the picture
        tab.screenshot(path=SCREENSHOT_DIR / f"widget-demo-{name}.png")
