"""A customer's first visit to a portal, as they see it in chromium: submit, confirm by the
link in their mailbox, vote, comment, follow; then the team plans the idea and ships it."""

import re
import xml.etree.ElementTree as ET

from playwright.sync_api import Page, expect

from keyloop.feedback import actions
from keyloop.feedback.models import Idea, Status, Subscription
from tests.conftest import PASSWORD, body_of

MAGIC_LINK = re.compile(r"https?://\S+/acme/login/[^/\s]+/")


def seed_ideas(world):
    board = world.acme.boards.get(slug="feature-requests")
    dark_mode = actions.idea_create(
        board=board, title="Dark mode", body="Easier on the eyes at night.", author=world.dana
    )
    slack = actions.idea_create(
        board=board, title="Slack notifications", body="Tell our channel.", author=world.eve
    )
    return dark_mode, slack


def test_a_customer_submits_confirms_votes_comments_and_follows_until_it_ships(
    page: Page, live_server, smtp_server, settings, world
):
    settings.BASE_URL = live_server.url
    dark_mode, slack = seed_ideas(world)

    # Fay opens Acme's portal and its board.
    page.goto(f"{live_server.url}/acme/")
    expect(page.get_by_role("heading", level=1, name="Acme feedback")).to_be_visible()
    page.get_by_role("link").filter(
        has=page.get_by_role("heading", name="Feature requests")
    ).click()
    expect(page.get_by_role("heading", level=1, name="Feature requests")).to_be_visible()
    expect(page.get_by_role("link", name="Dark mode", exact=True)).to_be_visible()

    # She submits an idea with her e-mail.
    page.get_by_role("link", name="Submit an idea").click()
    page.get_by_label("Title").fill("Export reports to CSV")
    page.get_by_label("Description (optional)").fill("So we can **share** them with finance.")
    page.get_by_label("Your e-mail").fill("fay@example.test")
    page.get_by_label("Your name (optional)").fill("Fay Fox")
    page.get_by_role("button", name="Submit idea").click()

    # The page tells her to check her inbox; the idea is not public yet.
    expect(page.get_by_role("status")).to_contain_text("Check your inbox")
    expect(page.get_by_role("status")).to_contain_text("fay@example.test")
    expect(page.get_by_role("link", name="Export reports to CSV")).to_have_count(0)

    # The link arrives over SMTP; she follows it.
    [message] = smtp_server.wait_for(1)
    assert message["To"] == "fay@example.test"
    assert message["Subject"] == "Confirm your e-mail to publish your idea"
    link = MAGIC_LINK.search(body_of(message))
    assert link, body_of(message)
    assert link.group(0).startswith(live_server.url)
    page.goto(link.group(0))
    page.get_by_role("button", name="Confirm and publish my idea").click()

    # She lands on her idea, now published, with her own vote.
    expect(page.get_by_role("status")).to_contain_text(
        "Your e-mail is confirmed and your idea is published."
    )
    expect(page.get_by_role("heading", level=1, name="Export reports to CSV")).to_be_visible()
    expect(page.locator(".portal-prose strong")).to_have_text("share")
    expect(page.get_by_text("fay@example.test").first).to_be_visible()  # she is logged in
    idea = Idea.objects.get(title="Export reports to CSV")
    assert idea.is_published and idea.vote_count == 1

    # She comments on it (HTMX swaps the comments in place).
    page.get_by_label("Comment", exact=True).fill("Monthly would be enough for us.")
    page.get_by_role("button", name="Post comment").click()
    comments = page.locator("#comments")
    expect(comments).to_contain_text("Monthly would be enough for us.")
    expect(comments).to_contain_text("Fay Fox")
    expect(comments.get_by_role("heading", name="Comments (1)")).to_be_visible()

    # She votes for "Dark mode" from the board: the count goes from 1 to 2.
    page.get_by_role("link", name="Feature requests").click()
    vote = page.get_by_role("button", name=re.compile(r"Vote for “Dark mode”"))
    expect(vote).to_contain_text("1")
    vote.click()
    voted = page.get_by_role("button", name=re.compile(r"remove your vote for “Dark mode”"))
    expect(voted).to_contain_text("2")
    expect(voted).to_have_attribute("aria-pressed", "true")
    dark_mode.refresh_from_db()
    assert dark_mode.vote_count == 2

    # She follows "Slack notifications" without voting.
    page.get_by_role("link", name="Slack notifications", exact=True).click()
    page.get_by_role("button", name="Follow").click()
    expect(page.get_by_text("You follow this idea")).to_be_visible()
    expect(page.get_by_role("button", name="Unfollow")).to_be_visible()
    assert Subscription.objects.filter(idea=slack, person__email="fay@example.test").exists()

    # Alice, of Acme's team, logs in and plans Fay's idea.
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("E-mail").fill("alice@acme.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    planned = Status.objects.get(workspace=world.acme, name="Planned")
    actions.idea_change_status(idea=idea, status=planned, actor_user=world.alice)

    # It shows on the public roadmap, in the Planned column.
    page.goto(f"{live_server.url}/acme/roadmap")
    planned_column = page.get_by_role("region", name=re.compile("^Planned"))
    expect(planned_column.get_by_role("link", name="Export reports to CSV")).to_be_visible()
    expect(page.get_by_role("region", name=re.compile("^Shipped"))).to_contain_text(
        "Nothing here yet."
    )

    # The team announces it; the changelog's RSS feed carries the entry and links the idea.
    entry = actions.changelog_create(
        workspace=world.acme, title="CSV export is here", body="Any report, one click.",
        ideas=[idea], author=world.alice, publish=True,
    )  # fmt: skip
    feed = page.request.get(f"{live_server.url}/acme/changelog/rss")
    assert feed.ok and feed.headers["content-type"].startswith("application/rss+xml")
    [item] = ET.fromstring(feed.body()).find("channel").findall("item")
    assert item.findtext("title") == "CSV export is here"
    assert item.findtext("link") == f"{live_server.url}/acme/changelog/{entry.pk}/"
    assert f"{live_server.url}/acme/ideas/{idea.pk}/" in item.findtext("description")

    # …and the changelog page shows it with the idea, now shipped.
    page.goto(f"{live_server.url}/acme/changelog")
    entry_card = page.get_by_role("article").filter(has_text="CSV export is here")
    expect(entry_card.get_by_role("link", name="Export reports to CSV")).to_be_visible()
    expect(entry_card).to_contain_text("Shipped")


def _has_no_horizontal_overflow(page: Page, where: str) -> None:
    widths = page.evaluate(
        """() => ({
            scroll: document.documentElement.scrollWidth,
            inner: window.innerWidth,
            widest: [...document.querySelectorAll("body *")]
                .filter((element) => element.getBoundingClientRect().right > 391)
                .slice(0, 3).map((element) => element.outerHTML.slice(0, 120)),
        })"""
    )
    # innerWidth stays 390 unless the phone had to zoom out to fit something too wide.
    assert widths["inner"] == 390, (where, widths)
    assert widths["scroll"] <= widths["inner"], (where, widths)


def test_the_portal_pages_fit_a_phone_screen(mobile_page: Page, live_server, world):
    long_word = "Supercalifragilistic" * 6
    board = world.acme.boards.get(slug="feature-requests")
    idea = actions.idea_create(
        board=board,
        title=f"A very long title with {long_word} in it",
        body=f"```\n{'x = 1; ' * 40}\n```\n\n| a | b | c | d | e |\n|---|---|---|---|---|\n"
        f"| {long_word} | 2 | 3 | 4 | 5 |\n\nhttps://example.test/{long_word}",
        author=world.dana,
    )
    tag = actions.tag_create(workspace=world.acme, name="Reporting and dashboards")
    actions.idea_set_tags(idea=idea, tags=[tag], actor_user=world.alice)
    comment = actions.comment_add(idea=idea, body=f"Agreed {long_word}", author=world.eve)
    actions.comment_add(idea=idea, body="Reply", author=None, author_user=world.bob, parent=comment)
    planned = Status.objects.get(workspace=world.acme, name="Planned")
    actions.idea_change_status(idea=idea, status=planned, actor_user=world.alice)
    actions.changelog_create(
        workspace=world.acme, title=f"Release {long_word}", body=f"```\n{'y' * 300}\n```",
        ideas=[idea], author=world.alice, publish=True, mark_shipped=False,
    )  # fmt: skip

    pages = {
        "/acme/": "Acme feedback",
        "/acme/boards/feature-requests/": "Feature requests",
        f"/acme/ideas/{idea.pk}/": idea.title,
        "/acme/boards/feature-requests/new/": "Submit an idea",
        "/acme/roadmap": "Roadmap",
        "/acme/changelog": "Changelog",
        "/acme/login/": "Log in",
    }
    for path, heading in pages.items():
        mobile_page.goto(f"{live_server.url}{path}")
        expect(mobile_page.get_by_role("heading", level=1).first).to_contain_text(heading)
        _has_no_horizontal_overflow(mobile_page, path)
