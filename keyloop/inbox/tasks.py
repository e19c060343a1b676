"""Background work of the inbox: sentiment is scored by the worker, never on the request path."""

from django.tasks import task

BATCH = 500


@task()
def score_pending_sentiment() -> int:
    """Score every item that has no sentiment yet, in batches; returns how many were scored.

    Each new item enqueues this task after commit. The first run takes the whole backlog and
    the runs queued behind it find nothing left, so a burst of 10,000 items costs a handful of
    batch updates, not 10,000 separate ones. Scoring is idempotent, so two workers that race
    on a batch only do the same work twice.
    """
    from .actions import feedback_score_sentiment
    from .models import FeedbackItem

    scored = 0
    last_id = 0
    while True:
        batch = list(
            FeedbackItem.objects.filter(sentiment=None, id__gt=last_id)
            .order_by("id")
            .only("id", "title", "text")[:BATCH]
        )
        if not batch:
            return scored
        scored += feedback_score_sentiment(items=batch)
        last_id = batch[-1].id
