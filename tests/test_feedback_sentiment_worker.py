"""Sentiment is scored by the database-backed worker after commit, a burst in one sweep."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from keyloop.feedback.models import Channel
from keyloop.inbox.actions import feedback_receive
from keyloop.inbox.models import FeedbackItem
from keyloop.lib.tasks import _waiting_until

SWEEPS = {"task_path": "keyloop.inbox.tasks.score_pending_sentiment"}  # not other apps' tasks
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


# The worker closes its database connection when it is done, which a test inside a
# transaction could not survive: those tests use real commits (transactional_db).


@pytest.fixture
def db_worker_tasks(settings):
    settings.TASKS = DB_TASKS
    _waiting_until.clear()  # what this process remembers of earlier tests' queues
    yield
    _waiting_until.clear()


def test_a_burst_of_feedback_waits_for_one_sweep_and_the_worker_scores_it_all(
    transactional_db, world, db_worker_tasks, django_capture_on_commit_callbacks
):
    texts = ["I love this product!", "Exports crash every single time, terrible.", "Ok."]
    for text in texts:
        with django_capture_on_commit_callbacks(execute=True):
            feedback_receive(workspace=world.acme, text=text, channel=Channel.API)

    assert FeedbackItem.objects.filter(sentiment=None).count() == 3
    waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY, **SWEEPS)
    assert waiting.count() == 1  # not one task per item

    call_command("db_worker", batch=True, no_startup_delay=True, stdout=StringIO())

    labels = dict(FeedbackItem.objects.values_list("text", "sentiment_label"))
    assert labels == {texts[0]: "positive", texts[1]: "negative", texts[2]: "neutral"}


def test_the_command_rescoring_everything_reports_progress(world):
    for n in range(3):
        feedback_receive(workspace=world.acme, text=f"Great idea number {n}", channel="api")
    FeedbackItem.objects.update(sentiment=None, sentiment_label="")
    out = StringIO()

    call_command("score_sentiment", "--workspace", "acme", stdout=out)

    assert "3/3" in out.getvalue()
    assert "Scored 3 feedback item(s)." in out.getvalue()
    assert not FeedbackItem.objects.filter(sentiment=None).exists()


def test_the_command_refuses_an_unknown_workspace(world):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="initech"):
        call_command("score_sentiment", "--workspace", "initech", stdout=StringIO())


def test_while_feedback_keeps_coming_a_follow_up_sweep_waits_so_arrivals_only_read(
    transactional_db, world, db_worker_tasks, django_capture_on_commit_callbacks
):
    from keyloop.inbox.tasks import score_pending_sentiment

    with django_capture_on_commit_callbacks(execute=True):
        feedback_receive(workspace=world.acme, text="Love it", channel=Channel.API)
    call_command("db_worker", batch=True, no_startup_delay=True, stdout=StringIO())

    # The run found work, so the next one waits a second ahead…
    follow_up = DBTaskResult.objects.get(status=TaskResultStatus.READY, **SWEEPS)
    assert follow_up.run_after > follow_up.enqueued_at
    # …and an item arriving meanwhile adds no task of its own.
    with django_capture_on_commit_callbacks(execute=True):
        feedback_receive(workspace=world.acme, text="Hate it", channel=Channel.API)
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY, **SWEEPS).count() == 1
    # A run that finds nothing schedules nothing: an idle inbox leaves an empty queue.
    FeedbackItem.objects.update(sentiment=0.0)
    DBTaskResult.objects.all().delete()
    assert score_pending_sentiment.call() == 0
    assert not DBTaskResult.objects.filter(**SWEEPS).exists()


def test_a_run_due_at_once_is_never_taken_for_one_that_cannot_start_yet(
    world, db_worker_tasks, django_capture_on_commit_callbacks
):
    """An immediate run may start any moment; arrivals keep checking the queue for it."""
    with django_capture_on_commit_callbacks(execute=True):
        feedback_receive(workspace=world.acme, text="One", channel=Channel.API)
    assert _waiting_until == {}
    DBTaskResult.objects.all().delete()  # the worker took it and is past its last batch

    with django_capture_on_commit_callbacks(execute=True):
        feedback_receive(workspace=world.acme, text="Two", channel=Channel.API)

    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY, **SWEEPS).count() == 1
