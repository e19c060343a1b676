"""Helpers for Django tasks (database backend in production, immediate in tests)."""

from datetime import timedelta

from django.tasks import TaskResultStatus, task_backends
from django.utils import timezone


def enqueue_unless_waiting(task, *, delay: timedelta | None = None) -> None:
    """Enqueue a task that takes no arguments unless a run of it is already waiting.

    For "sweep the backlog" tasks: a waiting run (due now or later) will see whatever was
    committed before it starts, so a second one would only find nothing to do. A run that has
    already started does not count: it may have passed the rows just committed. With `delay`,
    the run waits that long first (on backends that can defer; others run it now).
    """
    backend = task_backends[task.backend]
    if type(backend).__module__.startswith("django_tasks_db"):
        from django_tasks_db.models import DBTaskResult

        waiting = DBTaskResult.objects.filter(
            task_path=task.module_path, status=TaskResultStatus.READY
        )
        if waiting.exists():
            return
    if delay is not None and backend.supports_defer:
        task = task.using(run_after=timezone.now() + delay)
    elif delay is not None:
        return  # e.g. the immediate backend in tests: the caller is that run already
    task.enqueue()
