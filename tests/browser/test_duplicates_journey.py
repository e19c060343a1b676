"""Duplicates, as a new user meets them in chromium on the demo data: a customer typing
"export to excel" in the submit form is shown the existing CSV-export idea and votes for it
instead; the team links an inbox item to its suggested idea with one key."""

import io
import re
from urllib.parse import parse_qs, urlsplit

import numpy as np
from django.core.management import call_command
from playwright.sync_api import Page, expect

from keyloop.accounts.models import User, Workspace
from keyloop.feedback.demo_content import DUPLICATE_GROUPS
from keyloop.feedback.models import Idea, Vote
from keyloop.inbox import actions as inbox
from tests.browser.conftest import SCREENSHOT_DIR
from tests.conftest import PASSWORD, body_of

# Until the dedup engine (keyloop/dedup) is in the tree, there is nothing to suggest with.

MAGIC_LINK = re.compile(r"https?://\S+/demo/login/[^/\s]+/")


class _Remembering:
    """An embedder that computes each text once per test session: the demo is loaded again
    for every test, with the same texts (mpnet takes ~25 s for its 300 ideas)."""

    def __init__(self, embedder, vectors: dict):
        self.name, self.dimensions = embedder.name, embedder.dimensions
        self._embedder, self._vectors = embedder, vectors

    def embed(self, texts):
        missing = [t for t in dict.fromkeys(texts) if (self.name, t) not in self._vectors]
        for text, vector in zip(missing, self._embedder.embed(missing), strict=True):
            self._vectors[self.name, text] = vector
        return np.stack([self._vectors[self.name, t] for t in texts])


_VECTORS: dict = {}


def load_demo() -> Workspace:
    call_command("demo", stdout=io.StringIO())
    # What the worker does after `keyloop demo` (tests run tasks at once, so the demo leaves
    # it): vectors for every idea, under both models (typing: the submit form; matching: the
    # inbox). Feedback items are left out, to keep the test short.
    from keyloop.dedup import embedder as embedders
    from keyloop.dedup.actions import embeddings_store
    from keyloop.dedup.index import full_text
    from keyloop.dedup.models import Embedding

    demo = Workspace.objects.get(slug="demo")
    ideas = [(i.pk, i.title, full_text(i.title, i.body)) for i in demo.ideas.all()]
    for embedder in embedders.in_use():
        embeddings_store(
            workspace_id=demo.pk, kind=Embedding.Kind.IDEA, objects=ideas,
            embedder=_Remembering(embedder, _VECTORS),
        )  # fmt: skip
    admin = User.objects.get(email="admin@example.com")
    admin.set_password(PASSWORD)
    admin.save()
    return Workspace.objects.get(slug="demo")


def csv_export_titles() -> set[str]:
    return set(DUPLICATE_GROUPS["data-export-csv"])


def answer_for(title: str):
    """The suggestions request for the whole title (not one sent while it was typed)."""

    def matches(response) -> bool:
        url = urlsplit(response.url)
        return url.path.endswith("/similar/") and parse_qs(url.query).get("title") == [title]

    return matches


def shoot(page: Page, name: str) -> None:
    """Keep a picture of the page for the docs and for review (var/ is not committed)."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOT_DIR / f"{name}.png", full_page=True)


def test_a_customer_typing_export_to_excel_finds_the_csv_idea_and_votes_for_it_instead(
    page: Page, mobile_page: Page, live_server, smtp_server, settings
):
    settings.BASE_URL = live_server.url
    load_demo()
    submit_url = f"{live_server.url}/demo/boards/feature-requests/new/"

    # Fay starts a new idea; as she types its title, ideas like hers appear under it.
    page.goto(submit_url)
    expect(page.locator("[data-similar-ideas]")).to_have_count(0)
    with page.expect_response(answer_for("export to excel")):
        page.get_by_label("Title").press_sequentially("export to excel", delay=40)
    suggestions = page.locator("[data-similar-ideas] > li")
    expect(suggestions.first).to_be_visible()
    shown = suggestions.locator(".portal-similar-link").all_inner_texts()
    assert 1 <= len(shown) <= 5
    wanted = next((title for title in shown if title in csv_export_titles()), None)
    assert wanted, f"no CSV-export idea among {shown}"
    idea = Idea.objects.get(workspace__slug="demo", title=wanted)
    votes_before = idea.vote_count
    suggestion = suggestions.filter(has_text=wanted)
    expect(suggestion).to_contain_text(f"{votes_before} vote")
    expect(suggestion.locator(".status-badge")).to_have_text(idea.status.name)
    shoot(page, "duplicates-submit-suggestions-desktop")

    # The same on a phone.
    mobile_page.goto(submit_url)
    with mobile_page.expect_response(answer_for("export to excel")):
        mobile_page.get_by_label("Title").press_sequentially("export to excel", delay=40)
    expect(mobile_page.locator("[data-similar-ideas] > li").first).to_be_visible()
    shoot(mobile_page, "duplicates-submit-suggestions-mobile")

    # She votes for the existing idea instead of posting hers.
    suggestion.get_by_role("link", name=re.compile("Vote for this instead")).click()
    expect(page.get_by_role("heading", level=1, name=wanted)).to_be_visible()
    vote_box = page.locator("#vote")
    vote_box.get_by_text("Vote for this idea").click()
    vote_box.get_by_label("Your e-mail").fill("fay@example.test")
    vote_box.get_by_role("button", name="Vote", exact=True).click()
    expect(vote_box).to_contain_text("Check your inbox")

    [message] = smtp_server.wait_for(1)
    link = MAGIC_LINK.search(body_of(message))
    assert link, body_of(message)
    page.goto(link.group(0))
    page.get_by_role("button", name="Confirm and count my vote").click()
    expect(page.get_by_role("status")).to_contain_text("your vote counts")
    idea.refresh_from_db()
    assert idea.vote_count == votes_before + 1
    assert Vote.objects.filter(idea=idea, person__email="fay@example.test").exists()
    # No new idea was posted.
    assert not Idea.objects.filter(title__iexact="export to excel").exists()


def test_the_team_links_new_feedback_to_its_suggested_idea_with_one_key(
    page: Page, mobile_page: Page, live_server
):

    workspace = load_demo()
    item, _ = inbox.feedback_receive(
        workspace=workspace, channel="support", title="Numbers out of a chart",
        text="Is there a way to download the data behind a chart as a CSV file? "
        "We copy the numbers by hand every week.",
    )  # fmt: skip
    item_url = f"{live_server.url}/demo/admin/inbox/{item.pk}/"

    _log_in(page, live_server, "admin@example.com")
    page.goto(item_url)
    suggestions = page.locator(".inbox-suggestion")
    expect(page.get_by_role("heading", name="Suggested ideas")).to_be_visible()
    expect(suggestions.first).to_contain_text("% match")
    first_title = suggestions.first.locator(".inbox-suggestion-title").inner_text()
    assert first_title in csv_export_titles(), first_title
    shoot(page, "duplicates-inbox-suggestions-desktop")

    _log_in(mobile_page, live_server, "admin@example.com")
    mobile_page.goto(item_url)
    expect(mobile_page.get_by_role("heading", name="Suggested ideas")).to_be_visible()
    shoot(mobile_page, "duplicates-inbox-suggestions-mobile")

    # `a` links it to the first suggestion; the item then suggests nothing more.
    page.keyboard.press("a")
    expect(page.get_by_role("status").first).to_contain_text(f"Linked to {first_title}")
    item.refresh_from_db()
    assert item.idea.title == first_title and item.state == "linked"
    page.goto(item_url)
    expect(page.get_by_role("heading", name="Linked idea")).to_be_visible()
    expect(page.get_by_role("heading", name="Suggested ideas")).to_have_count(0)


def _log_in(page: Page, live_server, email: str) -> None:
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def _people(ideas) -> set[int]:
    """Who asked for any of `ideas`, counted by hand: counted votes and linked feedback."""
    from keyloop.inbox.models import FeedbackItem

    voters = Vote.objects.filter(idea__in=ideas, is_confirmed=True).values_list("person_id")
    linked = FeedbackItem.objects.filter(idea__in=ideas, state="linked").exclude(person=None)
    return {pk for (pk,) in voters} | set(linked.values_list("person_id", flat=True))


def test_the_team_merges_demo_duplicates_sees_each_person_once_and_unmerges(
    page: Page, live_server, settings
):
    load_demo()
    # A merge asks the worker to refresh vectors; here that would embed the demo's 1,000
    # feedback items inside the request. The ideas' vectors are all there already.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    _log_in(page, live_server, "admin@example.com")
    page.goto(f"{live_server.url}/demo/admin/ideas/duplicates/")
    pair = page.locator(".duplicate-pair").first
    expect(pair).to_be_visible()
    a_id, b_id = (int(n) for n in pair.get_attribute("id").removeprefix("pair-").split("-"))
    a, b = Idea.objects.get(pk=a_id), Idea.objects.get(pk=b_id)
    shared = _people([a]) & _people([b])
    union = _people([a, b])
    shoot(page, "duplicates-page")

    pair.get_by_role("button", name=re.compile(r"^Merge A into B")).click()
    a.refresh_from_db()
    assert a.merged_into_id == b.pk

    # The root's demand counts everyone who asked for either idea, each person once.
    page.goto(f"{live_server.url}/demo/admin/ideas/{b.pk}/")
    expect(page.locator("#demand-people")).to_have_text(str(len(union)))
    assert len(union) == len(_people([a])) + len(_people([b])) - len(shared)
    shoot(page, "duplicates-merged-root")

    # Unmerge from the root's "merged from" list restores both ideas as they were.
    page.get_by_role("button", name=f"Unmerge “{a.title}”").click()
    expect(page.locator("#demand-people")).to_have_text(str(len(_people([b]))))
    a.refresh_from_db()
    assert a.merged_into_id is None
