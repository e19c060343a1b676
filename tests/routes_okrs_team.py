"""Team pages of the okrs app for the tenant matrix (see routes_okrs.py): other workspaces get
404 and change nothing. The acme objects come from routes_okrs.objects()."""

from .routes import Route


def _cycle(o):
    return {"cycle_id": o["okr_cycle"].id}


def _team(o):
    return {"team_id": o["okr_team"].id}


def _objective(o):
    return {"objective_id": o["okr_objective"].id}


def _key_result(o):
    return {"key_result_id": o["okr_key_result"].id}


def _kpi(o):
    return {"kpi_id": o["okr_kpi"].id}


TEAM_ROUTES: dict = {
    "okrs": Route(),
    "okr_mine": Route(),
    # Cycles
    "okr_cycles": Route(),
    "okr_cycle_new": Route(
        post={"name": "Spy cycle", "kind": "custom", "start": "2031-01-01", "end": "2031-02-01"}
    ),  # fmt: skip
    "okr_cycle_edit": Route(
        _cycle, {"name": "Hijacked", "kind": "custom", "start": "2031-01-01", "end": "2031-02-01"}
    ),  # fmt: skip
    "okr_cycle_grade": Route(_cycle, {"grade": "1"}),
    "okr_cycle_lint": Route(_cycle),
    # Teams
    "okr_teams": Route(post={"name": "Spy team"}),
    "okr_team_edit": Route(_team, {"name": "Hijacked"}),
    # Objectives
    "okr_objective_new": Route(post={"title": "Spy objective", "status": "active"}),
    "okr_objective": Route(_objective),
    "okr_objective_edit": Route(_objective, {"title": "Hijacked", "status": "active"}),
    "okr_objective_copy": Route(_objective, {"cycle": ""}),
    "okr_objective_delete": Route(_objective, {}, False),
    "okr_key_result_new": Route(
        _objective,
        {
            "title": "Spy",
            "unit": "number",
            "direction": "increase",
            "kind": "metric",
            "scoring": "linear",
            "data_source": "manual",
            "baseline": "1",
            "target": "2",
        },
    ),  # fmt: skip
    "okr_key_result_lint": Route(_objective, {"title": "Secret acquisition plan"}, False),
    # Key results
    "okr_key_result": Route(_key_result),
    "okr_key_result_edit": Route(_key_result, {"title": "Hijacked"}),
    "okr_key_result_delete": Route(_key_result, {}, False),
    "okr_key_result_check_in": Route(_key_result, {"value": "99"}, False),
    # KPIs
    "okr_kpis": Route(),
    "okr_kpi_new": Route(
        post={
            "name": "Spy KPI",
            "unit": "number",
            "direction": "increase",
            "update_every_days": "7",
        }
    ),  # fmt: skip
    "okr_kpi": Route(_kpi),
    "okr_kpi_edit": Route(
        _kpi,
        {"name": "Hijacked", "unit": "number", "direction": "increase", "update_every_days": "7"},
    ),  # fmt: skip
    "okr_kpi_value": Route(_kpi, {"value": "1"}, False),
    "okr_kpi_promote": Route(_kpi, {"objective": "", "target": "200"}),
}
