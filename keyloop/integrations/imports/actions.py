"""Every write of an import run: create it from an upload, set the generic mapping, run it."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from keyloop.accounts.models import User, Workspace

from .importer import BoardImport, GenericImport, Progress, Summary
from .models import ImportFormat, ImportRun
from .sources import (
    ImportFileError,
    board_rows,
    check_mapping,
    guess_mapping,
    read_files,
)

PREVIEW_ROWS = 5


def import_files(
    *, workspace: Workspace, fmt: str, files: list[tuple[str, bytes]],
    mapping: dict[str, str] | None = None, actor_user: User | None = None,
    progress: Progress | None = None,
) -> Summary:  # fmt: skip
    """Import now (the CLI and the worker). Raises ImportFileError, before writing anything,
    when a file cannot be read or lacks the columns its format needs."""
    if fmt not in ImportFormat.values:
        raise ImportFileError(f"Unknown format; use one of {', '.join(ImportFormat.values)}.")
    tables = read_files(files, max_bytes=settings.IMPORT_MAX_BYTES)
    if fmt == ImportFormat.GENERIC:
        if len(tables) != 1:
            raise ImportFileError("Give one CSV file for a generic import.")
        table = tables[0]
        index = check_mapping(
            table, mapping if mapping is not None else guess_mapping(table.headers)
        )
        job = GenericImport(workspace=workspace, table=table, index=index, actor_user=actor_user)
        return job.run(progress)
    rows = board_rows(fmt, tables)
    job = BoardImport(workspace=workspace, fmt=fmt, actor_user=actor_user)
    return job.run(rows, progress)


def import_run_create(
    *, workspace: Workspace, fmt: str, filename: str, data: bytes, actor_user: User | None
) -> ImportRun:
    """A run for an uploaded file. The file is checked first (encoding, columns): a file that
    cannot be imported raises ImportFileError and no run is created. A generic run waits for
    its column mapping; the others are queued at once."""
    if fmt not in ImportFormat.values:
        raise ValidationError({"format": "Choose a format."})
    if len(data) > settings.IMPORT_MAX_BYTES:
        raise ImportFileError(f"The file is larger than {settings.IMPORT_MAX_BYTES:,} bytes.")
    tables = read_files([(filename, data)], max_bytes=settings.IMPORT_MAX_BYTES)
    run = ImportRun(
        workspace=workspace, created_by=actor_user, format=fmt, filename=filename[:255],
        size=len(data), data=data,
    )  # fmt: skip
    if fmt == ImportFormat.GENERIC:
        if len(tables) != 1:
            raise ImportFileError("Upload one CSV file for a generic import, not a zip of several.")
        table = tables[0]
        run.headers = table.headers
        run.preview = [row[: len(table.headers)] for row in table.rows[:PREVIEW_ROWS]]
        run.mapping = guess_mapping(table.headers)
        run.total_rows = len(table.rows)
        run.state = ImportRun.State.MAPPING
        run.save()
        return run
    run.total_rows = sum(len(t.rows) for t in tables)
    board_rows(fmt, tables)  # the columns are checked now, not after the upload page is gone
    with transaction.atomic():
        run.save()
        _enqueue(run)
    return run


def import_run_set_mapping(*, run: ImportRun, mapping: dict[str, str]) -> ImportRun:
    """The admin's column mapping for a generic run; the run is queued."""
    if run.state != ImportRun.State.MAPPING:
        raise ValidationError("This import is already under way.")
    mapping = {key: header for key, header in mapping.items() if header}
    tables = read_files([(run.filename, bytes(run.data))], max_bytes=settings.IMPORT_MAX_BYTES)
    check_mapping(tables[0], mapping)
    with transaction.atomic():
        run.mapping, run.state = mapping, ImportRun.State.QUEUED
        run.save(update_fields=["mapping", "state"])
        _enqueue(run)
    return run


def _enqueue(run: ImportRun) -> None:
    from .tasks import import_run_execute

    transaction.on_commit(lambda: import_run_execute.enqueue(run.pk))


def import_run_execute(*, run: ImportRun) -> ImportRun:
    """Do the import of a queued run (the worker calls this), keeping its progress up to
    date for the page; the summary lands on the run, and the file is dropped."""
    claimed = ImportRun.objects.filter(pk=run.pk, state=ImportRun.State.QUEUED).update(
        state=ImportRun.State.RUNNING, started_at=timezone.now(), done_rows=0
    )
    if not claimed:
        return run  # another worker has it, or it ran already

    def progress(done: int, total: int) -> None:
        ImportRun.objects.filter(pk=run.pk).update(done_rows=done, total_rows=total)

    fields = {"finished_at": timezone.now(), "data": b""}
    try:
        summary = import_files(
            workspace=run.workspace, fmt=run.format, files=[(run.filename, bytes(run.data))],
            mapping=run.mapping if run.format == ImportFormat.GENERIC else None,
            actor_user=run.created_by, progress=progress,
        )  # fmt: skip
    except ImportFileError as error:
        fields.update(state=ImportRun.State.FAILED, error=" ".join(error.messages))
    else:
        fields.update(
            state=ImportRun.State.DONE, summary=summary.counts, skipped=summary.skipped,
            skipped_count=summary.skipped_count,
        )  # fmt: skip
    fields["finished_at"] = timezone.now()
    ImportRun.objects.filter(pk=run.pk).update(**fields)
    run.refresh_from_db()
    return run


def import_run_delete(*, run: ImportRun) -> None:
    """Forget a run that waits for its mapping (the admin started over)."""
    if run.state == ImportRun.State.MAPPING:
        run.delete()
