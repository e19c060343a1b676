"""The team's OKR pages under /<workspace>/admin/okrs/: the tree of a cycle, objectives, key
results with their chart and check-ins, "my key results", grading, KPIs and the lint report.

Views are thin: they parse a form, reach objects through access.py (anything outside the
workspace is a 404), call an action or a query and render. Every form works without
JavaScript; HTMX adds the live key-result check and inline check-ins on "My key results".
"""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from keyloop.accounts import queries as accounts_queries
from keyloop.accounts.views import team_view
from keyloop.lib.web import error_text, safe_next

from . import access, actions, charts, lint, queries
from .forms import (
    CheckInForm,
    CopyObjectiveForm,
    CycleForm,
    KeyResultForm,
    KpiForm,
    KpiValueForm,
    ObjectiveForm,
    PromoteKpiForm,
    ReflectionForm,
    TeamForm,
    format_levels,
)
from .models import CycleKind, ObjectiveStatus, ScoringType
from .templatetags.okr_tags import score as score_text
from .templatetags.okr_tags import unit_suffix

# --- helpers -----------------------------------------------------------------------------


def _add_errors(form, error: ValidationError) -> None:
    """Put an action's errors next to the fields they are about, or above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for item in errors:
                form.add_error(target, item.messages)
    else:
        form.add_error(None, error.messages)


def _today() -> date:
    return timezone.localdate()


def _members(workspace) -> list:
    return [m.user for m in accounts_queries.workspace_members(workspace=workspace)]


def _user(membership, user_id):
    if not user_id:
        return None
    return access.access_member_user_by_id(
        workspace=membership.workspace, membership=membership, user_id=user_id
    )


def _team(membership, team_id):
    if not team_id:
        return None
    return access.access_team_by_id(
        workspace=membership.workspace, membership=membership, team_id=team_id
    )


def _objective_url(objective) -> str:
    return reverse("okr_objective", args=[objective.workspace.slug, objective.pk])


def _key_result_url(key_result) -> str:
    return reverse("okr_key_result", args=[key_result.workspace.slug, key_result.pk])


def _tree_url(workspace, cycle=None) -> str:
    url = reverse("okrs", args=[workspace.slug])
    return f"{url}?cycle={cycle.pk}" if cycle is not None else url


def _teams_with_paths(workspace) -> list:
    """Every team, in tree order, each with `depth` and `path_name` ("Acme › Growth ›
    Onboarding") for the choices of a form."""
    ordered = []
    trail: list[str] = []
    for team, depth in queries.teams_with_depth(workspace=workspace):
        trail = [*trail[:depth], team.name]
        team.depth, team.path_name = depth, " › ".join(trail)
        ordered.append(team)
    return ordered


def _descendant_ids(teams, team) -> set[int]:
    below, frontier = {team.pk}, [team.pk]
    children: dict = {}
    for other in teams:
        children.setdefault(other.parent_id, []).append(other.pk)
    while frontier:
        node = frontier.pop()
        for child in children.get(node, []):
            if child not in below:
                below.add(child)
                frontier.append(child)
    return below


def _cycle_from_request(request, membership):
    """The cycle asked for (?cycle=id), else the current one; None when there is none."""
    cycle_id = request.GET.get("cycle") or request.POST.get("cycle")
    if cycle_id:
        return access.access_cycle_by_id(
            workspace=membership.workspace, membership=membership, cycle_id=cycle_id
        )
    return queries.cycle_default(workspace=membership.workspace, on=_today())


def _suggested_cycle(today: date) -> dict:
    """The quarter we are in: what most teams create first."""
    quarter = (today.month - 1) // 3
    start = date(today.year, quarter * 3 + 1, 1)
    end_month = quarter * 3 + 3
    end = date(today.year + 1, 1, 1) if end_month == 12 else date(today.year, end_month + 1, 1)
    end = date.fromordinal(end.toordinal() - 1)
    return {
        "name": f"{today.year} Q{quarter + 1}",
        "kind": CycleKind.QUARTERLY,
        "start": start,
        "end": end,
    }


# --- the tree ----------------------------------------------------------------------------


@team_view()
def tree(request, membership):
    workspace = membership.workspace
    today = _today()
    cycles = list(queries.cycles(workspace=workspace))
    if not cycles:
        return render(request, "okrs/tree.html", {"cycle": None, "cycles": [], "today": today})
    cycle = _cycle_from_request(request, membership) or cycles[0]
    teams = _teams_with_paths(workspace)
    team_filter = request.GET.get("team", "")
    owner_filter = request.GET.get("owner", "")
    status_filter = request.GET.get("status", "")
    team = owner = None
    if team_filter:
        team = _team(membership, team_filter)
    if owner_filter == "me":
        owner = request.user
    elif owner_filter:
        owner = _user(membership, owner_filter)
    if status_filter not in {"", *ObjectiveStatus.values}:
        status_filter = ""
    standing = queries.cycle_tree(
        cycle=cycle, on=today, team_id=team.pk if team else None,
        owner_id=owner.pk if owner else None, status=status_filter or None,
    )  # fmt: skip
    context = {
        "cycle": cycle,
        "cycles": cycles,
        "today": today,
        "tree": standing,
        "teams": teams,
        "members": _members(workspace),
        "team_filter": team_filter,
        "owner_filter": owner_filter,
        "status_filter": status_filter,
        "statuses": ObjectiveStatus.choices,
        "filtered": bool(team_filter or owner_filter or status_filter),
        "can_grade": not cycle.is_graded and today >= cycle.end,
    }
    if request.htmx and not request.htmx.boosted and request.htmx.target == "okr-tree":
        return render(request, "okrs/_tree.html", context)
    return render(request, "okrs/tree.html", context)


# --- cycles ------------------------------------------------------------------------------


@team_view()
def cycles(request, membership):
    workspace = membership.workspace
    return render(
        request,
        "okrs/cycles.html",
        {
            "cycles": queries.cycles(workspace=workspace).annotate(
                objective_count=Count("objectives")
            ),
            "today": _today(),
        },
    )


@team_view()
def cycle_new(request, membership):
    workspace = membership.workspace
    form = CycleForm(request.POST or None, initial=_suggested_cycle(_today()))
    if request.method == "POST" and form.is_valid():
        try:
            cycle = actions.cycle_create(workspace=workspace, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"“{cycle.name}” is ready. Add its first objective.")
            return redirect(_tree_url(workspace, cycle))
    return render(request, "okrs/cycle_form.html", {"form": form, "cycle": None})


@team_view()
def cycle_edit(request, membership, cycle_id):
    workspace = membership.workspace
    cycle = access.access_cycle_by_id(workspace=workspace, membership=membership, cycle_id=cycle_id)
    initial = {"name": cycle.name, "kind": cycle.kind, "start": cycle.start, "end": cycle.end}
    form = CycleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.cycle_update(cycle=cycle, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"“{cycle.name}” is saved.")
            return redirect(_tree_url(workspace, cycle))
    return render(request, "okrs/cycle_form.html", {"form": form, "cycle": cycle})


@team_view()
def cycle_lint(request, membership, cycle_id):
    workspace = membership.workspace
    cycle = access.access_cycle_by_id(workspace=workspace, membership=membership, cycle_id=cycle_id)
    report = queries.cycle_lint(cycle=cycle)
    return render(request, "okrs/cycle_lint.html", {"cycle": cycle, "report": report})


@team_view()
def cycle_grade(request, membership, cycle_id):
    workspace = membership.workspace
    cycle = access.access_cycle_by_id(workspace=workspace, membership=membership, cycle_id=cycle_id)
    today = _today()
    standing = queries.cycle_tree(cycle=cycle, on=today)
    key_results = [
        kr.key_result for node in standing.objectives.values() for kr in node.key_results
    ]
    saved = {kr.pk: kr.reflection for kr in key_results}
    errors: dict[int, str] = {}
    if request.method == "POST":
        reflections, posted = {}, {}
        for key_result in key_results:
            field = f"reflection-{key_result.pk}"
            if field in request.POST:
                form = ReflectionForm({"reflection": request.POST[field]})
                if form.is_valid():
                    reflections[key_result.pk] = form.cleaned_data["reflection"]
                else:
                    errors[key_result.pk] = " ".join(form.errors["reflection"])
                posted[key_result.pk] = request.POST[field]
        for key_result in key_results:
            if key_result.pk in posted:
                key_result.reflection = posted[key_result.pk]
        if not errors:
            if request.POST.get("grade"):
                try:
                    actions.cycle_grade(cycle=cycle, reflections=reflections, on=today)
                except ValidationError as error:
                    messages.error(request, error_text(error))
                else:
                    messages.success(
                        request,
                        f"“{cycle.name}” is graded. Its scores are final and its check-ins closed.",
                    )
                    return redirect("okr_cycle_grade", slug=workspace.slug, cycle_id=cycle.pk)
            else:
                for key_result in key_results:
                    text = reflections.get(key_result.pk)
                    if text is not None and text != saved[key_result.pk]:
                        actions.key_result_reflect(key_result=key_result, reflection=text)
                messages.success(request, "Your reflections are saved.")
                return redirect("okr_cycle_grade", slug=workspace.slug, cycle_id=cycle.pk)
    missing = [kr for kr in key_results if not (kr.reflection or "").strip()]
    return render(
        request,
        "okrs/cycle_grade.html",
        {
            "cycle": cycle,
            "tree": standing,
            "errors": errors,
            "can_grade": not cycle.is_graded and today >= cycle.end,
            "missing": missing,
            "today": today,
        },
    )


# --- teams -------------------------------------------------------------------------------


@team_view()
def teams(request, membership):
    workspace = membership.workspace
    all_teams = _teams_with_paths(workspace)
    users = _members(workspace)
    form = TeamForm(request.POST or None, teams=all_teams, users=users)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            team = actions.team_create(
                workspace=workspace, name=data["name"],
                parent=_team(membership, data["parent"]),
                members=[_user(membership, pk) for pk in data["members"]],
            )  # fmt: skip
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"The team “{team.name}” is ready.")
            return redirect("okr_teams", slug=workspace.slug)
    return render(request, "okrs/teams.html", {"form": form, "teams": all_teams})


@team_view()
def team_edit(request, membership, team_id):
    workspace = membership.workspace
    team = _team(membership, team_id)
    all_teams = _teams_with_paths(workspace)
    below = _descendant_ids(all_teams, team)
    initial = {
        "name": team.name,
        "parent": str(team.parent_id or ""),
        "members": [str(pk) for pk in team.members.values_list("pk", flat=True)],
    }
    form = TeamForm(
        request.POST or None, initial=initial,
        teams=[other for other in all_teams if other.pk not in below], users=_members(workspace),
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.team_update(
                team=team, name=data["name"],
                members=[_user(membership, pk) for pk in data["members"]],
            )  # fmt: skip
            parent = _team(membership, data["parent"])
            if parent != team.parent:
                actions.team_move(team=team, parent=parent)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"“{team.name}” is saved.")
            return redirect("okr_teams", slug=workspace.slug)
    return render(request, "okrs/team_form.html", {"form": form, "team": team})


# --- objectives --------------------------------------------------------------------------


def _objective_form(request, membership, cycle, *, objective=None, initial=None):
    workspace = membership.workspace
    parents = [
        other
        for other in queries.objectives(workspace=workspace, cycle_id=cycle.pk)
        if objective is None or other.pk != objective.pk
    ]
    return ObjectiveForm(
        request.POST or None, initial=initial, teams=_teams_with_paths(workspace),
        users=_members(workspace), parents=parents,
    )  # fmt: skip


def _objective_links(membership, data, cycle) -> dict:
    parent = None
    if data["parent"]:
        parent = access.access_objective_by_id(
            workspace=membership.workspace, membership=membership, objective_id=data["parent"]
        )
    return {
        "team": _team(membership, data["team"]),
        "owner": _user(membership, data["owner"]),
        "parent": parent,
    }


@team_view()
def objective_new(request, membership):
    workspace = membership.workspace
    cycle = _cycle_from_request(request, membership)
    if cycle is None:
        messages.info(request, "Create a cycle first: objectives belong to one.")
        return redirect("okr_cycle_new", slug=workspace.slug)
    initial = {
        "team": request.GET.get("team", ""),
        "parent": request.GET.get("parent", ""),
        "owner": str(request.user.pk),
        "status": ObjectiveStatus.ACTIVE,
    }
    form = _objective_form(request, membership, cycle, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            objective = actions.objective_create(
                cycle=cycle, title=data["title"], description=data["description"],
                status=data["status"], **_objective_links(membership, data, cycle),
            )  # fmt: skip
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request, "The objective is ready. Now add 2 to 5 key results that measure it."
            )
            return redirect("okr_key_result_new", slug=workspace.slug, objective_id=objective.pk)
    return render(
        request, "okrs/objective_form.html", {"form": form, "cycle": cycle, "objective": None}
    )


@team_view()
def objective(request, membership, objective_id):
    workspace = membership.workspace
    found = access.access_objective_by_id(
        workspace=workspace, membership=membership, objective_id=objective_id
    )
    detail = queries.objective_detail(objective=found, on=_today())
    return render(
        request,
        "okrs/objective.html",
        {"detail": detail, "objective": found, "cycle": found.cycle},
    )


@team_view()
def objective_edit(request, membership, objective_id):
    workspace = membership.workspace
    found = access.access_objective_by_id(
        workspace=workspace, membership=membership, objective_id=objective_id
    )
    initial = {
        "title": found.title,
        "description": found.description,
        "team": str(found.team_id or ""),
        "owner": str(found.owner_id or ""),
        "parent": str(found.parent_id or ""),
        "status": found.status,
    }
    form = _objective_form(request, membership, found.cycle, objective=found, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.objective_update(
                objective=found, title=data["title"], description=data["description"],
                status=data["status"], **_objective_links(membership, data, found.cycle),
            )  # fmt: skip
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "The objective is saved.")
            return redirect(_objective_url(found))
    return render(
        request,
        "okrs/objective_form.html",
        {"form": form, "cycle": found.cycle, "objective": found},
    )


@team_view()
def objective_copy(request, membership, objective_id):
    workspace = membership.workspace
    found = access.access_objective_by_id(
        workspace=workspace, membership=membership, objective_id=objective_id
    )
    targets = [
        cycle
        for cycle in queries.cycles(workspace=workspace)
        if cycle.pk != found.cycle_id and not cycle.is_graded
    ]
    targets.sort(key=lambda cycle: (cycle.start <= found.cycle.start, cycle.start))
    key_results = list(found.key_results.all())
    initial = {
        "cycle": str(targets[0].pk) if targets else "",
        "key_results": [str(kr.pk) for kr in key_results],
    }
    form = CopyObjectiveForm(
        request.POST or None, initial=initial, cycles=targets, key_results=key_results
    )
    if request.method == "POST" and form.is_valid():
        cycle = access.access_cycle_by_id(
            workspace=workspace, membership=membership, cycle_id=form.cleaned_data["cycle"]
        )
        try:
            copy = actions.objective_copy_to_cycle(
                objective=found, cycle=cycle, actor=request.user,
                key_result_ids=[int(pk) for pk in form.cleaned_data["key_results"]],
            )  # fmt: skip
        except ValidationError as error:
            _add_errors(form, error)
        else:
            count = len(form.cleaned_data["key_results"])
            messages.success(
                request,
                f"Copied to “{cycle.name}” as a draft with {count} key "
                f"result{'' if count == 1 else 's'}.",
            )
            return redirect(_objective_url(copy))
    return render(
        request,
        "okrs/objective_copy.html",
        {"form": form, "objective": found, "targets": targets},
    )


@team_view()
@require_POST
def objective_delete(request, membership, objective_id):
    workspace = membership.workspace
    found = access.access_objective_by_id(
        workspace=workspace, membership=membership, objective_id=objective_id
    )
    try:
        actions.objective_delete(objective=found)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect(_objective_url(found))
    messages.success(request, f"“{found.title}” and its key results were deleted.")
    return redirect(_tree_url(workspace, found.cycle))


# --- key results -------------------------------------------------------------------------


def _lenient_number(value):
    try:
        return Decimal(str(value).replace(",", "").strip()) if str(value).strip() else None
    except (InvalidOperation, ValueError):
        return None


def _lenient_date(value):
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _findings(data, cycle) -> list | None:
    """The quality check of a key result as it is being written (values may be half-typed);
    None before anything is written."""
    if not str(data.get("title", "")).strip():
        return None
    return lint.lint_key_result(
        title=str(data.get("title", "")), metric=str(data.get("metric", "")),
        unit=str(data.get("unit", "")), direction=str(data.get("direction") or "increase"),
        baseline=_lenient_number(data.get("baseline", "")),
        target=_lenient_number(data.get("target", "")),
        deadline=_lenient_date(data.get("deadline")) or cycle.end,
        cycle_start=cycle.start, cycle_end=cycle.end, kind=str(data.get("kind") or "metric"),
    )  # fmt: skip


def _with_suggestion(request):
    """ "Use this" on a finding: the form comes back with the suggestion as its title."""
    data = request.POST.copy()
    data["title"] = request.POST["use_suggestion"][:200]
    return data


def _key_result_page(request, membership, found_objective, *, key_result=None):
    workspace = membership.workspace
    cycle = found_objective.cycle
    locked = key_result is not None and cycle.has_started()
    using_suggestion = request.method == "POST" and "use_suggestion" in request.POST
    data = _with_suggestion(request) if using_suggestion else (request.POST or None)
    if key_result is None:
        initial = {"owner": str(request.user.pk), "scoring": ScoringType.LINEAR, "weight": 1}
    else:
        initial = {
            field: getattr(key_result, field)
            for field in ("title", "metric", "unit", "unit_label", "direction", "baseline",
                          "target", "deadline", "kind", "scoring", "weight", "data_source")
        }  # fmt: skip
        initial["levels"] = format_levels(key_result.levels)
        initial["owner"] = str(key_result.owner_id or "")
    form = KeyResultForm(data, initial=initial, users=_members(workspace), locked=locked)
    if request.method == "POST" and not using_suggestion and form.is_valid():
        values = dict(form.cleaned_data)
        reason = values.pop("reason", "")
        values["owner"] = _user(membership, values["owner"])
        try:
            if key_result is None:
                saved = actions.key_result_create(objective=found_objective, **values)
            else:
                saved = actions.key_result_update(
                    key_result=key_result, actor=request.user, reason=reason, **values
                )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if key_result is None:
                count = found_objective.key_results.count()
                more = " Add another." if count < 2 else ""
                messages.success(request, f"Key result {count} is added.{more}")
                if request.POST.get("another"):
                    return redirect(
                        "okr_key_result_new", slug=workspace.slug, objective_id=found_objective.pk
                    )
                return redirect(_objective_url(found_objective))
            messages.success(request, "The key result is saved.")
            return redirect(_key_result_url(saved))
    if using_suggestion:
        messages.info(request, "The suggestion is in the title: fill in the numbers and save.")
    findings = _findings(form.data if form.is_bound else form.initial, cycle)
    return render(
        request,
        "okrs/key_result_form.html",
        {
            "form": form,
            "objective": found_objective,
            "cycle": cycle,
            "key_result": key_result,
            "findings": findings,
            "locked": locked,
        },
    )


@team_view()
def key_result_new(request, membership, objective_id):
    found = access.access_objective_by_id(
        workspace=membership.workspace, membership=membership, objective_id=objective_id
    )
    return _key_result_page(request, membership, found)


@team_view()
def key_result_edit(request, membership, key_result_id):
    key_result = access.access_key_result_by_id(
        workspace=membership.workspace, membership=membership, key_result_id=key_result_id
    )
    return _key_result_page(request, membership, key_result.objective, key_result=key_result)


@team_view()
@require_POST
def key_result_lint(request, membership, objective_id):
    """The findings panel, re-rendered as the key result is typed (HTMX)."""
    found = access.access_objective_by_id(
        workspace=membership.workspace, membership=membership, objective_id=objective_id
    )
    return render(
        request,
        "okrs/_findings.html",
        {"findings": _findings(request.POST, found.cycle), "use_button": True},
    )


@team_view()
def key_result(request, membership, key_result_id):
    workspace = membership.workspace
    found = access.access_key_result_by_id(
        workspace=workspace, membership=membership, key_result_id=key_result_id
    )
    detail = queries.key_result_detail(key_result=found, on=_today())
    suffix = unit_suffix(found.unit, found.unit_label)
    chart = charts.key_result_chart(
        title=found.title, start=found.objective.cycle.start, deadline=found.deadline,
        baseline=found.baseline, target=found.target, direction=found.direction,
        points=[
            charts.Point(timezone.localtime(c.checked_in_at).date(), c.value, c.confidence)
            for c in detail.check_ins
        ],
        today=_today(), projection=detail.projection, suffix=suffix,
    )  # fmt: skip
    return render(
        request,
        "okrs/key_result.html",
        {
            "key_result": found,
            "detail": detail,
            "standing": detail.standing,
            "objective": found.objective,
            "cycle": found.objective.cycle,
            "chart": chart,
            "check_in_form": CheckInForm(initial={"confidence": found.confidence}),
            "findings": _findings(
                {
                    "title": found.title,
                    "metric": found.metric,
                    "unit": found.unit,
                    "direction": found.direction,
                    "baseline": found.baseline or "",
                    "target": found.target or "",
                    "deadline": found.deadline.isoformat(),
                },
                found.objective.cycle,
            ),  # fmt: skip
        },
    )


@team_view()
@require_POST
def key_result_delete(request, membership, key_result_id):
    found = access.access_key_result_by_id(
        workspace=membership.workspace, membership=membership, key_result_id=key_result_id
    )
    try:
        actions.key_result_delete(key_result=found)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect(_key_result_url(found))
    messages.success(request, f"“{found.title}” was deleted.")
    return redirect(_objective_url(found.objective))


def _checked_in_text(key_result, today) -> str:
    standing = queries.key_result_standing(key_result=key_result, on=today)
    suffix = unit_suffix(key_result.unit, key_result.unit_label)
    pace = {"on_track": "on track", "behind": "behind", "at_risk": "at risk"}.get(standing.pace, "")
    return (
        f"Checked in {charts.number(key_result.current, suffix)} on “{key_result.title}”: "
        f"score {score_text(key_result.score)} ({standing.band}), {pace}."
    )


@team_view()
@require_POST
def key_result_check_in(request, membership, key_result_id):
    workspace = membership.workspace
    found = access.access_key_result_by_id(
        workspace=workspace, membership=membership, key_result_id=key_result_id
    )
    today = _today()
    prefix = f"kr-{found.pk}" if request.POST.get("inline") else ""
    form = CheckInForm(request.POST, prefix_id=prefix)
    saved = False
    if form.is_valid():
        try:
            actions.checkin_create(key_result=found, author=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            saved = True
    if request.htmx and request.POST.get("inline"):
        found.refresh_from_db()
        row = queries.key_result_standing(key_result=found, on=today)
        return render(
            request,
            "okrs/_mine_row.html",
            {
                "row": row,
                "form": CheckInForm(prefix_id=prefix) if saved else form,
                "just_checked_in": saved,
            },
        )
    if saved:
        found.refresh_from_db()
        messages.success(request, _checked_in_text(found, today))
    else:
        messages.error(request, "Not checked in: " + " ".join(
            str(message) for errors in form.errors.values() for message in errors
        ))  # fmt: skip
    return redirect(safe_next(request) or _key_result_url(found))


# --- my key results ----------------------------------------------------------------------


@team_view()
def mine(request, membership):
    workspace = membership.workspace
    today = _today()
    cycle = _cycle_from_request(request, membership)
    rows = queries.my_key_results(workspace=workspace, user=request.user, cycle=cycle, on=today)
    for row in rows:
        row.form = CheckInForm(
            prefix_id=f"kr-{row.key_result.pk}", initial={"confidence": row.key_result.confidence}
        )
    return render(
        request,
        "okrs/mine.html",
        {
            "cycle": cycle,
            "rows": rows,
            "due": [row for row in rows if row.is_due],
            "today": today,
            "reminders": queries.open_reminders(workspace=workspace, user=request.user),
        },
    )


# --- KPIs --------------------------------------------------------------------------------


@team_view()
def kpis(request, membership):
    workspace = membership.workspace
    return render(
        request,
        "okrs/kpis.html",
        {"kpis": queries.kpis(workspace=workspace), "now": timezone.now()},
    )


def _kpi_values(membership, data) -> dict:
    values = dict(data)
    values["team"] = _team(membership, values["team"])
    values["owner"] = _user(membership, values["owner"])
    return values


@team_view()
def kpi_new(request, membership):
    workspace = membership.workspace
    form = KpiForm(
        request.POST or None, initial={"owner": str(request.user.pk)},
        teams=_teams_with_paths(workspace), users=_members(workspace),
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            kpi = actions.kpi_create(
                workspace=workspace, **_kpi_values(membership, form.cleaned_data)
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"“{kpi.name}” is tracked. Record its first value.")
            return redirect("okr_kpi", slug=workspace.slug, kpi_id=kpi.pk)
    return render(request, "okrs/kpi_form.html", {"form": form, "kpi": None})


@team_view()
def kpi_edit(request, membership, kpi_id):
    workspace = membership.workspace
    found = access.access_kpi_by_id(workspace=workspace, membership=membership, kpi_id=kpi_id)
    initial = {
        field: getattr(found, field)
        for field in ("name", "description", "unit", "unit_label", "direction", "healthy_min",
                      "healthy_max", "update_every_days")
    }  # fmt: skip
    initial["team"] = str(found.team_id or "")
    initial["owner"] = str(found.owner_id or "")
    form = KpiForm(
        request.POST or None, initial=initial, teams=_teams_with_paths(workspace),
        users=_members(workspace),
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            actions.kpi_update(kpi=found, **_kpi_values(membership, form.cleaned_data))
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"“{found.name}” is saved.")
            return redirect("okr_kpi", slug=workspace.slug, kpi_id=found.pk)
    return render(request, "okrs/kpi_form.html", {"form": form, "kpi": found})


@team_view()
def kpi(request, membership, kpi_id):
    workspace = membership.workspace
    found = access.access_kpi_by_id(workspace=workspace, membership=membership, kpi_id=kpi_id)
    values = queries.kpi_history(kpi=found)
    suffix = unit_suffix(found.unit, found.unit_label)
    chart = charts.kpi_chart(
        title=found.name, suffix=suffix, healthy_min=found.healthy_min,
        healthy_max=found.healthy_max,
        points=[charts.Point(timezone.localtime(v.at).date(), v.value) for v in values],
    )  # fmt: skip
    return render(
        request,
        "okrs/kpi.html",
        {
            "kpi": found,
            "values": values[::-1],
            "chart": chart,
            "value_form": KpiValueForm(),
            "stale": found.is_stale(),
            "healthy": found.is_healthy(),
            "key_results": found.key_results.select_related("objective__cycle"),
        },
    )


@team_view()
@require_POST
def kpi_value(request, membership, kpi_id):
    workspace = membership.workspace
    found = access.access_kpi_by_id(workspace=workspace, membership=membership, kpi_id=kpi_id)
    form = KpiValueForm(request.POST)
    if form.is_valid():
        try:
            actions.kpi_value_add(kpi=found, value=form.cleaned_data["value"], author=request.user)
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            suffix = unit_suffix(found.unit, found.unit_label)
            messages.success(
                request, f"Recorded {charts.number(form.cleaned_data['value'], suffix)}."
            )
    else:
        messages.error(request, "Not recorded: " + " ".join(form.errors["value"]))
    return redirect(safe_next(request) or reverse("okr_kpi", args=[workspace.slug, found.pk]))


@team_view()
def kpi_promote(request, membership, kpi_id):
    workspace = membership.workspace
    found = access.access_kpi_by_id(workspace=workspace, membership=membership, kpi_id=kpi_id)
    objectives = list(
        queries.objectives(workspace=workspace)
        .filter(cycle__graded_at=None, cycle__end__gte=_today())
        .exclude(status=ObjectiveStatus.GRADED)
        .order_by("-cycle__start", "position", "id")
    )
    form = PromoteKpiForm(request.POST or None, objectives=objectives)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        target_objective = access.access_objective_by_id(
            workspace=workspace, membership=membership, objective_id=data["objective"]
        )
        try:
            key_result = actions.kpi_promote(
                kpi=found, objective=target_objective, target=data["target"],
                deadline=data["deadline"], title=data["title"],
            )  # fmt: skip
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                f"“{found.name}” is a key result of “{target_objective.title}” now; its history "
                "came along.",
            )
            return redirect(_key_result_url(key_result))
    return render(
        request,
        "okrs/kpi_promote.html",
        {"kpi": found, "form": form, "objectives": objectives},
    )
