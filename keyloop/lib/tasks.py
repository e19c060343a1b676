"""Helpers for Django tasks (database backend in production, immediate in tests)."""

from django.tasks import TaskResultStatus, task_backends


def enqueue_unless_waiting(task) -> None:
    """Enqueue a task that takes no arguments unless a run of it is already waiting.

    For "sweep the backlog" tasks: a waiting run will see whatever was committed before it
    starts, so a second one would only find nothing to do. A run that has already started
    does not count: it may have passed the rows just committed.
    """
    backend = task_backends[task.backend]
    if type(backend).__module__.startswith("django_tasks_db"):
        from django_tasks_db.models import DBTaskResult

        waiting = DBTaskResult.objects.filter(
            task_path=task.module_path, status=TaskResultStatus.READY
        )
        if waiting.exists():
            return
    task.enqueue()
