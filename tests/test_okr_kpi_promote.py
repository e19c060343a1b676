"""KPIs: ongoing health metrics, stale when late, promoted to a key result that starts from the
KPI's latest value and keeps its history."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from keyloop.okrs import actions, queries
from keyloop.okrs.models import CheckInSource, KeyResult

from .okr_support import on, onboarding

JANUARY = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)


@pytest.fixture
def active_users(world):
    with on(JANUARY - timedelta(days=5)):
        kpi = actions.kpi_create(
            workspace=world.acme, name="Monthly active users", unit="number",
            healthy_min=90_000, update_every_days=7, owner=world.bob,
        )  # fmt: skip
    for week, value in enumerate([92_000, 95_000, 97_500, 100_000]):
        with on(JANUARY + timedelta(weeks=week)):
            actions.kpi_value_add(kpi=kpi, value=value, at=JANUARY + timedelta(weeks=week))
    kpi.refresh_from_db()
    return kpi


def test_the_latest_value_and_health_are_kept_on_the_kpi(world, active_users):
    assert active_users.current == Decimal(100_000)
    assert active_users.updated_at == JANUARY + timedelta(weeks=3)
    assert active_users.is_healthy() is True
    assert [v.value for v in queries.kpi_history(kpi=active_users)] == [
        92_000,
        95_000,
        97_500,
        100_000,
    ]


def test_a_kpi_is_stale_once_a_value_is_late(world, active_users):
    last = active_users.updated_at
    assert not active_users.is_stale(now=last + timedelta(days=7))
    assert active_users.is_stale(now=last + timedelta(days=8))
    with on(last + timedelta(days=10)):
        late = actions.kpi_value_add(kpi=active_users, value=101_000)
    assert late.was_late
    assert not active_users.values.exclude(pk=late.pk).filter(was_late=True).exists()


def test_promoting_starts_from_the_latest_value_and_keeps_the_history(world, active_users):
    objective = onboarding(world)
    with on(date(2027, 1, 26)):
        key_result = actions.kpi_promote(kpi=active_users, objective=objective, target=150_000)
        detail = queries.key_result_detail(key_result=key_result)
    assert key_result.baseline == Decimal(100_000)
    assert key_result.target == Decimal(150_000)
    assert key_result.kpi == active_users
    assert key_result.owner == world.bob
    assert key_result.deadline == date(2027, 3, 31)
    assert key_result.title == "Monthly active users from 100,000 to 150,000 by 31 Mar 2027"
    assert [(c.value, c.source) for c in detail.check_ins] == [
        (Decimal(v), CheckInSource.KPI) for v in (92_000, 95_000, 97_500, 100_000)
    ]
    assert (key_result.current, key_result.score) == (Decimal(100_000), 0.0)
    assert detail.values[0] == (JANUARY, 92_000.0)


def test_new_kpi_values_check_in_on_the_promoted_key_result(world, active_users):
    objective = onboarding(world)
    with on(date(2027, 1, 26)):
        key_result = actions.kpi_promote(kpi=active_users, objective=objective, target=150_000)
    with on(date(2027, 2, 15)):
        actions.kpi_value_add(kpi=active_users, value=125_000)
    key_result.refresh_from_db()
    assert key_result.current == Decimal(125_000)
    assert key_result.score == pytest.approx(0.5)


def test_a_kpi_without_values_cannot_be_promoted(world):
    kpi = actions.kpi_create(workspace=world.acme, name="NPS")
    with pytest.raises(ValidationError) as refused:
        actions.kpi_promote(kpi=kpi, objective=onboarding(world), target=50)
    assert "no value yet" in refused.value.message_dict["kpi"][0]
    assert not KeyResult.objects.exists()


def test_a_healthy_band_upside_down_is_refused(world):
    with pytest.raises(ValidationError) as refused:
        actions.kpi_create(workspace=world.acme, name="Churn", healthy_min=5, healthy_max=2)
    assert "below its bottom" in refused.value.message_dict["healthy_max"][0]


def test_kpis_through_the_api(world, api):
    created = api.post(
        "/kpis", {"name": "Support tickets", "direction": "decrease", "healthy_max": 300}
    )
    assert created.status_code == 201, created.content
    kpi = created.json()
    with on(JANUARY):
        value = api.post(f"/kpis/{kpi['id']}/values", {"value": 350})
    assert value.status_code == 201
    listed = api.get("/kpis").json()["items"]
    assert [(k["name"], k["current"], k["is_healthy"]) for k in listed] == [
        ("Support tickets", 350.0, False)
    ]
    assert api.get(f"/kpis/{kpi['id']}/values").json()["items"][0]["value"] == 350.0
