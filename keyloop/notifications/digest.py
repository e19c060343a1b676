"""The team digest: once a day, to each member who asked for it, what came in and what moved.

At most one digest per member per day: the member's row is stamped before sending (an
UPDATE that only one worker can win), so two workers, or a retry, never send it twice.
A day with nothing new sends nothing.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from keyloop.accounts.models import Membership
from keyloop.lib.email import send_mail_now

logger = logging.getLogger(__name__)
PERIOD = timedelta(days=1)
TOP = 5


def team_digest(*, workspace, since) -> dict:
    """New feedback by channel, the latest items, and the ideas that gained the most votes."""
    from keyloop.feedback.models import Idea
    from keyloop.inbox.models import FeedbackItem

    new = FeedbackItem.objects.filter(workspace=workspace, received_at__gte=since)
    by_channel = list(new.values("channel").annotate(n=Count("id")).order_by("-n", "channel"))
    movers = list(
        Idea.objects.filter(workspace=workspace, deleted_at=None, merged_into=None)
        .annotate(new_votes=Count("votes", filter=Q(votes__created_at__gte=since)))
        .filter(new_votes__gt=0)
        .select_related("status")
        .order_by("-new_votes", "-vote_count", "id")[:TOP]
    )
    return {
        "feedback_count": sum(row["n"] for row in by_channel),
        "by_channel": by_channel,
        "latest": list(new.select_related("person").order_by("-received_at", "-id")[:TOP]),
        "movers": movers,
    }


def team_digests_send_due(*, now=None) -> int:
    now = now or timezone.now()
    sent = 0
    due = Membership.objects.filter(daily_digest=True, user__is_active=True).filter(
        Q(digest_sent_at=None) | Q(digest_sent_at__lte=now - PERIOD)
    )
    for membership in due.select_related("workspace", "user"):
        claimed = (
            Membership.objects.filter(pk=membership.pk)
            .filter(Q(digest_sent_at=None) | Q(digest_sent_at__lte=now - PERIOD))
            .update(digest_sent_at=now)
        )
        if not claimed:
            continue  # another worker has it
        since = membership.digest_sent_at or now - PERIOD
        digest = team_digest(workspace=membership.workspace, since=since)
        if not digest["feedback_count"] and not digest["movers"]:
            continue
        workspace = membership.workspace
        context = {
            **digest, "workspace": workspace, "user": membership.user, "since": since,
            "inbox_url": settings.BASE_URL + reverse("team_inbox", args=[workspace.slug]),
            "settings_url": settings.BASE_URL + reverse("notifications", args=[workspace.slug]),
            "idea_url": settings.BASE_URL + reverse("team_ideas", args=[workspace.slug]),
        }  # fmt: skip
        try:
            send_mail_now(
                to=[membership.user.email],
                subject=f"[{workspace.name}] Today: {digest['feedback_count']} new feedback",
                text=render_to_string("notifications/email/team_digest.txt", context),
                html=render_to_string("notifications/email/team_digest.html", context),
            )
        except Exception:  # noqa: BLE001 - one member's bad day must not stop the others
            logger.exception("team digest to %s failed", membership.user.email)
            continue
        sent += 1
    return sent


def membership_set_digest(*, membership, daily_digest: bool) -> None:
    membership.daily_digest = daily_digest
    membership.save(update_fields=["daily_digest"])
