"""A new team's first minutes in Keyloop, as a real person in chromium sees them."""

import re

from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD, body_of

INVITATION_LINK = re.compile(r"https?://\S+/invite/[\w-]+/")


def sign_up(page: Page, *, name: str, email: str, password: str) -> None:
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Work e-mail").fill(email)
    page.get_by_label("Password", exact=True).fill(password)


def test_a_new_team_signs_up_invites_a_colleague_and_sees_its_empty_portal(
    page: Page, live_server, smtp_server, settings
):
    # Invitation links are built from BASE_URL; make them point at this server.
    settings.BASE_URL = live_server.url

    # Fran signs up and creates the "Northwind" workspace in one step.
    page.goto(f"{live_server.url}/signup/")
    expect(page.get_by_role("heading", name="Start with Keyloop")).to_be_visible()
    sign_up(page, name="Fran Founder", email="fran@northwind.test", password=PASSWORD)
    page.get_by_label("Workspace name").fill("Northwind")
    page.get_by_label("Portal address").fill("northwind")
    page.get_by_role("button", name="Create account and workspace").click()

    # She lands on her new team's dashboard.
    expect(page).to_have_url(f"{live_server.url}/northwind/admin/")
    expect(page.get_by_role("heading", level=1, name="Northwind")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Welcome to Keyloop! Northwind is ready.")
    expect(page.get_by_text("fran@northwind.test")).to_be_visible()

    # She invites Gus as a member.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Members").click()
    expect(page.get_by_role("heading", level=1, name="Members")).to_be_visible()
    page.get_by_label("E-mail").fill("gus@northwind.test")
    page.get_by_label("Role").select_option(label="Member")
    page.get_by_role("button", name="Send invitation").click()

    expect(page.get_by_role("status")).to_contain_text("Invitation sent to gus@northwind.test.")
    pending = page.get_by_role("region", name="Pending invitations")
    invitation_row = pending.get_by_role("row").filter(has_text="gus@northwind.test")
    expect(invitation_row).to_be_visible()
    expect(invitation_row).to_contain_text("Member")
    expect(invitation_row.get_by_role("button", name="Withdraw")).to_be_visible()

    # The invitation really went out over SMTP, with a link back to this server.
    messages = smtp_server.wait_for(1)
    assert len(messages) == 1, messages
    invitation_mail = messages[0]
    assert invitation_mail["To"] == "gus@northwind.test"
    assert "Northwind" in invitation_mail["Subject"]
    link = INVITATION_LINK.search(body_of(invitation_mail))
    assert link, body_of(invitation_mail)
    invitation_url = link.group(0)
    assert invitation_url.startswith(live_server.url + "/invite/")

    # Fran logs out; Gus follows the link from his e-mail.
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(f"{live_server.url}/login/")
    expect(page.get_by_role("button", name="Log out")).to_have_count(0)

    page.goto(invitation_url)
    expect(page.get_by_role("heading", name="Join Northwind")).to_be_visible()
    expect(page.get_by_text("Fran Founder invited gus@northwind.test to join as")).to_be_visible()
    page.get_by_role("link", name="Create an account for gus@northwind.test").click()

    # The joining variant of sign-up asks only for his account, not a workspace.
    expect(page.get_by_role("heading", name="Create your account")).to_be_visible()
    expect(page.get_by_label("Workspace name")).to_have_count(0)
    sign_up(page, name="Gus Green", email="gus@northwind.test", password=PASSWORD)
    page.get_by_role("button", name="Create account", exact=True).click()

    # Back on the invitation, now logged in: he accepts it.
    expect(page).to_have_url(invitation_url)
    expect(page.get_by_text("gus@northwind.test").first).to_be_visible()
    page.get_by_role("button", name="Accept and join").click()

    # He lands on Northwind's dashboard as a member: no admin pages in his navigation.
    expect(page).to_have_url(f"{live_server.url}/northwind/admin/")
    expect(page.get_by_role("status")).to_contain_text("You joined Northwind.")
    expect(page.get_by_role("heading", level=1, name="Northwind")).to_be_visible()
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Members")).to_be_visible()
    expect(nav.get_by_role("link", name="API keys")).to_have_count(0)
    expect(nav.get_by_role("link", name="Settings")).to_have_count(0)
    team_card = page.locator(".card").filter(has=page.get_by_role("heading", name="Team"))
    expect(team_card).to_contain_text(re.compile(r"\b2\s+members\b"))

    # Northwind's public portal is there with its first board, still empty.
    page.goto(f"{live_server.url}/northwind/")
    expect(page.get_by_role("heading", level=1, name="Northwind feedback")).to_be_visible()
    board = page.get_by_role("link").filter(
        has=page.get_by_role("heading", name="Feature requests")
    )
    expect(board).to_contain_text("No ideas yet")


def _has_no_horizontal_overflow(page: Page) -> None:
    widths = page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"
    )
    # innerWidth stays 390 unless the phone had to zoom out to fit something too wide.
    assert widths["inner"] == 390, widths
    assert widths["scroll"] <= widths["inner"], widths


def test_the_public_portal_and_the_login_page_fit_a_phone_screen(
    mobile_page: Page, live_server, world
):
    mobile_page.goto(f"{live_server.url}/acme/")
    expect(mobile_page.get_by_role("heading", name="Feature requests")).to_be_visible()
    _has_no_horizontal_overflow(mobile_page)

    mobile_page.goto(f"{live_server.url}/login/")
    expect(mobile_page.get_by_role("button", name="Log in")).to_be_visible()
    _has_no_horizontal_overflow(mobile_page)


def test_a_wrong_password_shows_a_clear_error_and_stays_on_the_login_page(
    page: Page, live_server, world
):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("E-mail").fill("alice@acme.test")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Log in").click()

    expect(page.get_by_role("alert")).to_have_text(
        "That e-mail and password do not match an account."
    )
    expect(page).to_have_url(re.compile(r"/login/$"))
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    expect(page.get_by_label("E-mail")).to_have_value("alice@acme.test")
    expect(page.get_by_role("button", name="Log out")).to_have_count(0)
