"""Template helpers shared by the portal and the team pages: Markdown, avatars, status badges.

Load with `{% load feedback_tags %}`.
"""

import re
import zlib

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from keyloop.lib.markdown import render_markdown

register = template.Library()

_HEX_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
DEFAULT_COLOR = "#64748b"


def safe_color(value) -> str:
    """A #rrggbb colour, or the neutral default: colours end up inside style attributes."""
    value = str(value or "")
    return value if _HEX_COLOR.match(value) else DEFAULT_COLOR


@register.filter(name="markdown")
def markdown_filter(text) -> SafeString:
    """`{{ idea.body|markdown }}`: Markdown rendered to sanitised HTML (nh3 allow-list)."""
    return render_markdown(str(text or ""))


def _label_of(who) -> str:
    """The words an avatar is drawn from: a name, else the part of an e-mail before the @."""
    if who is None:
        return ""
    if isinstance(who, str):
        text = who
    else:
        text = getattr(who, "name", "") or getattr(who, "email", "") or ""
        if not text:
            text = getattr(who, "external_id", "") or ""
    text = text.strip()
    if "@" in text and " " not in text:
        text = text.split("@", 1)[0]
    return text


@register.filter
def initials(who) -> str:
    """Up to two capital letters for an avatar: "Dana Diaz" → "DD", "eve@x.test" → "E".

    Takes a Person, a User or a plain string. Returns "?" when there is nothing to go on.
    """
    words = [word for word in re.split(r"[\s._\-+]+", _label_of(who)) if word]
    letters = [next((c for c in word if c.isalnum()), "") for word in words]
    letters = [letter for letter in letters if letter]
    if not letters:
        return "?"
    picked = letters[0] + (letters[-1] if len(letters) > 1 else "")
    return picked.upper()


@register.filter
def avatar_hue(who) -> int:
    """A stable hue (0–359) per person, so the same voter always gets the same colour."""
    key = _label_of(who) or "?"
    if not isinstance(who, str) and getattr(who, "pk", None) is not None:
        key = f"{type(who).__name__}:{who.pk}"
    return zlib.crc32(key.encode()) % 360


@register.filter
def person_name(person, fallback: str = "Anonymous") -> str:
    """What the portal calls a customer: their name, never their e-mail address."""
    name = (getattr(person, "name", "") or "").strip() if person is not None else ""
    return name or fallback


@register.filter
def comment_author_name(comment) -> str:
    """Who wrote a comment, as customers see it: a team member's name, or the person's."""
    if getattr(comment, "author_user_id", None):
        user = comment.author_user
        return (getattr(user, "name", "") or "").strip() or "Team member"
    return person_name(getattr(comment, "author", None))


@register.simple_tag
def avatar(who, size: str = "") -> SafeString:
    """`{% avatar person %}`: a round badge with initials; the full name is its tooltip."""
    classes = "avatar" + (f" avatar-{size}" if size in ("small", "large") else "")
    return format_html(
        '<span class="{}" style="--avatar-hue: {}" title="{}" aria-hidden="true">{}</span>',
        classes,
        avatar_hue(who),
        person_name(who, fallback=""),
        initials(who),
    )


@register.simple_tag
def status_badge(status, size: str = "") -> SafeString:
    """`{% status_badge idea.status %}`: the status name in its workspace colour."""
    if status is None:
        return SafeString("")
    classes = "status-badge" + (" status-badge-large" if size == "large" else "")
    return format_html(
        '<span class="{}" style="--status-color: {}" data-category="{}">{}</span>',
        classes,
        safe_color(getattr(status, "color", "")),
        getattr(status, "category", ""),
        status.name,
    )


@register.simple_tag
def tag_chip(tag) -> SafeString:
    """`{% tag_chip tag %}`: a tag's name with a dot in its colour."""
    return format_html(
        '<span class="tag-chip" style="--tag-color: {}">{}</span>',
        safe_color(getattr(tag, "color", "")),
        tag.name,
    )


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters replaced (None or "" drops them).

    `<a href="?{% query_with page=2 %}">` keeps the filters while changing the page.
    """
    request = context.get("request")
    params = request.GET.copy() if request is not None else None
    if params is None:
        from django.http import QueryDict

        params = QueryDict(mutable=True)
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = str(value)
    return params.urlencode()


# --- team pages ------------------------------------------------------------------------------


@register.inclusion_tag("feedback/team/_attention_card.html", takes_context=True)
def ideas_needing_attention(context, workspace, limit: int = 5) -> dict:
    """`{% ideas_needing_attention workspace %}`: the dashboard card of untriaged ideas."""
    from keyloop.feedback.queries import team_attention

    return {"workspace": workspace, "request": context.get("request"),
            **team_attention(workspace=workspace, limit=limit)}  # fmt: skip


@register.filter
def money(cents) -> str:
    """Monthly revenue in cents as dollars: $0, $1,249, $12.5k."""
    dollars = int(cents or 0) / 100
    if dollars >= 10_000:
        return f"${dollars / 1000:,.1f}k".replace(".0k", "k")
    return f"${dollars:,.0f}"
