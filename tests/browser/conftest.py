"""Browser tests: a real Debian chromium driven by Playwright's sync API against live_server.

Every test in this folder is marked `browser` (deselect with `-m "not browser"`). On a
failure the page is saved as var/screenshots/<test name>.png under the project root
(<test name>-postgresql.png on PostgreSQL).
"""

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection

# Playwright's sync API runs an asyncio event loop in the main thread (driven through
# greenlets) from sync_playwright().start() until stop(). Django sees that running loop and
# refuses ORM calls from the main thread with SynchronousOnlyOperation: test code, fixtures
# and pytest-django's database flush between tests would all fail. Nothing here actually
# runs inside a coroutine, so the check is a false alarm; allow it. The server side is not
# affected: live_server handles requests in its own thread, without an event loop.
# Note: the browser fixture is session-scoped, so once a browser test ran the loop is
# running for the rest of the session, and other tests collected in the same run need this
# too; that is why it is set at import time rather than per test.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from playwright.sync_api import Browser, Page, expect, sync_playwright  # noqa: E402

HERE = Path(__file__).resolve().parent
PROJECT_DIR = HERE.parents[1]
SCREENSHOT_DIR = PROJECT_DIR / "var" / "screenshots"
TIMEOUT_MS = 10_000

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

DESKTOP = {"viewport": {"width": 1280, "height": 800}}
MOBILE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
}


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    # tryfirst: mark before pytest's own -m deselection looks at the items.
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item (rep_setup, rep_call, rep_teardown)."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail(
            "Browser tests need Debian's chromium on PATH (apt-get install chromium "
            "fonts-dejavu-core). Do not run `playwright install`; deselect these tests "
            'with -m "not browser" if you really cannot install it.',
            pytrace=False,
        )
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
    finally:
        playwright.stop()


def _failed(request: pytest.FixtureRequest) -> bool:
    return any(
        getattr(getattr(request.node, f"rep_{when}", None), "failed", False)
        for when in ("setup", "call")
    )


def _screenshot_name(request: pytest.FixtureRequest, suffix: str = "") -> str:
    # `make test` runs both databases at once: each keeps its own failure pictures.
    database = "" if connection.vendor == "sqlite" else f"-{connection.vendor}"
    return re.sub(r"[^\w.-]+", "_", request.node.name) + suffix + database + ".png"


def _open_page(browser: Browser, request: pytest.FixtureRequest, suffix: str, **options):
    context = browser.new_context(**options)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        yield page
    finally:
        if _failed(request) and not page.is_closed():
            SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
            try:
                page.screenshot(
                    path=SCREENSHOT_DIR / _screenshot_name(request, suffix), full_page=True
                )
            except Exception as error:  # a screenshot must never hide the real failure
                print(f"could not save the failure screenshot: {error}")
        context.close()


@pytest.fixture(scope="session", autouse=True)
def _expect_timeout() -> None:
    expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A fresh browser context (no cookies) at desktop size, 1280 px wide."""
    yield from _open_page(browser, request, "", **DESKTOP)


@pytest.fixture
def mobile_page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A fresh browser context emulating a 390x844 phone (meta viewport honoured, touch)."""
    yield from _open_page(browser, request, "-mobile", **MOBILE)
