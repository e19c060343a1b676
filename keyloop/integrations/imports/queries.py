"""Reads of imports."""

from keyloop.accounts.models import Workspace

from .models import ImportRun

RECENT = 20


def workspace_import_runs(*, workspace: Workspace, limit: int = RECENT) -> list[ImportRun]:
    """The latest runs, newest first, without their files."""
    return list(
        ImportRun.objects.filter(workspace=workspace)
        .select_related("created_by")
        .defer("data", "preview", "skipped")[:limit]
    )
