"""OKR lists (tree, my key results, quality report, key result page, API lists) run the same
number of queries for a few rows as for many."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from keyloop.okrs import actions, queries
from keyloop.okrs.models import Cycle, KeyResult, Kpi

from .okr_support import MID_FEBRUARY, on, quarter


def _grow(world, cycle, n):
    """n more teams, each with an objective of 3 key results with 2 check-ins, and n KPIs."""
    start = cycle.objectives.count()
    parent = cycle.objectives.order_by("id").first()
    for i in range(start, start + n):
        team = actions.team_create(workspace=world.acme, name=f"Squad {i}", members=[world.bob])
        objective = actions.objective_create(
            cycle=cycle, team=team, title=f"Objective {i}", owner=world.alice, parent=parent
        )
        for k in range(3):
            key_result = actions.key_result_create(
                objective=objective, title=f"KR {i}.{k}", metric=f"Metric {i}.{k}", baseline=0,
                target=100, owner=world.bob, scoring=["linear", "binary", "threshold"][k],
                levels=[[50, 0.5], [100, 1.0]] if k == 2 else [],
            )  # fmt: skip
            with on(MID_FEBRUARY):
                actions.checkin_create(key_result=key_result, value=10 * k, confidence=5)
                actions.checkin_create(key_result=key_result, value=20 * k, confidence=6)
        kpi = actions.kpi_create(workspace=world.acme, name=f"KPI {i}", owner=world.bob)
        actions.kpi_value_add(kpi=kpi, value=i)


def _counts(world, read, sizes=(2, 12)):
    cycle = Cycle.objects.filter(workspace=world.acme).first() or quarter(world.acme)
    counts, rows = [], []
    for size in sizes:
        _grow(world, cycle, size)
        with CaptureQueriesContext(connection) as captured, on(MID_FEBRUARY):
            rows.append(read(cycle))
        counts.append(len(captured))
    assert rows[1] >= rows[0] + 10, rows
    return counts


def test_the_cycle_tree(world):
    counts = _counts(world, lambda c: len(queries.cycle_tree(cycle=c).objectives))
    assert counts[0] == counts[1] <= 5


def test_my_key_results(world):
    counts = _counts(
        world, lambda c: len(queries.my_key_results(workspace=world.acme, user=world.bob))
    )
    assert counts[0] == counts[1] <= 3


def test_the_quality_report(world):
    counts = _counts(world, lambda c: len(queries.cycle_lint(cycle=c).objectives))
    assert counts[0] == counts[1] <= 3


def test_the_objective_page(world):
    def read(cycle):
        return len(queries.objective_detail(objective=cycle.objectives.first()).aligned)

    counts = _counts(world, read)
    assert counts[0] == counts[1]


def test_the_reminder_candidates(world):
    def read(cycle):
        with on(MID_FEBRUARY.replace(month=3)):
            return len(queries.reminder_candidates())

    assert len(set(_counts(world, read))) == 1


API_LISTS = [
    "/cycles", "/teams", "/objectives", "/key-results", "check-ins", "/kpis", "kpi-values",
]  # fmt: skip


@pytest.mark.parametrize("path", API_LISTS)
def test_an_api_list(world, api, path):
    def read(cycle):
        target = path
        if path == "check-ins":
            key_result = KeyResult.objects.order_by("id").first()
            for value in range(12):
                with on(MID_FEBRUARY):
                    actions.checkin_create(key_result=key_result, value=value)
            target = f"/key-results/{key_result.id}/check-ins"
        if path == "kpi-values":
            kpi = Kpi.objects.order_by("id").first()
            for value in range(12):
                actions.kpi_value_add(kpi=kpi, value=value)
            target = f"/kpis/{kpi.id}/values"
        if path == "/cycles":
            start = Cycle.objects.count()
            for i in range(start, start + 12):
                actions.cycle_create(
                    workspace=world.acme, name=f"Sprint {i}", kind="custom",
                    start=MID_FEBRUARY.date().replace(year=2030 + i),
                    end=MID_FEBRUARY.date().replace(year=2030 + i, month=3),
                )  # fmt: skip
        counter = CaptureQueriesContext(connection)
        with counter:
            response = api.client.get(
                f"/api/v1{target}?limit=100", HTTP_AUTHORIZATION=f"Bearer {api.key}"
            )
        assert response.status_code == 200
        read.queries.append(len(counter))
        return len(response.json()["items"])

    read.queries = []
    with on(MID_FEBRUARY):
        api.get("/cycles")  # the key's last-used time is written once; not part of a list's cost
    _counts(world, read, sizes=(2, 14))
    assert read.queries[0] == read.queries[1]
