"""At the cycle's end each objective is graded: final scores frozen next to a reflection per
key result, and check-ins closed."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from keyloop.okrs import actions, queries
from keyloop.okrs.models import CheckIn, ObjectiveStatus

from .okr_support import MID_FEBRUARY, activation, on, onboarding

LAST_DAY = date(2027, 3, 31)


@pytest.fixture
def objective(world):
    objective = onboarding(world)
    first = activation(objective)
    second = actions.key_result_create(
        objective=objective, title="Reduce time to first value from 4 days to 1 day",
        metric="Time to first value", unit="duration", direction="decrease", baseline=4, target=1,
        scoring="binary",
    )  # fmt: skip
    with on(MID_FEBRUARY):
        actions.checkin_create(key_result=first, value=45.5)  # 0.7
        actions.checkin_create(key_result=second, value=1)  # met
    return objective


def _reflections(objective):
    return {kr.pk: f"Why {kr.title}: we learnt things." for kr in objective.key_results.all()}


def test_grading_before_the_last_day_is_refused(world, objective):
    with on(date(2027, 3, 30)), pytest.raises(ValidationError) as refused:
        actions.objective_grade(objective=objective, reflections=_reflections(objective))
    assert refused.value.code == "locked"
    assert "runs until 31 Mar 2027" in refused.value.messages[0]
    objective.refresh_from_db()
    assert objective.status == ObjectiveStatus.ACTIVE


def test_every_key_result_needs_a_reflection(world, objective):
    first = objective.key_results.order_by("id").first()
    with on(LAST_DAY), pytest.raises(ValidationError) as refused:
        actions.objective_grade(objective=objective, reflections={first.pk: "Checklist helped."})
    assert "Reduce time to first value" in refused.value.message_dict["reflections"][0]
    assert not objective.key_results.filter(graded_at__isnull=False).exists()
    first.refresh_from_db()
    assert first.reflection == ""


def test_grading_freezes_final_scores_next_to_reflections(world, objective):
    with on(LAST_DAY):
        actions.objective_grade(objective=objective, reflections=_reflections(objective))
    graded = list(objective.key_results.order_by("id"))
    assert [kr.final_score for kr in graded] == [pytest.approx(0.7), 1.0]
    assert all(kr.reflection.startswith("Why ") and kr.graded_at for kr in graded)
    objective.refresh_from_db()
    assert objective.status == ObjectiveStatus.GRADED
    tree = queries.cycle_tree(cycle=objective.cycle, on=LAST_DAY)
    assert tree.objectives[objective.pk].score == pytest.approx(0.85)
    assert tree.objectives[objective.pk].band == "green"


def test_check_ins_close_once_graded(world, objective):
    key_result = objective.key_results.order_by("id").first()
    with on(LAST_DAY):
        actions.objective_grade(objective=objective, reflections=_reflections(objective))
        with pytest.raises(ValidationError) as refused:
            actions.checkin_create(key_result=key_result, value=50)
    assert "graded" in refused.value.messages[0]
    assert CheckIn.objects.filter(key_result=key_result).count() == 1


def test_grading_the_cycle_grades_the_rest_and_closes_it(world, objective):
    other = actions.objective_create(cycle=objective.cycle, title="Keep customers")
    retention = activation(other, title="Monthly retention", metric="Monthly retention")
    actions.key_result_reflect(key_result=retention, reflection="No check-ins: we forgot.")
    with on(LAST_DAY):
        actions.objective_grade(objective=objective, reflections=_reflections(objective))
        actions.cycle_grade(cycle=objective.cycle)
    retention.refresh_from_db()
    assert retention.final_score == 0.0
    objective.cycle.refresh_from_db()
    assert objective.cycle.is_graded
    with on(LAST_DAY), pytest.raises(ValidationError):
        actions.objective_create(cycle=objective.cycle, title="Too late")


def test_grading_the_cycle_with_a_reflection_missing_grades_nothing(world, objective):
    other = actions.objective_create(cycle=objective.cycle, title="Keep customers")
    activation(other, title="Monthly retention", metric="Monthly retention")
    with on(LAST_DAY), pytest.raises(ValidationError) as refused:
        actions.cycle_grade(cycle=objective.cycle, reflections=_reflections(objective))
    assert "Monthly retention" in refused.value.message_dict["reflections"][0]
    objective.refresh_from_db()
    assert objective.status == ObjectiveStatus.ACTIVE
    assert not objective.cycle.is_graded
