"""The OKR REST API: cycles, teams, objectives, key results, check-ins, KPIs and the quality check.

Thin: parse, fetch through access_* (any id outside the key's workspace answers 404, naming
the body field that held it), call an action or a query, answer. Every write is
all-or-nothing; creates honour `Idempotency-Key`. The reference with curl examples is in
docs/okrs.md.
"""

from ninja import Query, Router
from ninja.decorators import decorate_view
from ninja.responses import Status as Reply

from keyloop.feedback.api import CURSOR, ERRORS, LIMIT, referenced
from keyloop.lib.idempotency import OPENAPI_HEADER, all_or_nothing, idempotent
from keyloop.lib.pagination import paginate

from . import actions, queries
from .access import (
    access_cycle_by_id,
    access_key_result_by_id,
    access_kpi_by_id,
    access_member_user_by_id,
    access_objective_by_id,
    access_team_by_id,
)
from .models import CheckInSource, Cycle, Team
from .schemas import (
    CheckInCreated,
    CheckInIn,
    CheckInPage,
    CycleIn,
    CycleOut,
    CyclePage,
    KeyResultIn,
    KeyResultOut,
    KeyResultPage,
    KeyResultPatch,
    KpiIn,
    KpiOut,
    KpiPage,
    KpiValueIn,
    KpiValueOut,
    KpiValuePage,
    LintIn,
    LintOut,
    ObjectiveIn,
    ObjectiveOut,
    ObjectivePage,
    StatusName,
    TeamIn,
    TeamOut,
    TeamPage,
)

router = Router(tags=["okrs"])
ID = Query(None, ge=1)


def _fetch(request, field: str | None, access, **ids):
    def fetch():
        return access(workspace=request.workspace, membership=request.api_key, **ids)

    return referenced(field, fetch) if field else fetch()


def _cycle(request, cycle_id, field=None) -> Cycle:
    return _fetch(request, field, access_cycle_by_id, cycle_id=cycle_id)


def _team(request, team_id, field=None) -> Team | None:
    if team_id is None:
        return None
    return _fetch(request, field, access_team_by_id, team_id=team_id)


def _member(request, user_id, field):
    if user_id is None:
        return None
    return _fetch(request, field, access_member_user_by_id, user_id=user_id)


def _objective(request, objective_id, field=None):
    if objective_id is None:
        return None
    return _fetch(request, field, access_objective_by_id, objective_id=objective_id)


def _key_result(request, key_result_id):
    key_result = _fetch(request, None, access_key_result_by_id, key_result_id=key_result_id)
    queries.key_result_standings(key_results=[key_result], workspace=request.workspace)
    return key_result


def _mark_current(request, cycles: list[Cycle]) -> None:
    current = queries.cycle_current(workspace=request.workspace)
    for cycle in cycles:
        cycle.is_current = current is not None and cycle.pk == current.pk


# --- cycles ----------------------------------------------------------------------------------


@router.get("/cycles", response={200: CyclePage, **ERRORS}, operation_id="list_cycles")
def list_cycles(request, cursor: str | None = CURSOR, limit: int = LIMIT):
    """The workspace's cycles, latest first."""
    page = paginate(
        queries.cycles(workspace=request.workspace), ordering=("-start", "id"), cursor=cursor,
        limit=limit,
    )  # fmt: skip
    _mark_current(request, page.items)
    return page


@router.post(
    "/cycles", response={201: CycleOut, **ERRORS}, operation_id="create_cycle",
    openapi_extra=OPENAPI_HEADER,
)  # fmt: skip
@decorate_view(idempotent)
def create_cycle(request, payload: CycleIn):
    """A new cycle. Two quarterly (or two annual) cycles may not overlap unless the workspace
    allows it; custom cycles may overlap anything."""
    cycle = actions.cycle_create(workspace=request.workspace, **payload.model_dump())
    _mark_current(request, [cycle])
    return Reply(201, cycle)


@router.get("/cycles/{id}", response={200: CycleOut, **ERRORS}, operation_id="get_cycle")
def get_cycle(request, id: int):
    """One cycle."""
    cycle = _cycle(request, id)
    _mark_current(request, [cycle])
    return cycle


# --- teams -----------------------------------------------------------------------------------


@router.get("/teams", response={200: TeamPage, **ERRORS}, operation_id="list_teams")
def list_teams(
    request, parent_id: int | None = ID, cursor: str | None = CURSOR, limit: int = LIMIT
):
    """Teams by name; `parent_id` lists the teams directly under one."""
    teams = queries.teams(workspace=request.workspace).prefetch_related("memberships")
    if parent_id is not None:
        teams = teams.filter(parent=_team(request, parent_id, "parent_id"))
    return paginate(teams, ordering=("name", "id"), cursor=cursor, limit=limit)


@router.post(
    "/teams", response={201: TeamOut, **ERRORS}, operation_id="create_team",
    openapi_extra=OPENAPI_HEADER,
)  # fmt: skip
@decorate_view(idempotent)
def create_team(request, payload: TeamIn):
    """A team, under `parent_id` in the hierarchy (company → tribe → squad, any depth)."""
    members = [_member(request, pk, "member_ids") for pk in dict.fromkeys(payload.member_ids)]
    team = actions.team_create(
        workspace=request.workspace, name=payload.name,
        parent=_team(request, payload.parent_id, "parent_id"), members=members,
    )  # fmt: skip
    return Reply(201, team)


# --- objectives ------------------------------------------------------------------------------


def _scored(objectives: list) -> list:
    scores = queries.objective_scores(objectives=objectives)
    for objective in objectives:
        objective.score = scores[objective.pk]
    return objectives


@router.get("/objectives", response={200: ObjectivePage, **ERRORS}, operation_id="list_objectives")
def list_objectives(
    request, cycle_id: int | None = ID, team_id: int | None = ID, owner_id: int | None = ID,
    parent_id: int | None = ID, status: StatusName | None = None, cursor: str | None = CURSOR,
    limit: int = LIMIT,
):  # fmt: skip
    """Objectives, oldest first, each with its score (weighted mean of its key results)."""
    found = queries.objectives(
        workspace=request.workspace, cycle_id=cycle_id, team_id=team_id, owner_id=owner_id,
        status=status, parent_id=parent_id,
    )  # fmt: skip
    page = paginate(found, ordering=("id",), cursor=cursor, limit=limit)
    _scored(page.items)
    return page


@router.post(
    "/objectives", response={201: ObjectiveOut, **ERRORS}, operation_id="create_objective",
    openapi_extra=OPENAPI_HEADER,
)  # fmt: skip
@decorate_view(idempotent)
def create_objective(request, payload: ObjectiveIn):
    """An objective of a team in a cycle; `parent_id` aligns it to an objective of the same
    cycle."""
    objective = actions.objective_create(
        cycle=_cycle(request, payload.cycle_id, "cycle_id"),
        team=_team(request, payload.team_id, "team_id"),
        title=payload.title, description=payload.description,
        owner=_member(request, payload.owner_id, "owner_id"),
        parent=_objective(request, payload.parent_id, "parent_id"), status=payload.status,
    )  # fmt: skip
    return Reply(201, _scored([objective])[0])


@router.get(
    "/objectives/{id}", response={200: ObjectiveOut, **ERRORS}, operation_id="get_objective"
)
def get_objective(request, id: int):
    """One objective with its score (weighted mean of its key results)."""
    return _scored([_objective(request, id)])[0]


# --- key results -----------------------------------------------------------------------------


@router.get(
    "/key-results", response={200: KeyResultPage, **ERRORS}, operation_id="list_key_results"
)
def list_key_results(
    request, cycle_id: int | None = ID, objective_id: int | None = ID, team_id: int | None = ID,
    owner_id: int | None = ID, cursor: str | None = CURSOR, limit: int = LIMIT,
):  # fmt: skip
    """Key results, oldest first, with their computed score, band, pace and statement."""
    found = queries.key_results(
        workspace=request.workspace, cycle_id=cycle_id, objective_id=objective_id,
        owner_id=owner_id, team_id=team_id,
    )  # fmt: skip
    page = paginate(found, ordering=("id",), cursor=cursor, limit=limit)
    queries.key_result_standings(key_results=page.items, workspace=request.workspace)
    return page


@router.post(
    "/key-results", response={201: KeyResultOut, **ERRORS}, operation_id="create_key_result",
    openapi_extra=OPENAPI_HEADER,
)  # fmt: skip
@decorate_view(idempotent)
def create_key_result(request, payload: KeyResultIn):
    """A key result of an objective: linear, binary or threshold scoring, in any direction."""
    fields = payload.model_dump(exclude={"objective_id", "owner_id"})
    key_result = actions.key_result_create(
        objective=_objective(request, payload.objective_id, "objective_id"),
        owner=_member(request, payload.owner_id, "owner_id"), **fields,
    )  # fmt: skip
    return Reply(201, _key_result(request, key_result.pk))


@router.get(
    "/key-results/{id}", response={200: KeyResultOut, **ERRORS}, operation_id="get_key_result"
)
def get_key_result(request, id: int):
    """One key result with its computed score, band, pace and statement."""
    return _key_result(request, id)


@router.patch(
    "/key-results/{id}", response={200: KeyResultOut, **ERRORS},
    operation_id="update_key_result",
)  # fmt: skip
@decorate_view(all_or_nothing)
def update_key_result(request, id: int, payload: KeyResultPatch):
    """Change only the fields sent. Once the cycle has started, baseline, target, direction,
    scoring, levels and deadline need a `reason`; the change is kept in the history."""
    key_result = _key_result(request, id)
    changes = {
        name: getattr(payload, name) for name in payload.model_fields_set - {"reason", "owner_id"}
    }
    if "owner_id" in payload.model_fields_set:
        changes["owner"] = _member(request, payload.owner_id, "owner_id")
    if "levels" in changes:
        changes["levels"] = [list(level) for level in changes["levels"] or []]
    actions.key_result_update(key_result=key_result, actor=None, reason=payload.reason, **changes)
    return _key_result(request, id)


# --- check-ins -------------------------------------------------------------------------------


@router.get(
    "/key-results/{id}/check-ins", response={200: CheckInPage, **ERRORS},
    operation_id="list_check_ins",
)  # fmt: skip
def list_check_ins(request, id: int, cursor: str | None = CURSOR, limit: int = LIMIT):
    """The key result's check-ins, newest first."""
    key_result = _fetch(request, None, access_key_result_by_id, key_result_id=id)
    return paginate(
        queries.check_ins(key_result=key_result), ordering=("-checked_in_at", "-id"),
        cursor=cursor, limit=limit,
    )  # fmt: skip


@router.post(
    "/key-results/{id}/check-ins", response={201: CheckInCreated, **ERRORS},
    operation_id="create_check_in", openapi_extra=OPENAPI_HEADER,
)  # fmt: skip
@decorate_view(idempotent)
def create_check_in(request, id: int, payload: CheckInIn):
    """Record a value. The answer holds the key result as it stands after it (current value,
    score, band, pace). 409 once the cycle has ended or is graded."""
    key_result = _fetch(request, None, access_key_result_by_id, key_result_id=id)
    check_in = actions.checkin_create(
        key_result=key_result, value=payload.value, confidence=payload.confidence,
        note=payload.note, next_actions=payload.next_actions, author=None,
        source=CheckInSource.API, checked_in_at=payload.checked_in_at,
    )  # fmt: skip
    check_in.key_result = _key_result(request, id)
    return Reply(201, check_in)


# --- KPIs ------------------------------------------------------------------------------------


@router.get("/kpis", response={200: KpiPage, **ERRORS}, operation_id="list_kpis")
def list_kpis(request, cursor: str | None = CURSOR, limit: int = LIMIT):
    """KPIs by name with their latest value, healthy band and staleness."""
    return paginate(
        queries.kpis(workspace=request.workspace), ordering=("name", "id"), cursor=cursor,
        limit=limit,
    )  # fmt: skip


@router.post(
    "/kpis", response={201: KpiOut, **ERRORS}, operation_id="create_kpi",
    openapi_extra=OPENAPI_HEADER,
)  # fmt: skip
@decorate_view(idempotent)
def create_kpi(request, payload: KpiIn):
    """A KPI: an ongoing health metric with a healthy band and an update frequency."""
    fields = payload.model_dump(exclude={"owner_id", "team_id"})
    kpi = actions.kpi_create(
        workspace=request.workspace, owner=_member(request, payload.owner_id, "owner_id"),
        team=_team(request, payload.team_id, "team_id"), **fields,
    )  # fmt: skip
    return Reply(201, kpi)


@router.get(
    "/kpis/{id}/values", response={200: KpiValuePage, **ERRORS}, operation_id="list_kpi_values"
)
def list_kpi_values(request, id: int, cursor: str | None = CURSOR, limit: int = LIMIT):
    """The KPI's history, newest first."""
    kpi = _fetch(request, None, access_kpi_by_id, kpi_id=id)
    return paginate(kpi.values.all(), ordering=("-at", "-id"), cursor=cursor, limit=limit)


@router.post(
    "/kpis/{id}/values", response={201: KpiValueOut, **ERRORS}, operation_id="add_kpi_value",
    openapi_extra=OPENAPI_HEADER,
)  # fmt: skip
@decorate_view(idempotent)
def add_kpi_value(request, id: int, payload: KpiValueIn):
    """Record a reading. Key results promoted from this KPI get it as a check-in too."""
    kpi = _fetch(request, None, access_kpi_by_id, kpi_id=id)
    value = actions.kpi_value_add(kpi=kpi, value=payload.value, at=payload.at)
    return Reply(201, value)


# --- quality check ---------------------------------------------------------------------------


@router.post(
    "/okr-lint", response={200: LintOut, **ERRORS}, operation_id="okr_lint",
    openapi_extra=OPENAPI_HEADER,
)  # fmt: skip
@decorate_view(idempotent)
def okr_lint(request, payload: LintIn):
    """Check a key result before writing it: a free-text `statement`, or its fields. Each
    finding has a rule id, why (quoting the principle) and a suggested rewrite; none for a good
    key result. Changes nothing."""
    from . import lint

    cycle = _cycle(request, payload.cycle_id, "cycle_id") if payload.cycle_id else None
    dates = {"cycle_start": cycle.start, "cycle_end": cycle.end} if cycle else {}
    if payload.statement is not None:
        findings = lint.lint_statement(payload.statement, **dates)
    else:
        findings = lint.lint_key_result(
            title=payload.title, metric=payload.metric, unit=payload.unit,
            unit_label=payload.unit_label, direction=payload.direction,
            baseline=payload.baseline, target=payload.target, deadline=payload.deadline, **dates,
        )  # fmt: skip
    return {"findings": findings}
