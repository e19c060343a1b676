"""Copying an objective to the next cycle carries the chosen key results, fresh."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from keyloop.okrs import actions
from keyloop.okrs.models import ObjectiveStatus

from .okr_support import MID_FEBRUARY, activation, on, onboarding, quarter


@pytest.fixture
def objective(world):
    objective = onboarding(world, team=actions.team_create(workspace=world.acme, name="Squad"))
    activation(objective, owner=world.bob)
    actions.key_result_create(
        objective=objective, title="Achieve onboarding NPS of 45 (currently 28)",
        metric="Onboarding NPS", baseline=28, target=45, scoring="threshold",
        levels=[[35, 0.3], [40, 0.7], [45, 1.0]],
    )  # fmt: skip
    with on(MID_FEBRUARY):
        for key_result in objective.key_results.all():
            actions.checkin_create(key_result=key_result, value=40)
    return objective


def test_the_copy_carries_only_the_chosen_key_results_without_check_ins(world, objective):
    q2 = quarter(world.acme, name="2027 Q2", start=date(2027, 4, 1), end=date(2027, 6, 30))
    nps = objective.key_results.get(metric="Onboarding NPS")
    copy = actions.objective_copy_to_cycle(objective=objective, cycle=q2, key_result_ids=[nps.pk])
    assert (copy.cycle, copy.team, copy.owner, copy.title) == (
        q2, objective.team, objective.owner, objective.title
    )  # fmt: skip
    assert copy.status == ObjectiveStatus.DRAFT
    [carried] = copy.key_results.all()
    assert (carried.metric, carried.baseline, carried.target, carried.levels) == (
        "Onboarding NPS", nps.baseline, nps.target, [[35, 0.3], [40, 0.7], [45, 1.0]]
    )  # fmt: skip
    assert carried.deadline == date(2027, 6, 30)
    assert (carried.current, carried.score, carried.check_ins.count()) == (None, 0.0, 0)
    assert objective.key_results.count() == 2  # the original is untouched


def test_key_results_of_another_objective_cannot_be_carried(world, objective):
    q2 = quarter(world.acme, name="2027 Q2", start=date(2027, 4, 1), end=date(2027, 6, 30))
    stranger = activation(actions.objective_create(cycle=objective.cycle, title="Other"))
    with pytest.raises(ValidationError) as refused:
        actions.objective_copy_to_cycle(objective=objective, cycle=q2, key_result_ids=[stranger.pk])
    assert "key_result_ids" in refused.value.message_dict
    assert not q2.objectives.exists()
