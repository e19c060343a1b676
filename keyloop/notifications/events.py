"""The catalogue of events and the one way to record one: in the same transaction as the change.

An event is a row (the outbox). After commit a worker fans it out to deliveries: e-mail and
in-portal notifications for the people concerned, and signed POSTs to webhook endpoints. A
process that dies between commit and enqueue loses nothing: the sweep finds the row.
"""

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    IDEA_CREATED = "idea.created", _("Idea created")
    STATUS_CHANGED = "idea.status_changed", _("Status changed")
    IDEA_SHIPPED = "idea.shipped", _("Idea shipped")
    IDEA_MERGED = "idea.merged", _("Idea merged")
    IDEA_UNMERGED = "idea.unmerged", _("Idea unmerged")
    COMMENT_ADDED = "comment.added", _("Comment added")
    VOTE_ADDED = "vote.added", _("Vote added")
    FEEDBACK_RECEIVED = "feedback.received", _("Feedback received")
    CHANGELOG_PUBLISHED = "changelog.published", _("Changelog published")
    KEY_RESULT_CHECKED_IN = "key_result.checked_in", _("Key result checked in")
    KEY_RESULT_REMINDER = "key_result.reminder", _("Key result check-in reminder")
    WEBHOOK_DISABLED = "webhook.disabled", _("Webhook endpoint disabled")


# Events people are told about (e-mail and the bell). Every kind goes to webhooks except
# those that only concern the team's own housekeeping.
# A status change to "shipped" is told as that status change; IDEA_SHIPPED is for webhooks.
PEOPLE_KINDS = {
    Kind.STATUS_CHANGED, Kind.CHANGELOG_PUBLISHED, Kind.KEY_RESULT_REMINDER,
    Kind.WEBHOOK_DISABLED,
}  # fmt: skip
WEBHOOK_KINDS = set(Kind) - {Kind.KEY_RESULT_REMINDER, Kind.WEBHOOK_DISABLED}


def emit(
    *, workspace, kind: str, payload: dict | None = None, actor_user=None, idea=None,
    changelog_entry=None, notify: bool = True, people=None,
):  # fmt: skip
    """Record an event inside the caller's transaction; fan-out starts after commit.

    `notify=False` records it for webhooks and history but tells no person (a minor change).
    `people`: the audience when it is not derived from an idea (reminders, admin notices).
    """
    from .models import Event
    from .tasks import enqueue_fan_out

    if kind not in Kind.values:
        raise ValueError(f"unknown event kind {kind!r}")
    workspace_id = getattr(workspace, "pk", workspace)  # a Workspace or its id (hot paths)
    tells_people = notify and kind in PEOPLE_KINDS
    if not tells_people and kind not in webhook_kinds_wanted(workspace_id):
        return None  # nobody to tell and no endpoint listening: no row, no task (hot paths)
    event = Event.objects.create(
        workspace_id=workspace_id, kind=kind, payload=payload or {}, actor_user=actor_user,
        idea=idea, changelog_entry=changelog_entry, notify=notify,
        recipient_ids=[person.pk for person in people] if people is not None else None,
    )  # fmt: skip
    transaction.on_commit(enqueue_fan_out)
    return event


def _cache_key(workspace_id: int) -> str:
    return f"webhook-kinds:{workspace_id}"


def webhook_kinds_wanted(workspace_id: int) -> set[str]:
    """Event kinds some active endpoint of the workspace listens to (cached; endpoint
    changes clear it, see apps.py)."""
    from django.core.cache import cache

    kinds = cache.get(_cache_key(workspace_id))
    if kinds is None:
        from .models import WebhookEndpoint

        kinds = set()
        for event_types in WebhookEndpoint.objects.filter(
            workspace_id=workspace_id, is_active=True
        ).values_list("event_types", flat=True):
            kinds |= set(event_types) if event_types else set(WEBHOOK_KINDS)
        cache.set(_cache_key(workspace_id), kinds, 3600)
    return kinds


def webhook_kinds_forget(workspace_id: int) -> None:
    from django.core.cache import cache

    cache.delete(_cache_key(workspace_id))
