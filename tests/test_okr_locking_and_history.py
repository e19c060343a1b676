"""Baseline and target lock when the cycle starts: a later change needs a reason and is kept
in the key result's history (the seeds' pitfall "changing key results mid-cycle")."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from keyloop.okrs import actions, queries
from keyloop.okrs.models import KeyResultChange

from .okr_support import MID_FEBRUARY, activation, on, onboarding


@pytest.fixture
def key_result(world):
    return activation(onboarding(world))


def test_before_the_cycle_starts_figures_change_freely(world, key_result):
    with on(date(2026, 12, 20)):
        actions.key_result_update(key_result=key_result, actor=world.alice, target=55)
    key_result.refresh_from_db()
    assert key_result.target == Decimal(55)
    assert not KeyResultChange.objects.exists()


def test_after_the_start_a_locked_change_without_reason_is_refused(world, key_result):
    with on(MID_FEBRUARY), pytest.raises(ValidationError) as refused:
        actions.key_result_update(key_result=key_result, actor=world.alice, target=45)
    message = refused.value.message_dict["reason"][0]
    assert message.startswith("“2027 Q1” has started, so the target is locked")
    key_result.refresh_from_db()
    assert key_result.target == Decimal(50)
    assert not KeyResultChange.objects.exists()


def test_a_change_with_a_reason_is_kept_in_the_history(world, key_result):
    with on(MID_FEBRUARY):
        actions.checkin_create(key_result=key_result, value=42.5)
        actions.key_result_update(
            key_result=key_result, actor=world.alice, baseline=30, target=45,
            reason="The January data was mis-counted.",
        )  # fmt: skip
        detail = queries.key_result_detail(key_result=key_result)
    changes = [(c.field, c.old, c.new, c.reason, c.actor) for c in detail.changes]
    assert changes == [
        ("baseline", "35", "30", "The January data was mis-counted.", world.alice),
        ("target", "50", "45", "The January data was mis-counted.", world.alice),
    ]
    # The score follows the new figures at once: (42.5 − 30) / (45 − 30).
    assert detail.standing.score == pytest.approx(12.5 / 15)


def test_unlocked_fields_change_mid_cycle_without_a_reason(world, key_result):
    with on(MID_FEBRUARY):
        actions.key_result_update(
            key_result=key_result, actor=world.alice, title="Activation in 7 days", weight=2
        )
    key_result.refresh_from_db()
    assert (key_result.title, key_result.weight) == ("Activation in 7 days", Decimal(2))
    assert not KeyResultChange.objects.exists()


def test_the_api_asks_for_the_reason_too(world, api, key_result):
    with on(MID_FEBRUARY):
        refused = api.patch(f"/key-results/{key_result.id}", {"target": 45})
        assert refused.status_code == 422
        assert refused.json()["errors"][0]["field"] == "reason"
        accepted = api.patch(
            f"/key-results/{key_result.id}", {"target": 45, "reason": "Board asked for realism"}
        )
    assert accepted.status_code == 200
    assert accepted.json()["target"] == 45.0
    change = KeyResultChange.objects.get()
    assert (change.field, change.old, change.new, change.actor) == ("target", "50", "45", None)


def test_a_graded_key_result_no_longer_changes(world, key_result):
    with on(date(2027, 3, 31)):
        actions.objective_grade(
            objective=key_result.objective, reflections={key_result.pk: "We learnt a lot."}
        )
        with pytest.raises(ValidationError) as refused:
            actions.key_result_update(
                key_result=key_result, actor=world.alice, target=60, reason="Late change"
            )
    assert refused.value.code == "locked"
    key_result.refresh_from_db()
    assert key_result.target == Decimal(50)
