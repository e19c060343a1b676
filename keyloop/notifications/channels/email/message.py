"""What a notification e-mail says: subject, plain text and HTML from templates, and the
RFC 8058 one-click unsubscribe headers."""

from urllib.parse import quote

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from keyloop.notifications.events import Kind
from keyloop.notifications.unsubscribe import unsubscribe_token

SUBJECTS = {
    Kind.STATUS_CHANGED: "“{title}” is now {status}",
    Kind.CHANGELOG_PUBLISHED: "Shipped: {title}",
    Kind.KEY_RESULT_REMINDER: "Time for a check-in: {title}",
    Kind.WEBHOOK_DISABLED: "Webhook disabled: {title}",
}


def _absolute(path: str) -> str:
    return settings.BASE_URL + path


def context_for(delivery, ideas_by_id: dict) -> dict:
    event, person = delivery.event, delivery.person
    workspace = event.workspace
    token = unsubscribe_token(person)
    preferences = _absolute(reverse("notification_preferences", args=[workspace.slug, token]))
    idea = event.idea
    if idea is not None:
        preferences += f"?idea={idea.pk}"
    ideas = [ideas_by_id[idea_id] for idea_id in delivery.ideas if idea_id in ideas_by_id]
    return {
        "event": event, "payload": event.payload, "person": person, "workspace": workspace,
        "idea": idea, "ideas": ideas, "entry": event.changelog_entry,
        "idea_url": _absolute(reverse("idea", args=[workspace.slug, idea.pk])) if idea else "",
        "entry_url": _absolute(
            reverse("changelog_entry", args=[workspace.slug, event.changelog_entry_id])
        ) if event.changelog_entry_id else "",
        "idea_urls": {i.pk: _absolute(reverse("idea", args=[workspace.slug, i.pk])) for i in ideas},
        "preferences_url": preferences,
        "unsubscribe_url": _absolute(
            reverse("notification_unsubscribe", args=[workspace.slug, token])
        ),
        "portal_url": _absolute(reverse("portal_home", args=[workspace.slug])),
    }  # fmt: skip


def subject_for(event) -> str:
    payload = event.payload
    title = payload.get("title") or (event.idea.title if event.idea_id else "")
    return SUBJECTS[event.kind].format(title=title, status=payload.get("to", ""))[:200]


def build_message(delivery, ideas_by_id: dict) -> EmailMultiAlternatives:
    context = context_for(delivery, ideas_by_id)
    name = delivery.event.kind.replace(".", "_")
    text = render_to_string(f"notifications/email/{name}.txt", context)
    html = render_to_string(f"notifications/email/{name}.html", context)
    mailto = f"mailto:{settings.NOTIFICATIONS_UNSUBSCRIBE_MAILTO}?subject=" + quote(
        "unsubscribe " + unsubscribe_token(delivery.person)
    )
    message = EmailMultiAlternatives(
        subject=f"[{context['workspace'].name}] {subject_for(delivery.event)}",
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[delivery.person.email],
        headers={
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>, <{mailto}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
            "X-Keyloop-Delivery": str(delivery.pk),
        },
    )
    message.attach_alternative(html, "text/html")
    return message
