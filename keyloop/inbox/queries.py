"""Reads of the inbox: filtered item lists, counts per state, an idea's linked feedback."""

from django.db.models import Count, Q, QuerySet

from keyloop.accounts.models import Company, Workspace
from keyloop.feedback.models import Idea

from .models import FeedbackItem, FeedbackState, Sentiment

SEARCH_WORDS = 8


def inbox_items(
    *, workspace: Workspace, state: str = "", channel: str = "", sentiment: str = "",
    company_id: int | None = None, segment: str = "", search: str = "", idea_id: int | None = None,
    person_id: int | None = None,
) -> QuerySet[FeedbackItem]:  # fmt: skip
    """Items newest first. Without a state, everything but spam (spam is hidden everywhere
    unless asked for by name)."""
    items = FeedbackItem.objects.filter(workspace=workspace).select_related(
        "person__company", "company", "idea__status"
    )
    if state:
        items = items.filter(state=state)
    else:
        items = items.exclude(state=FeedbackState.SPAM)
    if channel:
        items = items.filter(channel=channel)
    if sentiment == "unscored":
        items = items.filter(sentiment=None)
    elif sentiment in Sentiment.values:
        items = items.filter(sentiment_label=sentiment)
    if company_id is not None:
        items = items.filter(company_id=company_id)
    if segment:
        items = items.filter(company__segment__iexact=segment)
    if idea_id is not None:
        items = items.filter(idea_id=idea_id)
    if person_id is not None:
        items = items.filter(person_id=person_id)
    for word in (search or "").split()[:SEARCH_WORDS]:
        items = items.filter(
            Q(text__icontains=word) | Q(title__icontains=word) | Q(person__email__icontains=word)
            | Q(person__name__icontains=word)
        )  # fmt: skip
    return items.order_by("-received_at", "-id")


def inbox_state_counts(*, workspace: Workspace) -> dict[str, int]:
    """{state: count} for every state, zeros included, in one query."""
    rows = (
        FeedbackItem.objects.filter(workspace=workspace)
        .values_list("state")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = dict.fromkeys(FeedbackState.values, 0)
    counts.update(dict(rows))
    return counts


def idea_feedback(*, idea: Idea, limit: int = 50) -> list[FeedbackItem]:
    """Feedback linked to an idea (never spam: unlinking is part of marking spam)."""
    return list(
        FeedbackItem.objects.filter(idea=idea, state=FeedbackState.LINKED)
        .select_related("person__company")
        .order_by("-received_at", "-id")[:limit]
    )


def idea_feedback_count(*, idea: Idea) -> int:
    return FeedbackItem.objects.filter(idea=idea, state=FeedbackState.LINKED).count()


def inbox_new_count(*, workspace: Workspace) -> int:
    """How many items wait for triage (the number next to "Inbox" in the team's navigation)."""
    return FeedbackItem.objects.filter(workspace=workspace, state=FeedbackState.NEW).count()


def inbox_companies(*, workspace: Workspace, limit: int = 500) -> list[tuple[int, str]]:
    """(id, name) of the companies that sent feedback, for the inbox's company filter."""
    rows = (
        Company.objects.filter(workspace=workspace, feedback__isnull=False)
        .values_list("id", "name")
        .distinct()
        .order_by("name", "id")
    )
    return list(rows[:limit])


def inbox_segments(*, workspace: Workspace) -> list[str]:
    """The company segments of the workspace (Enterprise, SMB…), for the segment filter."""
    rows = (
        Company.objects.filter(workspace=workspace)
        .exclude(segment="")
        .values_list("segment", flat=True)
        .distinct()
        .order_by("segment")
    )
    return list(rows[:100])


def inbox_idea_candidates(*, workspace: Workspace, search: str = "", limit: int = 8) -> list[Idea]:
    """Ideas a team member may link feedback to: matching `search`, most wanted first; without
    a search, the most wanted open and planned ideas. Deleted and merged ideas never."""
    ideas = Idea.objects.filter(workspace=workspace, deleted_at=None, merged_into=None)
    words = (search or "").split()[:SEARCH_WORDS]
    for word in words:
        ideas = ideas.filter(Q(title__icontains=word) | Q(body__icontains=word))
    return list(ideas.select_related("status", "board").order_by("-vote_count", "-id")[:limit])
