"""Background work of the inbox: sentiment is scored by the worker, never on the request path."""

from datetime import timedelta

from django.tasks import task

BATCH = 500
FOLLOW_UP = timedelta(seconds=1)


# Ahead of slower work (embedding the same items, priority 0): the inbox shows sentiment
# as soon as a burst has been scored, whatever else is queued.
@task(priority=10)
def score_pending_sentiment() -> int:
    """Score every item that has no sentiment yet, in batches; returns how many were scored.

    A new item enqueues this task after commit unless a run is already waiting, so a burst of
    10,000 items costs a handful of batch updates, not 10,000 tasks. While feedback keeps
    arriving, each run that found work schedules the next one a second later: arrivals then
    find a run waiting and only read, never write, the task queue. Scoring is idempotent, so
    two workers racing on a batch only do the same work twice.
    """
    from keyloop.lib.tasks import enqueue_unless_waiting

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
            if scored:
                enqueue_unless_waiting(score_pending_sentiment, delay=FOLLOW_UP)
            return scored
        scored += feedback_score_sentiment(items=batch)
        last_id = batch[-1].id
