"""No XSS payload typed into any field reaches a portal page (or feed) in executable form.

Every field that the portal renders — idea title and body, comment body, changelog title
and body, a person's name, a board's name and description, a tag's and a status's name,
and the query string — gets each payload of the corpus; the pages are parsed with the
standard library's HTML parser and every tag and attribute is checked.
"""

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from django.urls import reverse

from keyloop.feedback import actions
from keyloop.feedback.models import Status
from keyloop.lib.markdown import render_markdown

from .portal_support import board_of, log_in_customer

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.test/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<img src="x" onerror="alert(1)"',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="  jav&#x09;ascript:alert(1)">x</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](java\tscript:alert(1))",
    "[click](<javascript:alert(1)>)",
    "![img](javascript:alert(1))",
    "![img](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](data:text/html,<script>alert(1)</script>)",
    "[click](vbscript:msgbox(1))",
    "<javascript:alert(1)>",
    '<http://a.test/" onmouseover="alert(1)>',
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    '<div onmouseover="alert(1)">hover</div>',
    "<body onload=alert(1)>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<style>@import 'javascript:alert(1)';</style>",
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    '<base href="javascript:alert(1)//">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "<!--<img src=x onerror=alert(1)>-->",
    "```\n</code><script>alert(1)</script>\n```",
    "| a |\n|---|\n| <img src=x onerror=alert(1)> |",
    '<a href="#" style="background:url(javascript:alert(1))">x</a>',
]

FORBIDDEN_TAGS = {"script", "iframe", "svg", "object", "embed", "style", "base", "meta", "math",
                  "form", "frame", "frameset", "link", "applet"}  # fmt: skip
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "poster", "srcset"}
BAD_SCHEME = re.compile(r"^\s*(javascript|vbscript|data):", re.IGNORECASE)
# What our own templates render; anything else of the kind came from user content.
OWN_SCRIPT = re.compile(r"^/static/(vendor/htmx/htmx\.min\.js|keyloop/keyloop\.js)$")
OWN_STYLE = re.compile(r"^--(status|tag)-color: #[0-9a-fA-F]{6}$|^--avatar-hue: \d{1,3}$")


class TagCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_data(self, data):
        self.text.append(data)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {name: value or "" for name, value in attrs}))

    handle_startendtag = handle_starttag


def visible_text(html: str) -> str:
    parser = TagCollector()
    parser.feed(html)
    parser.close()
    return "".join(parser.text)


def assert_not_executable(html: str, where: str) -> None:
    parser = TagCollector()
    parser.feed(html)
    parser.close()
    problems = []
    for tag, attrs in parser.tags:
        if tag == "script":
            if not OWN_SCRIPT.match(attrs.get("src", "")):
                problems.append(f"<script {attrs}>")
        elif tag == "svg":
            if attrs.get("class") != "icon" or set(attrs) - {
                "class", "viewbox", "fill", "stroke", "stroke-width", "stroke-linecap",
                "stroke-linejoin", "aria-hidden", "focusable",
            }:  # fmt: skip
                problems.append(f"<svg {attrs}>")
        elif tag == "link":
            if attrs.get("rel") != "stylesheet" or not attrs.get("href", "").startswith("/static/"):
                problems.append(f"<link {attrs}>")
        elif tag == "meta":
            if set(attrs) - {"charset", "name", "content"} or "http-equiv" in attrs:
                problems.append(f"<meta {attrs}>")
        elif tag == "form":
            action = attrs.get("action", "")
            if action and not action.startswith("/"):
                problems.append(f"<form {attrs}>")
        elif tag in FORBIDDEN_TAGS:
            problems.append(f"<{tag} {attrs}>")
        for name, value in attrs.items():
            if re.fullmatch(r"on\w+", name):
                problems.append(f"<{tag} {name}={value!r}>")
            if name in URL_ATTRIBUTES and BAD_SCHEME.match(value):
                problems.append(f"<{tag} {name}={value!r}>")
            if name == "style" and not OWN_STYLE.match(value):
                problems.append(f"<{tag} style={value!r}>")
    # The raw text too: the only "<script" are our two static ones.
    assert len(re.findall(r"<script\b", html, re.IGNORECASE)) <= 2, where
    assert "<iframe" not in html.lower(), where
    assert not problems, f"{where}: {problems}"


def scrub(text: str, limit: int) -> str:
    """Fit a payload into a short field (names are 40–200 characters)."""
    return text[:limit]


@pytest.fixture
def everything_with(world):
    """Put `payload` into every field the portal renders; return the pages to check."""

    def build(payload: str):
        acme = world.acme
        board = board_of(world)
        actions.board_update(board=board, name=scrub(payload, 80), description=payload)
        world.dana.name = payload
        world.dana.save()
        planned = Status.objects.get(workspace=acme, name="Planned")
        actions.status_update(
            status=planned, name=scrub(payload, 40), color=planned.color,
            category=planned.category,
        )  # fmt: skip
        tag = actions.tag_create(workspace=acme, name=scrub(payload, 40))
        idea = actions.idea_create(
            board=board, title=scrub(payload, 200) or "x", body=payload, author=world.dana
        )
        actions.idea_set_tags(idea=idea, tags=[tag], actor_user=None)
        actions.idea_change_status(idea=idea, status=planned, actor_user=None)
        top = actions.comment_add(idea=idea, body=payload, author=world.dana)
        actions.comment_add(idea=idea, body=payload, author=world.eve, parent=top)
        entry = actions.changelog_create(
            workspace=acme, title=scrub(payload, 200) or "x", body=payload, ideas=[idea],
            author=world.alice, publish=True, mark_shipped=False,
        )  # fmt: skip
        q = quote(payload)
        return [
            reverse("portal_home", args=["acme"]),
            reverse("portal_home", args=["acme"]) + f"?q={q}",
            reverse("board", args=["acme", board.slug]),
            reverse("board", args=["acme", board.slug]) + f"?q={q}&tag={q}&status={q}&sort={q}",
            reverse("idea", args=["acme", idea.pk]),
            reverse("idea_new", args=["acme", board.slug]),
            reverse("roadmap", args=["acme"]) + f"?board={q}&tag={q}",
            reverse("changelog", args=["acme"]),
            reverse("changelog_entry", args=["acme", entry.pk]),
            reverse("portal_login", args=["acme"]) + f"?next={quote('/acme/' + payload)}",
        ]

    return build


@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_payload_reaches_a_portal_page_executable(world, client, everything_with, payload):
    urls = everything_with(payload)
    viewers = {"anonymous": client, "customer": log_in_customer(world.client_for(None), world.eve)}
    title = scrub(payload, 200).strip()
    for who, viewer in viewers.items():
        for url in urls:
            response = viewer.get(url)
            assert response.status_code == 200, url
            assert_not_executable(response.content.decode(), f"{who} {url}")
        # The payload did reach the pages, as harmless text.
        for url in urls[2], urls[4]:
            assert title in visible_text(viewer.get(url).content.decode()), url


@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_payload_reaches_the_feeds_executable(world, client, everything_with, payload):
    everything_with(payload)
    rss = ET.fromstring(client.get(reverse("changelog_rss", args=["acme"])).content)
    for item in rss.iter("item"):
        # Feed readers render the description as HTML: it must be as safe as a page.
        assert_not_executable(item.findtext("description"), "rss description")
        assert item.findtext("title") == scrub(payload, 200).strip()  # plain text, escaped
    atom = ET.fromstring(client.get(reverse("changelog_atom", args=["acme"])).content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    for entry in atom.findall("a:entry", ns):
        assert_not_executable(entry.findtext("a:summary", namespaces=ns) or "", "atom summary")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_render_markdown_alone_drops_everything_executable(payload):
    assert_not_executable(str(render_markdown(payload)), "render_markdown")


def test_safe_markdown_still_renders(world):
    html = str(
        render_markdown("**bold** [link](https://example.test) ![pic](https://x.test/a.png)")
    )
    assert "<strong>bold</strong>" in html
    assert '<a href="https://example.test" rel="nofollow ugc noopener">link</a>' in html
    assert '<img src="https://x.test/a.png" alt="pic">' in html


def test_the_checker_itself_catches_what_it_must(world):
    """The assertions above would fail on real XSS (a checker that cannot fail proves nothing)."""
    for bad in ('<img src=x onerror="alert(1)">', "<script>alert(1)</script>",
                '<a href="javascript:alert(1)">x</a>', "<svg onload=alert(1)>",
                "<iframe src=x></iframe>", '<a href=" JAVASCRIPT:alert(1)">x</a>',
                '<img src="data:image/svg+xml,<svg onload=alert(1)>">',
                '<span style="background:url(x)">x</span>'):  # fmt: skip
        with pytest.raises(AssertionError):
            assert_not_executable(bad, "self-test")
