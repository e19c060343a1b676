"""`keyloop okr_lint --workspace SLUG --cycle NAME` prints the quality check of a cycle."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from keyloop.okrs import actions

from .okr_support import activation, onboarding


def _run(*args) -> str:
    out = StringIO()
    call_command("okr_lint", *args, stdout=out)
    return out.getvalue()


def test_it_reports_each_objective_and_key_result_with_findings(world):
    objective = onboarding(world)
    activation(objective)
    actions.key_result_create(
        objective=objective, title="Launch mobile app", kind="milestone", metric=""
    )
    report = _run("--workspace", "acme", "--cycle", "2027 q1")
    assert "Quality check of “2027 Q1” (1 Jan 2027 – 31 Mar 2027)" in report
    assert "Objective: Deliver an exceptional onboarding experience" in report
    assert "Key result: Increase 7-day activation rate from 35% to 50%  ✓" in report
    assert "reads: 7-day activation rate from 35% to 50% by 31 Mar 2027" in report
    launch = report.split("Key result: Launch mobile app")[1]
    assert "! output-not-outcome:" in launch
    assert "Suggestion:" in launch


def test_a_clean_cycle_says_so(world):
    objective = onboarding(world)
    activation(objective)
    activation(
        objective, title="Reduce time to first value from 4 days to 1 day",
        metric="Time to first value", unit="duration", unit_label="days", direction="decrease",
        baseline=4, target=1,
    )  # fmt: skip
    report = _run("--workspace", "acme", "--cycle", "2027 Q1")
    assert "0 finding(s)" in report
    assert "No findings" in report


def test_an_unknown_cycle_names_the_ones_there_are(world):
    onboarding(world)
    with pytest.raises(CommandError) as refused:
        _run("--workspace", "acme", "--cycle", "2031 Q4")
    assert "Cycles: 2027 Q1." in str(refused.value)
