"""The admins' Import page: upload, map the columns (generic), follow the run, read the summary."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from keyloop.accounts.views import team_view
from keyloop.lib.web import error_text

from . import actions, queries
from .access import access_import_run
from .forms import MappingForm, UploadForm
from .importer import GENERIC_LABELS
from .models import ImportRun


@team_view(admin=True)
def team_imports(request, membership):
    workspace = membership.workspace
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            run = actions.import_run_create(
                workspace=workspace, fmt=form.cleaned_data["format"], filename=upload.name,
                data=upload.read(), actor_user=request.user,
            )  # fmt: skip
        except ValidationError as error:
            form.add_error("file", error_text(error))
        else:
            return redirect("team_import_run", slug=workspace.slug, run_id=run.pk)
    context = {
        "form": form,
        "runs": queries.workspace_import_runs(workspace=workspace),
        "max_bytes": settings.IMPORT_MAX_BYTES,
    }
    return render(request, "imports/imports.html", context)


def _run_context(run: ImportRun) -> dict:
    kinds = {"idea": "Ideas", "vote": "Votes", "comment": "Comments", "feedback": "Feedback items",
             "person": "People"}  # fmt: skip
    rows = [
        {"label": kinds.get(kind, kind), **tally}
        for kind, tally in sorted(run.summary.items(), key=lambda kv: list(kinds).index(kv[0]))
    ]
    return {"run": run, "summary_rows": rows}


@team_view(admin=True)
def team_import_run(request, membership, run_id):
    workspace = membership.workspace
    run = access_import_run(workspace=workspace, run_id=run_id)
    form = None
    if run.state == ImportRun.State.MAPPING:
        form = MappingForm(request.POST or None, headers=run.headers, initial_mapping=run.mapping)
        if request.method == "POST" and request.POST.get("intent") == "cancel":
            actions.import_run_delete(run=run)
            messages.info(request, "Import cancelled; nothing was imported.")
            return redirect("team_imports", slug=workspace.slug)
        if request.method == "POST" and form.is_valid():
            try:
                actions.import_run_set_mapping(run=run, mapping=form.mapping())
            except ValidationError as error:
                form.add_error(None, error_text(error))
            else:
                return redirect("team_import_run", slug=workspace.slug, run_id=run.pk)
    elif request.method == "POST":
        return redirect("team_import_run", slug=workspace.slug, run_id=run.pk)
    context = {**_run_context(run), "form": form, "labels": GENERIC_LABELS}
    return render(request, "imports/run.html", context)


@team_view(admin=True)
def team_import_progress(request, membership, run_id):
    """The run's progress or summary, polled by the run page (htmx) while it runs."""
    run = access_import_run(workspace=membership.workspace, run_id=run_id)
    return render(request, "imports/_progress.html", _run_context(run))
