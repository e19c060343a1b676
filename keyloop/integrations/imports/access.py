"""The only way a request reaches an import run: the admin's own workspace's, or 404."""

from django.http import Http404

from keyloop.accounts.models import Workspace

from .models import ImportRun


def access_import_run(*, workspace: Workspace, run_id: int) -> ImportRun:
    run = ImportRun.objects.filter(workspace=workspace, pk=run_id).defer("data").first()
    if run is None:
        raise Http404("No such import.")
    return run
