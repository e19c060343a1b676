"""Who hears about an idea, what the team sees before and after telling them, the bell."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Count, Q, QuerySet

from keyloop.accounts.models import Person

from .events import Kind
from .models import Delivery, DeliveryChannel, DeliveryStatus, Event, IdeaMute


def _merged_roots(idea_ids) -> dict[int, int]:
    """Merged idea id → its root, for the ideas merged into `idea_ids` (merges are one hop:
    see idea_merge)."""
    from keyloop.feedback.models import Idea

    return dict(
        Idea.objects.filter(merged_into_id__in=list(idea_ids)).values_list("id", "merged_into_id")
    )


def idea_audience_ids(*, idea_ids) -> dict[int, list[int]]:
    """Person id → the ideas (of `idea_ids`) they asked about, directly or via a merged one.

    Each of the four roles is its own indexed query; a person in several roles, or on both
    an idea and its duplicate, appears once.
    """
    from keyloop.feedback.models import Comment, Subscription, Vote
    from keyloop.inbox.models import FeedbackItem

    idea_ids = list(idea_ids)
    root_of = {idea_id: idea_id for idea_id in idea_ids} | _merged_roots(idea_ids)
    family = list(root_of)
    sources = [
        Vote.objects.filter(idea_id__in=family, is_confirmed=True),
        Comment.objects.filter(
            idea_id__in=family, is_internal=False, deleted_at=None, is_published=True
        ).exclude(author=None),
        Subscription.objects.filter(idea_id__in=family),
        FeedbackItem.objects.filter(idea_id__in=family).exclude(person=None),
    ]
    audience: dict[int, list[int]] = {}
    for source in sources:
        column = "author_id" if source.model is Comment else "person_id"
        for person_id, idea_id in source.values_list(column, "idea_id").distinct():
            ideas = audience.setdefault(person_id, [])
            if root_of[idea_id] not in ideas:
                ideas.append(root_of[idea_id])
    return audience


def email_problem(email: str) -> str:
    """Why this address cannot receive mail ("" when it can)."""
    if not email:
        return "No e-mail address."
    try:
        validate_email(email)
    except ValidationError:
        return f"Invalid e-mail address “{email}”."
    return ""


@dataclass
class Plan:
    """Per person and channel: deliver, or suppress with a reason."""

    deliver: dict = field(default_factory=dict)  # (person_id, channel) -> idea ids
    suppress: dict = field(default_factory=dict)  # (person_id, channel) -> (reason, status)

    def count(self, channel: str) -> int:
        return sum(1 for _, kind in self.deliver if kind == channel)

    @property
    def people(self) -> int:
        return len({person_id for person_id, _ in self.deliver})


def delivery_plan(
    *, workspace, audience: dict[int, list[int]], actor_user=None, about_ideas: bool = True
) -> Plan:
    """Apply everyone's preferences to an audience (see idea_audience_ids).

    `about_ideas=False`: a notice to the team (a reminder, a disabled webhook), which the
    mutes for customer updates do not silence.
    """
    plan = Plan()
    if not audience:
        return plan
    muted_ideas: dict[int, set[int]] = {}
    all_ideas = {idea_id for ideas in audience.values() for idea_id in ideas}
    merged_root = _merged_roots(all_ideas)
    for person_id, idea_id in IdeaMute.objects.filter(
        person_id__in=list(audience), idea_id__in=[*all_ideas, *merged_root]
    ).values_list("person_id", "idea_id"):
        muted_ideas.setdefault(person_id, set()).add(idea_id)
    people = Person.objects.filter(pk__in=list(audience), workspace=workspace).only(
        "id", "email", "user_id", "email_notifications", "workspace_updates_muted"
    )
    for person in people.iterator(chunk_size=2000):
        ideas = audience[person.pk]
        muted = {merged_root.get(idea_id, idea_id) for idea_id in muted_ideas.get(person.pk, ())}
        ideas = [idea_id for idea_id in ideas if idea_id not in muted]
        for channel in (DeliveryChannel.INAPP, DeliveryChannel.EMAIL):
            key = (person.pk, channel)
            reason = ""
            status = DeliveryStatus.SUPPRESSED
            if actor_user is not None and person.user_id == actor_user.pk:
                reason = "Made the change."
            elif about_ideas and person.workspace_updates_muted:
                reason = "Muted all updates of this workspace."
            elif about_ideas and not ideas:
                reason = "Muted this idea."
            elif channel == DeliveryChannel.EMAIL and not person.email_notifications:
                reason = "Unsubscribed from e-mail."
            elif channel == DeliveryChannel.EMAIL and (problem := email_problem(person.email)):
                reason = problem
                status = DeliveryStatus.FAILED if person.email else DeliveryStatus.SUPPRESSED
            if reason:
                plan.suppress[key] = (reason, status)
            else:
                plan.deliver[key] = ideas
    return plan


def idea_notify_preview(*, idea, actor_user=None) -> Plan:
    """What a status change of `idea` would do now: shown before the team changes it."""
    audience = idea_audience_ids(idea_ids=[idea.pk])
    return delivery_plan(workspace=idea.workspace, audience=audience, actor_user=actor_user)


def idea_delivery_report(*, idea) -> list[dict]:
    """Per recent event of the idea (and changelog entries naming it): counts by status."""
    events = list(
        Event.objects.filter(
            Q(idea=idea) | Q(changelog_entry__ideas=idea),
            notify=True,
            recipient_ids__isnull=True,
            kind__in=[Kind.STATUS_CHANGED, Kind.CHANGELOG_PUBLISHED],  # what people are told
        )
        .distinct()
        .order_by("-created_at")[:10]
    )
    counts = {}
    for row in (
        Delivery.objects.filter(event__in=events)
        .values("event_id", "channel", "status")
        .annotate(n=Count("id"))
    ):
        counts.setdefault(row["event_id"], {}).setdefault(row["channel"], {})[row["status"]] = row[
            "n"
        ]
    return [{"event": event, "counts": counts.get(event.pk, {})} for event in events]


def event_deliveries(*, event, status: str | None = None) -> QuerySet[Delivery]:
    deliveries = Delivery.objects.filter(event=event).select_related("person")
    if status:
        deliveries = deliveries.filter(status=status)
    return deliveries.order_by("channel", "status", "person__email")


def person_notifications(*, people) -> QuerySet[Delivery]:
    """The bell: in-portal deliveries to these people (a user's Person in one workspace)."""
    return (
        Delivery.objects.filter(person__in=people, channel=DeliveryChannel.INAPP)
        .exclude(status=DeliveryStatus.SUPPRESSED)
        .select_related("event__idea", "event__changelog_entry", "event__workspace")
        .order_by("-created_at", "-id")
    )


def unread_count(*, people) -> int:
    return (
        Delivery.objects.filter(
            person__in=people, channel=DeliveryChannel.INAPP, read_at=None,
            status=DeliveryStatus.SENT,
        ).count()
    )  # fmt: skip
