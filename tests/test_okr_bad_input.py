"""The issue's "Bad input" list, through the API: each gets a clear error naming what is
wrong, no wrong score, and nothing changed."""

from datetime import date

import pytest

from keyloop.okrs import actions
from keyloop.okrs.models import CheckIn, Cycle, KeyResult, Objective

from .okr_support import MID_FEBRUARY, activation, on, onboarding, quarter


def _errors(response) -> dict[str, str]:
    return {error["field"]: error["message"] for error in response.json().get("errors", [])}


def _state():
    return (
        sorted(Cycle.objects.values_list("id", "name", "start", "end")),
        sorted(Objective.objects.values_list("id", "title", "parent_id")),
        sorted(KeyResult.objects.values_list("id", "baseline", "target", "current", "score")),
        CheckIn.objects.count(),
    )


@pytest.fixture
def objective(world):
    return onboarding(world)


def _key_result(objective, **fields):
    return {
        "objective_id": objective.id, "title": "Activation", "metric": "7-day activation rate",
        "unit": "percent", "baseline": 35, "target": 50,
    } | fields  # fmt: skip


def test_a_linear_target_equal_to_its_baseline_is_refused(world, api, objective):
    before = _state()
    response = api.post("/key-results", _key_result(objective, baseline=40, target=40))
    assert response.status_code == 422
    assert "nothing to measure" in _errors(response)["target"]
    assert _state() == before


def test_a_decreasing_key_result_aiming_upwards_is_refused(world, api, objective):
    before = _state()
    body = _key_result(objective, direction="decrease", baseline=4, target=6)
    response = api.post("/key-results", body)
    assert response.status_code == 422
    assert "above the baseline" in _errors(response)["target"]
    assert _state() == before


def test_a_decreasing_key_result_scores_as_it_falls(world, api, objective):
    body = _key_result(
        objective, title="Reduce time to first value", unit="duration", direction="decrease",
        baseline=4, target=1,
    )  # fmt: skip
    key_result = api.post("/key-results", body).json()
    with on(MID_FEBRUARY):
        standing = api.post(f"/key-results/{key_result['id']}/check-ins", {"value": 2.5}).json()
    assert standing["key_result"]["score"] == pytest.approx(0.5)  # (2.5 − 4) / (1 − 4)


@pytest.mark.parametrize(
    "levels",
    [
        [[50, 1.0], [45, 0.7], [40, 0.3]],  # values going down on an increasing key result
        [[40, 0.7], [45, 0.3], [50, 1.0]],  # scores not increasing
        [[40, 0.3], [45, 1.7]],  # a score above 1
    ],
)
def test_thresholds_out_of_order_are_refused(world, api, objective, levels):
    before = _state()
    body = _key_result(objective, scoring="threshold", levels=levels, baseline=28, target=50)
    response = api.post("/key-results", body)
    assert response.status_code == 422
    assert _errors(response)["levels"]
    assert _state() == before


def test_a_check_in_after_the_cycle_closed_is_refused(world, api, objective):
    key_result = activation(objective)
    with on(MID_FEBRUARY):
        actions.checkin_create(key_result=key_result, value=42.5)
    before = _state()
    with on(date(2027, 4, 1)):
        response = api.post(f"/key-results/{key_result.id}/check-ins", {"value": 50})
    assert response.status_code == 409
    assert "closed when it ended on 31 Mar 2027" in response.json()["detail"]
    assert _state() == before
    key_result.refresh_from_db()
    assert (key_result.current, key_result.score) == (42.5, pytest.approx(0.5))


def test_a_deadline_before_the_cycle_starts_is_refused(world, api, objective):
    before = _state()
    response = api.post("/key-results", _key_result(objective, deadline="2026-12-15"))
    assert response.status_code == 422
    assert "before the cycle “2027 Q1” starts" in _errors(response)["deadline"]
    assert _state() == before


@pytest.mark.parametrize("field", ["baseline", "target"])
def test_non_numeric_figures_are_refused(world, api, objective, field):
    before = _state()
    response = api.post("/key-results", _key_result(objective, **{field: "a lot"}))
    assert response.status_code == 422
    assert field in _errors(response)
    assert _state() == before


@pytest.mark.parametrize("value", ["forty", "NaN", None, True])
def test_a_non_numeric_check_in_is_refused(world, api, objective, value):
    key_result = activation(objective)
    before = _state()
    with on(MID_FEBRUARY):
        response = api.post(f"/key-results/{key_result.id}/check-ins", {"value": value})
    assert response.status_code == 422
    assert "value" in _errors(response)
    assert _state() == before


def test_a_check_in_confidence_outside_0_to_10_is_refused(world, api, objective):
    key_result = activation(objective)
    before = _state()
    with on(MID_FEBRUARY):
        response = api.post(
            f"/key-results/{key_result.id}/check-ins", {"value": 40, "confidence": 11}
        )
    assert response.status_code == 422
    assert "confidence" in _errors(response)
    assert _state() == before


def test_a_parent_objective_of_another_workspace_is_not_found(world, api, objective):
    their_cycle = quarter(world.globex)
    theirs = actions.objective_create(cycle=their_cycle, title="Globex goal")
    before = _state()
    body = {"cycle_id": objective.cycle_id, "title": "Aligned", "parent_id": theirs.id}
    response = api.post("/objectives", body)
    assert response.status_code == 404
    assert _errors(response) == {"parent_id": "No such objective in this workspace."}
    assert _state() == before


def test_a_parent_objective_of_another_cycle_is_refused(world, api, objective):
    q2 = quarter(world.acme, name="2027 Q2", start=date(2027, 4, 1), end=date(2027, 6, 30))
    before = _state()
    response = api.post(
        "/objectives", {"cycle_id": q2.id, "title": "Aligned", "parent_id": objective.id}
    )
    assert response.status_code == 422
    assert "same cycle" in _errors(response)["parent"]
    assert _state() == before


def test_an_objective_cannot_align_in_a_loop(world, objective):
    child = actions.objective_create(cycle=objective.cycle, title="Child", parent=objective)
    with pytest.raises(actions.ValidationError) as refused:
        actions.objective_update(objective=objective, parent=child)
    assert "align to itself" in str(refused.value)
    objective.refresh_from_db()
    assert objective.parent_id is None


def test_overlapping_quarters_are_refused(world, api, objective):
    before = _state()
    body = {"name": "2027 Q1 bis", "start": "2027-03-01", "end": "2027-05-31"}
    response = api.post("/cycles", body | {"kind": "quarterly"})
    assert response.status_code == 422
    message = _errors(response)["start"]
    assert "overlaps “2027 Q1” (1 Jan 2027 – 31 Mar 2027)" in message
    assert "two quarterly cycles" in message
    assert _state() == before
    # A custom cycle may overlap; and so may a quarter once the workspace allows it.
    assert api.post("/cycles", body | {"kind": "custom"}).status_code == 201
    actions.okr_settings_update(
        workspace=world.acme, forbid_overlapping_cycles=False, pace_behind_below=0.9,
        pace_at_risk_below=0.6,
    )  # fmt: skip
    body = {"name": "Overlapping quarter", "start": "2027-02-01", "end": "2027-04-30"}
    assert api.post("/cycles", body | {"kind": "quarterly"}).status_code == 201


def test_a_cycle_ending_before_it_starts_is_refused(world, api):
    response = api.post(
        "/cycles", {"name": "Backwards", "start": "2027-03-01", "end": "2027-02-01"}
    )
    assert response.status_code == 422
    assert "must end after it starts" in _errors(response)["end"]
    assert not Cycle.objects.exists()


def test_a_second_cycle_with_the_same_name_is_refused(world, api, objective):
    response = api.post("/cycles", {"name": "2027 q1", "start": "2028-01-01", "end": "2028-03-31"})
    assert response.status_code == 422
    assert "already a cycle named" in _errors(response)["name"]
    assert Cycle.objects.count() == 1


def test_ids_of_another_workspace_are_not_found(world, api, objective):
    their_objective = actions.objective_create(cycle=quarter(world.globex), title="Theirs")
    their_key_result = activation(their_objective)
    before = _state()
    assert api.post("/key-results", _key_result(their_objective)).status_code == 404
    assert api.get(f"/key-results/{their_key_result.id}").status_code == 404
    with on(MID_FEBRUARY):
        response = api.post(f"/key-results/{their_key_result.id}/check-ins", {"value": 40})
    assert response.status_code == 404
    assert _state() == before
