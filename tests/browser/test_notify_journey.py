"""Issue 7's promise, in two browsers: before shipping an idea the team member sees how many
people will be told and the e-mail they will get; after it, each of them gets one e-mail and
the customer's portal bell shows the news until they mark it read."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from keyloop.accounts.models import Person
from keyloop.feedback import actions as feedback
from keyloop.notifications import actions as notifications
from tests.conftest import PASSWORD, body_of

from .conftest import DESKTOP, MOBILE, SCREENSHOT_DIR

MAGIC_LINK = re.compile(r"https?://\S+/acme/login/[^/\s]+/")
COMMENT = "It is out: Settings → Appearance → Dark."


def shoot(page: Page, name: str) -> None:
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOT_DIR / f"{name}.png", full_page=True)


def dark_mode_asked_for_by_five(world):
    """Dana wrote it (she votes and follows), Eve voted, Fay follows, Gus commented; Hal
    voted and then muted it. Four people should hear that it shipped: counted by hand."""
    board = world.acme.boards.get(slug="feature-requests")
    fay, gus, hal = (
        Person.objects.create(workspace=world.acme, email=f"{name}@customers.test", name=name)
        for name in ("fay", "gus", "hal")
    )
    idea = feedback.idea_create(board=board, title="Dark mode", author=world.dana)
    feedback.vote_add(idea=idea, person=world.eve)
    feedback.subscription_add(idea=idea, person=fay)
    feedback.comment_add(idea=idea, body="Please, my eyes.", author=gus)
    feedback.vote_add(idea=idea, person=hal)
    notifications.idea_mute(person=hal, idea=idea)
    told = {world.dana.email, world.eve.email, fay.email, gus.email}
    return idea, told


def log_in_to_the_portal(customer: Page, live_server, smtp_server, email: str) -> None:
    """The way a customer logs in: their e-mail, then the link that arrives."""
    customer.goto(f"{live_server.url}/acme/login/")
    customer.get_by_label("E-mail").fill(email)
    customer.get_by_role("button", name=re.compile("link", re.I)).click()
    expect(customer.get_by_role("status")).to_contain_text("Check your inbox")
    [message] = smtp_server.wait_for(1)
    assert message["To"] == email
    link = MAGIC_LINK.search(body_of(message))
    assert link, body_of(message)
    customer.goto(link.group(0))
    customer.get_by_role("button", name="Log in").click()
    expect(customer.get_by_role("status")).to_contain_text(f"You are logged in as {email}")


def test_the_team_sees_who_will_be_told_ships_and_the_customers_bell_shows_it(
    browser: Browser, page: Page, live_server, smtp_server, settings, world
):
    settings.BASE_URL = live_server.url
    idea, told = dark_mode_asked_for_by_five(world)

    # Eve, a customer, is logged in to Acme's portal in her own browser: no news yet.
    customer = browser.new_context(**DESKTOP).new_page()
    log_in_to_the_portal(customer, live_server, smtp_server, world.eve.email)
    customer.goto(f"{live_server.url}/acme/ideas/{idea.pk}/")
    bell = customer.get_by_role("link", name=re.compile("^Notifications"))
    expect(bell).to_be_visible()
    expect(bell.get_by_test_id("bell-count")).to_have_count(0)
    mails_before = len(smtp_server.messages)

    # Alice, of Acme's team, opens the idea and picks Shipped.
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("E-mail").fill("alice@acme.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    page.goto(f"{live_server.url}/acme/admin/ideas/{idea.pk}/")
    preview = page.locator("#notify-preview")
    expect(preview.get_by_test_id("notify-count")).to_have_text("4 people")
    page.get_by_label("Status").select_option(label="Shipped")
    expect(preview).to_contain_text("4 people will be notified that it is now Shipped")
    expect(preview).to_contain_text("4 by e-mail, 4 in the portal")
    expect(preview).to_contain_text("Not told: 1 muted this idea.")
    assert len(told) == 4

    # The preview is the e-mail they will get; it stays open and takes in her comment as
    # she writes it (pasted text counts too: the preview listens to input, not keys).
    preview.get_by_text("Preview the e-mail").click()
    sample = preview.locator("pre")
    expect(sample).to_contain_text("“Dark mode” moved from Open to Shipped")
    with page.expect_response(lambda response: "comment=It" in response.url):
        page.get_by_label("Public comment (optional)").fill(COMMENT)
    expect(sample).to_contain_text(COMMENT)
    expect(sample).to_be_visible()
    expect(preview).to_contain_text("“Dark mode” is now Shipped")
    shoot(page, "notify-status-card-desktop")

    page.get_by_role("button", name="Update status").click()
    expect(page.get_by_role("status").first).to_contain_text("to Shipped")

    # Each of the four gets exactly one e-mail, through the SMTP server; Hal gets none.
    messages = smtp_server.wait_for(mails_before + len(told))[mails_before:]
    assert sorted(message["To"] for message in messages) == sorted(told)
    to_eve = next(message for message in messages if message["To"] == world.eve.email)
    assert "“Dark mode” is now Shipped" in to_eve["Subject"]
    assert COMMENT in body_of(to_eve)
    assert to_eve["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # The idea's delivery report says the same.
    page.get_by_role("link", name="Who was told about this idea").click()
    expect(page.get_by_role("heading", level=1, name="Who was told")).to_be_visible()
    expect(page.locator("tr.selected")).to_contain_text("4 sent")

    # Eve's bell shows one unread notification.
    customer.reload()
    expect(bell.get_by_test_id("bell-count")).to_have_text("1")
    shoot(customer, "notify-portal-bell-desktop")
    bell.click()
    expect(customer.get_by_role("heading", level=1, name="Notifications")).to_be_visible()
    item = customer.locator(".notification").first
    expect(item.get_by_role("link", name="“Dark mode” is now Shipped")).to_be_visible()
    expect(item).to_contain_text(COMMENT)
    shoot(customer, "notify-portal-notifications-desktop")

    # "Mark all read" clears the count; the notification stays in the list, read.
    customer.get_by_role("button", name="Mark all read").click()
    expect(customer.get_by_role("status")).to_contain_text("All notifications are marked read.")
    expect(bell.get_by_test_id("bell-count")).to_have_count(0)
    expect(customer.locator(".notification")).to_have_count(1)
    expect(customer.locator(".notification-unread")).to_have_count(0)
    expect(customer.get_by_role("button", name="Mark all read")).to_have_count(0)
    customer.context.close()


def test_the_bell_and_the_notifications_page_fit_a_phone(
    browser: Browser, live_server, smtp_server, settings, world
):
    settings.BASE_URL = live_server.url
    idea, _ = dark_mode_asked_for_by_five(world)
    phone = browser.new_context(**MOBILE).new_page()
    log_in_to_the_portal(phone, live_server, smtp_server, world.eve.email)
    shipped = idea.workspace.statuses.get(name="Shipped")
    feedback.idea_change_status(
        idea=idea, status=shipped, actor_user=world.alice, comment=COMMENT * 4
    )
    phone.goto(f"{live_server.url}/acme/notifications/")
    expect(phone.get_by_test_id("bell-count")).to_have_text("1")
    expect(phone.locator(".notification")).to_contain_text("“Dark mode” is now Shipped")
    overflow = phone.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, overflow
    shoot(phone, "notify-portal-notifications-mobile")
    phone.context.close()


# --- every notification page, at desktop and phone width ------------------------------------


class _Receiver:
    """A webhook receiver on a local port: answers 500 to the first request, 200 after."""

    def __init__(self):
        import http.server
        import threading

        self.requests = []
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                receiver.requests.append(self.rfile.read(int(self.headers["Content-Length"])))
                failing = len(receiver.requests) == 1
                body = b'{"error": "database is restarting"}' if failing else b'{"ok": true}'
                self.send_response(500 if failing else 200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks/keyloop"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def picky_smtp_server(settings):
    """A real SMTP server that refuses one mailbox for good and asks another to try later."""
    from aiosmtpd.controller import Controller

    from tests.conftest import free_port

    accepted: list = []

    class Handler:
        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            if address.startswith("gone@"):
                return "550 5.1.1 No such mailbox"
            if address.startswith("busy@"):
                return "451 4.2.1 Mailbox busy, try again later"
            envelope.rcpt_tos.append(address)
            return "250 OK"

        async def handle_DATA(self, server, session, envelope):
            accepted.extend(envelope.rcpt_tos)
            return "250 Message accepted for delivery"

    port = free_port()
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "use_tls": False, "timeout": 5},
        }
    }
    try:
        yield accepted
    finally:
        controller.stop()


def _no_horizontal_overflow(page: Page, where: str) -> None:
    widths = page.evaluate(
        """() => ({
            scroll: document.documentElement.scrollWidth, inner: window.innerWidth,
            widest: [...document.querySelectorAll("body *")]
                .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 1)
                .slice(0, 3).map((element) => element.outerHTML.slice(0, 120)),
        })"""
    )
    assert widths["scroll"] <= widths["inner"], (where, widths)


def test_every_notification_page_reads_well_on_a_desktop_and_a_phone(
    browser: Browser, live_server, picky_smtp_server, settings, world
):
    """The pages of issue 7 with real data, photographed at 1280 and 390 px (var/screenshots/
    notify-pages-*.png); none is wider than a phone."""
    from datetime import timedelta

    from django.utils import timezone

    from keyloop.feedback.actions import person_for_user
    from keyloop.feedback.portal_session import magic_link_token, magic_link_url
    from keyloop.notifications.channels.webhook.send import webhooks_send_due
    from keyloop.notifications.models import WebhookDelivery, WebhookEndpoint
    from keyloop.notifications.unsubscribe import unsubscribe_token

    settings.BASE_URL = live_server.url
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    receiver = _Receiver()
    try:
        hook = notifications.webhook_endpoint_create(
            workspace=world.acme, url=receiver.url, event_types=["idea.shipped"],
            description="Our CRM: marks the deal's feature request as done", created_by=None,
        )  # fmt: skip
        WebhookEndpoint.objects.create(
            workspace=world.acme, description="Data warehouse loader",
            url="https://ingest.analytics-platform.example.com/v2/webhooks/keyloop/"
            "workspace-7f3c2a91-4be0-4c1d-9b7e-2f6a8c0d1e55/events?source=keyloop&format=json",
        )  # fmt: skip
        WebhookEndpoint.objects.create(
            workspace=world.acme, url="https://old-zapier.example.com/hooks/catch/123/abc/",
            is_active=False, disabled_reason="Every delivery failed since 2026-03-01 09:12 UTC.",
        )  # fmt: skip

        idea, _ = dark_mode_asked_for_by_five(world)
        for name in ("gone", "busy", "ivy"):
            person = Person.objects.create(  # Ivy came through SSO with no e-mail address
                workspace=world.acme, name=name.title(),
                email="" if name == "ivy" else f"{name}@customers.test",
                external_id="u_ivy" if name == "ivy" else "",
            )  # fmt: skip
            feedback.vote_add(idea=idea, person=person)
        unsubscribed = Person.objects.create(
            workspace=world.acme, email="ursula@customers.test", name="Ursula Unger"
        )
        feedback.vote_add(idea=idea, person=unsubscribed)
        notifications.person_unsubscribe(person=unsubscribed)
        feedback.vote_add(idea=idea, person=person_for_user(workspace=world.acme, user=world.alice))

        desktop = browser.new_context(**DESKTOP).new_page()
        phone = browser.new_context(**MOBILE).new_page()
        for page in (desktop, phone):
            page.goto(f"{live_server.url}/login/")
            page.get_by_label("E-mail").fill("alice@acme.test")
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_role("button", name="Log in").click()
            expect(page.get_by_role("button", name="Log out")).to_be_visible()

        def both(path: str, name: str, prepare=None, part: str = "") -> None:
            """Photograph the page (or only `part` of it) at both widths."""
            for page, size in ((desktop, "desktop"), (phone, "mobile")):
                page.goto(f"{live_server.url}{path}")
                if prepare is not None:
                    prepare(page)
                if size == "mobile":
                    _no_horizontal_overflow(page, path)
                if part:
                    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
                    picture = SCREENSHOT_DIR / f"notify-pages-{name}-{size}.png"
                    page.locator(part).first.screenshot(path=picture)
                else:
                    shoot(page, f"notify-pages-{name}-{size}")

        # Before: the status card with the count and the e-mail preview open.
        def pick_shipped(page: Page) -> None:
            page.get_by_label("Status").select_option(label="Shipped")
            preview = page.locator("#notify-preview")
            expect(preview).to_contain_text("will be notified that it is now Shipped")
            preview.get_by_text("Preview the e-mail").click()
            expect(preview.locator("pre")).to_be_visible()
            page.locator("#notify-preview").scroll_into_view_if_needed()

        both(f"/acme/admin/ideas/{idea.pk}/", "status-card", pick_shipped, ".idea-side .control")

        # Bob ships it; the e-mails go out, the webhook answers 500 then 200 on a resend.
        shipped = world.acme.statuses.get(name="Shipped")
        feedback.idea_change_status(
            idea=idea, status=shipped, actor_user=world.bob,
            comment="It is out: Settings → Appearance → Dark. Thanks for waiting!",
        )  # fmt: skip
        delivery = WebhookDelivery.objects.get(endpoint=hook)
        notifications.delivery_retry(delivery=delivery)
        WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
        webhooks_send_due()
        # The warehouse loader has failed for a day: it is disabled and the admins are told.
        failing = WebhookEndpoint.objects.get(description="Data warehouse loader")
        WebhookEndpoint.objects.filter(pk=failing.pk).update(
            failing_since=timezone.now() - timedelta(days=1, minutes=5)
        )
        notifications.webhook_endpoint_record_outcome(endpoint_id=failing.pk, ok=False)

        both(f"/acme/admin/ideas/{idea.pk}/deliveries/", "deliveries")
        both("/acme/admin/webhooks/", "webhooks")
        both(
            f"/acme/admin/webhooks/{hook.pk}/", "webhook-log",
            lambda page: page.get_by_text("2 attempts: requests and answers").click(),
        )  # fmt: skip
        both(f"/acme/admin/ideas/{idea.pk}/", "team-bell", part=".topbar")
        both("/acme/notifications/", "team-notifications")

        # A customer: the empty page (Hal muted the idea), then Eve's, with the bell.
        for page in (desktop, phone):
            page.context.clear_cookies()
        hal = Person.objects.get(email="hal@customers.test")
        eve = world.eve

        def log_in_as(person):
            def prepare(page: Page) -> None:
                token = magic_link_token(workspace=world.acme, email=person.email)
                page.goto(magic_link_url(token, world.acme))
                page.get_by_role("button", name="Log in").click()
                page.goto(f"{live_server.url}/acme/notifications/")

            return prepare

        both("/acme/", "portal-empty", log_in_as(hal))
        for page in (desktop, phone):
            page.context.clear_cookies()
        both("/acme/", "portal-notifications", log_in_as(eve))
        both("/acme/roadmap", "portal-bell", lambda page: page.locator(".bell").focus(), ".topbar")
        token = unsubscribe_token(eve)
        both(f"/acme/notifications/preferences/{token}/?idea={idea.pk}", "preferences")
        both(f"/acme/notifications/unsubscribe/{token}/", "unsubscribe")
        both(f"/acme/notifications/unsubscribe/{token[:-3]}xyz/", "link-not-valid")
    finally:
        receiver.stop()
