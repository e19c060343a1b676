"""The bell's count and how one notification reads in the list."""

from django import template
from django.urls import reverse

from keyloop.accounts.models import Person

from ..events import Kind
from ..queries import unread_count

register = template.Library()


@register.inclusion_tag("notifications/_bell.html", takes_context=True)
def notification_bell(context, workspace):
    """The bell for whoever looks at `workspace`'s pages: a team member or a customer."""
    request = context.get("request")
    visitor = context.get("visitor")
    person = getattr(visitor, "person", None) if visitor is not None else None
    user = getattr(request, "user", None)
    if person is not None:
        people = [person]
    elif user is not None and user.is_authenticated:
        # One query for a team member: their Person here is found by the join.
        people = Person.objects.filter(workspace=workspace, user=user)
    else:
        return {"show": False}
    return {"workspace": workspace, "show": True, "unread": unread_count(people=people)}


@register.simple_tag
def notification_link(delivery) -> dict:
    """{"text", "url"} for one in-portal notification."""
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
        }
    if event.kind == Kind.STATUS_CHANGED:
        title = event.idea.title if event.idea_id else payload.get("title", "")
        return {
            "text": f"“{title}” is now {payload.get('to', '')}",
            "url": reverse("idea", args=[slug, event.idea_id]) if event.idea_id else "",
        }
    if event.kind in (Kind.KEY_RESULT_REMINDER, Kind.WEBHOOK_DISABLED):
        verb = "Time for a check-in" if event.kind == Kind.KEY_RESULT_REMINDER else "Disabled"
        return {
            "text": f"{verb}: {payload.get('title', '')}",
            "url": payload.get("url", "") or payload.get("admin_url", ""),
        }
    return {"text": event.get_kind_display(), "url": ""}
