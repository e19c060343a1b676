"""Routes of the okrs app for the tenant matrix (test_tenant_isolation.py).

`objects(world)` adds this app's acme objects to the matrix's `acme_objects`. API entries have
the shape described in routes_feedback_api.py.
"""

from datetime import timedelta

from django.utils import timezone

from .routes import Route  # noqa: F401
from .routes_okrs_team import TEAM_ROUTES  # noqa: F401  (pages; the API and objects are here)

PORTAL_ROUTES: dict = {}


def _key_result_body(o):
    return {
        "objective_id": o["okr_objective"].id, "title": "Planted key result",
        "metric": "Weekly active teams", "baseline": 10, "target": 20,
    }  # fmt: skip


API_ROUTES: dict = {
    "api:list_cycles": {"method": "GET", "kwargs": lambda o: {}},
    "api:create_cycle": {
        "method": "POST", "kwargs": lambda o: {},
        "body": lambda o: {"name": "Planted cycle", "start": "2031-01-05", "end": "2031-02-20"},
        "status": 201,
    },
    "api:get_cycle": {"method": "GET", "kwargs": lambda o: {"id": o["okr_cycle"].id}},
    "api:list_teams": {"method": "GET", "kwargs": lambda o: {}},
    "api:create_team": {
        "method": "POST", "kwargs": lambda o: {},
        "body": lambda o: {"name": "Planted squad", "parent_id": o["okr_team"].id},
        "status": 201, "names_acme_objects": True,
    },
    "api:list_objectives": {"method": "GET", "kwargs": lambda o: {}},
    "api:create_objective": {
        "method": "POST", "kwargs": lambda o: {},
        "body": lambda o: {
            "cycle_id": o["okr_cycle"].id, "team_id": o["okr_team"].id,
            "title": "Planted objective", "parent_id": o["okr_objective"].id,
        },
        "status": 201, "names_acme_objects": True,
    },
    "api:get_objective": {"method": "GET", "kwargs": lambda o: {"id": o["okr_objective"].id}},
    "api:list_key_results": {"method": "GET", "kwargs": lambda o: {}},
    "api:create_key_result": {
        "method": "POST", "kwargs": lambda o: {}, "body": _key_result_body,
        "status": 201, "names_acme_objects": True,
    },
    "api:get_key_result": {"method": "GET", "kwargs": lambda o: {"id": o["okr_key_result"].id}},
    "api:update_key_result": {
        "method": "PATCH", "kwargs": lambda o: {"id": o["okr_key_result"].id},
        "body": lambda o: {"title": "Renamed key result"},
    },
    "api:list_check_ins": {
        "method": "GET", "kwargs": lambda o: {"id": o["okr_key_result"].id},
    },
    "api:create_check_in": {
        "method": "POST", "kwargs": lambda o: {"id": o["okr_key_result"].id},
        "body": lambda o: {"value": 41, "confidence": 7, "note": "Planted"}, "status": 201,
    },
    "api:list_kpis": {"method": "GET", "kwargs": lambda o: {}},
    "api:create_kpi": {
        "method": "POST", "kwargs": lambda o: {},
        "body": lambda o: {"name": "Planted KPI", "team_id": o["okr_team"].id},
        "status": 201, "names_acme_objects": True,
    },
    "api:list_kpi_values": {"method": "GET", "kwargs": lambda o: {"id": o["okr_kpi"].id}},
    "api:add_kpi_value": {
        "method": "POST", "kwargs": lambda o: {"id": o["okr_kpi"].id},
        "body": lambda o: {"value": 99}, "status": 201,
    },
    "api:okr_lint": {
        "method": "POST", "kwargs": lambda o: {},
        "body": lambda o: {"title": "Launch mobile app", "cycle_id": o["okr_cycle"].id},
        "names_acme_objects": True,
    },
}  # fmt: skip


def objects(world, acme: dict) -> dict:
    from keyloop.okrs import actions

    today = timezone.localdate()
    cycle = actions.cycle_create(
        workspace=world.acme, name="Secret acquisition cycle", kind="custom",
        start=today - timedelta(days=30), end=today + timedelta(days=60),
    )  # fmt: skip
    team = actions.team_create(workspace=world.acme, name="Acme company", members=[world.bob])
    squad = actions.team_create(workspace=world.acme, name="Acme squad", parent=team)
    objective = actions.objective_create(
        cycle=cycle, team=team, title="Secret acquisition plan", owner=world.alice
    )
    aligned = actions.objective_create(
        cycle=cycle, team=squad, title="Win the target's customers", parent=objective
    )
    key_result = actions.key_result_create(
        objective=objective, title="Close the acquisition", metric="Shares bought",
        unit="percent", baseline=0, target=51, owner=world.bob,
    )  # fmt: skip
    check_in = actions.checkin_create(key_result=key_result, value=20, confidence=6)
    kpi = actions.kpi_create(workspace=world.acme, name="Secret revenue", healthy_min=100)
    actions.kpi_value_add(kpi=kpi, value=120)
    return {
        "okr_cycle": cycle, "okr_team": team, "okr_squad": squad, "okr_objective": objective,
        "okr_aligned_objective": aligned, "okr_key_result": key_result,
        "okr_check_in": check_in, "okr_kpi": kpi,
    }  # fmt: skip
