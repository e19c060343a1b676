"""Background work of imports: an uploaded file is imported by the worker, not the request."""

from django.tasks import task


@task()
def import_run_execute(run_id: int) -> str:
    from .actions import import_run_execute as execute
    from .models import ImportRun

    run = ImportRun.objects.select_related("workspace", "created_by").filter(pk=run_id).first()
    if run is None:
        return "gone"
    return execute(run=run).state
