"""Helpers for Django tasks (database backend in production, immediate in tests)."""

from datetime import timedelta

from django.tasks import TaskResultStatus, task_backends
from django.utils import timezone

from . import sql

# Per process: a run of the task was seen waiting until this time (it was deferred), so
# arrivals until then need not even read the queue. Kept a little short of the run's due
# time, against clock differences between this process and the worker.
_waiting_until: dict = {}
_CLOCK_MARGIN = timedelta(milliseconds=100)


def enqueue_unless_waiting(task, *, delay: timedelta | None = None) -> None:
    """Enqueue a task that takes no arguments unless a run of it is already waiting.

    For "sweep the backlog" tasks: a waiting run (due now or later) will see whatever was
    committed before it starts, so a second one would only find nothing to do. A run that has
    already started does not count: it may have passed the rows just committed. With `delay`,
    the run waits that long first (on backends that can defer; others run it now).
    """
    backend = task_backends[task.backend]
    if type(backend).__module__.startswith("django_tasks_db"):
        from django_tasks_db.models import get_date_max

        now = timezone.now()
        if _waiting_until.get(task.module_path, now) > now:
            return  # a run due later was seen waiting: it cannot have started yet
        # A run due at once is stored with the largest date as its run_after.
        due = _first_waiting_due(task)
        if due is not None:
            if now < due < get_date_max():  # deferred: it cannot start before `due`
                _waiting_until[task.module_path] = due - _CLOCK_MARGIN
            return
    if delay is not None and backend.supports_defer:
        task = task.using(run_after=timezone.now() + delay)
    elif delay is not None:
        return  # e.g. the immediate backend in tests: the caller is that run already
    task.enqueue()


def _first_waiting_due(task):
    """When the soonest waiting run of `task` is due (None: none waits)."""
    waiting = _waiting_runs(task)
    return waiting[0].run_after if waiting else None


def _waiting_runs(task) -> list:
    """The queued runs of `task` that have not started (django-tasks-db's queue; a few at
    most), soonest due first. Read on every arrival of feedback, so in plain SQL, with the
    literal status the queue's partial index is written with, so that index serves it."""
    from django_tasks_db.models import DBTaskResult

    statement = (
        f'SELECT "id", "run_after" FROM "{DBTaskResult._meta.db_table}"'
        f""" WHERE "status" = '{TaskResultStatus.READY.value}' AND "task_path" = %s"""
        ' ORDER BY "run_after"'
    )
    return sql.rows(DBTaskResult, statement, [task.module_path])


def enqueue_up_to(task, count: int) -> None:
    """Queue runs of a task that takes no arguments until `count` are waiting: one per worker
    that may help (on backends without a queue to read, `count` runs)."""
    backend = task_backends[task.backend]
    waiting = 0
    if type(backend).__module__.startswith("django_tasks_db"):
        waiting = len(_waiting_runs(task))
    for _ in range(max(0, count - waiting)):
        task.enqueue()
