"""The bell's count, how one notification reads in the list, and the notes of the preview."""

from collections import Counter
from datetime import timedelta
from urllib.parse import urlsplit

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.timesince import timesince, timeuntil

from ..access import viewer_people
from ..events import Kind
from ..models import DeliveryChannel
from ..queries import unread_count
from ..unsubscribe import unsubscribe_token

register = template.Library()


def _viewer_people(context, workspace):
    """The people whose notifications the viewer sees: a customer's, or a team member's here."""
    request = context.get("request")
    visitor = context.get("visitor")
    person = getattr(visitor, "person", None) if visitor is not None else None
    if person is None and visitor is not None and not visitor.is_team:
        return None  # logged in to Keyloop, but a stranger to this portal: nothing here
    people = viewer_people(workspace=workspace, user=getattr(request, "user", None), person=person)
    return None if isinstance(people, list) and not people else people


@register.inclusion_tag("notifications/_bell.html", takes_context=True)
def notification_bell(context, workspace):
    """The bell for whoever looks at `workspace`'s pages: a team member or a customer."""
    people = _viewer_people(context, workspace)
    if people is None:
        return {"show": False}
    return {"workspace": workspace, "show": True, "unread": unread_count(people=people)}


@register.simple_tag(takes_context=True)
def notification_settings_url(context, workspace) -> str:
    """The viewer's own settings page (the link their e-mails carry), or "" if they have none."""
    people = _viewer_people(context, workspace)
    if people is None:
        return ""
    person = people[0] if isinstance(people, list) else people.first()
    if person is None:
        return ""
    return reverse("notification_preferences", args=[workspace.slug, unsubscribe_token(person)])


@register.simple_tag
def notification_link(delivery) -> dict:
    """{"text", "url", "detail"} for one in-portal notification."""
    event = delivery.event
    slug = event.workspace.slug
    payload = event.payload
    if event.kind == Kind.CHANGELOG_PUBLISHED:
        count = len(delivery.ideas)
        asked = f"{count} idea{'s' if count != 1 else ''} you asked for" if count else "news"
        return {
            "text": f"Shipped: “{payload.get('title', '')}” — {asked}",
            "url": reverse("changelog_entry", args=[slug, event.changelog_entry_id])
            if event.changelog_entry_id
            else reverse("changelog", args=[slug]),
            "detail": "",
        }
    if event.kind == Kind.STATUS_CHANGED:
        title = event.idea.title if event.idea_id else payload.get("title", "")
        return {
            "text": f"“{title}” is now {payload.get('to', '')}",
            "url": reverse("idea", args=[slug, event.idea_id]) if event.idea_id else "",
            "detail": payload.get("comment", ""),
        }
    if event.kind == Kind.WEBHOOK_DISABLED:
        url = payload.get("url") or payload.get("title", "")
        return {
            "text": f"Webhook to {urlsplit(url).hostname or url} disabled",
            "url": payload.get("admin_url", ""),
            "detail": payload.get("reason", ""),
        }
    if event.kind == Kind.KEY_RESULT_REMINDER:
        return {
            "text": f"Time for a check-in: {payload.get('title', '')}",
            "url": payload.get("url", ""),
            "detail": "",
        }
    return {"text": event.get_kind_display(), "url": "", "detail": ""}


@register.filter
def notification_age(moment) -> str:
    """ "just now", "5 minutes ago", "2 days ago"."""
    if moment is None:
        return ""
    if timezone.now() - moment < timedelta(minutes=1):
        return "just now"
    return f"{timesince(moment, depth=1)} ago"


# The reasons a plan gives (queries.delivery_plan), as the preview counts them.
_NOT_TOLD = {
    "Muted this idea.": "muted this idea",
    "Muted all updates of this workspace.": "muted all updates",
}
_NO_EMAIL = {
    "Unsubscribed from e-mail.": "unsubscribed",
    "No e-mail address.": "without an address",
}


@register.simple_tag
def notify_plan_notes(plan) -> dict:
    """Why the people who asked will not all be told: {"not_told": "1 muted this idea",
    "no_email": "1 unsubscribed, 1 without an address"}. The person making the change is
    not counted: nobody is told about their own change."""
    told = {person_id for person_id, _ in plan.deliver}
    not_told, no_email = Counter(), Counter()
    for (person_id, channel), (reason, _status) in plan.suppress.items():
        if reason == "Made the change.":
            continue
        if person_id in told and channel == DeliveryChannel.EMAIL:
            no_email[_NO_EMAIL.get(reason, "with an invalid address")] += 1
        elif person_id not in told and channel == DeliveryChannel.INAPP:
            not_told[_NOT_TOLD.get(reason, reason.rstrip(".").lower())] += 1

    def say(counts, order) -> str:
        labels = [label for label in order if label in counts]
        labels += sorted(set(counts) - set(labels))
        return ", ".join(f"{counts[label]} {label}" for label in labels)

    return {
        "not_told": say(not_told, _NOT_TOLD.values()),
        "no_email": say(no_email, [*_NO_EMAIL.values(), "with an invalid address"]),
    }


_STATUS_ORDER = ["sent", "pending", "sending", "failed", "suppressed"]


@register.filter
def ordered_counts(counts) -> list[tuple[str, int]]:
    """{"failed": 1, "sent": 5} → [("sent", 5), ("failed", 1)]: the same order in every row."""
    if not counts:
        return []
    return sorted(
        counts.items(),
        key=lambda item: _STATUS_ORDER.index(item[0]) if item[0] in _STATUS_ORDER else 99,
    )


@register.filter
def retry_when(moment) -> str:
    """ "in a moment" (due within a minute, or overdue), or "in 25 minutes"."""
    if moment is None or moment - timezone.now() < timedelta(minutes=1):
        return "in a moment"
    return f"in {timeuntil(moment, depth=1)}"
