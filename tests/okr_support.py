"""Shared set-up for the OKR tests: a quarter, a team, an objective, key results, a clock."""

from datetime import UTC, date, datetime

import time_machine

from keyloop.okrs import actions

Q1_START, Q1_END = date(2027, 1, 1), date(2027, 3, 31)
MID_FEBRUARY = datetime(2027, 2, 15, 12, 0, tzinfo=UTC)  # 45 of Q1's 89 days have passed


def on(moment) -> time_machine.travel:
    """Travel to a date (noon UTC) or a datetime, with the clock standing still."""
    if not isinstance(moment, datetime):
        moment = datetime(moment.year, moment.month, moment.day, 12, 0, tzinfo=UTC)
    return time_machine.travel(moment, tick=False)


def quarter(workspace, name="2027 Q1", start=Q1_START, end=Q1_END):
    return actions.cycle_create(workspace=workspace, name=name, start=start, end=end)


def onboarding(world, cycle=None, **fields):
    """The seeds' objective: "Deliver an exceptional onboarding experience"."""
    cycle = cycle or quarter(world.acme)
    return actions.objective_create(
        cycle=cycle, title="Deliver an exceptional onboarding experience", owner=world.alice,
        **fields,
    )  # fmt: skip


def activation(objective, **fields):
    """The seeds' good key result: 7-day activation rate from 35% to 50% (linear)."""
    values = {
        "title": "Increase 7-day activation rate from 35% to 50%",
        "metric": "7-day activation rate", "unit": "percent", "baseline": 35, "target": 50,
    }  # fmt: skip
    return actions.key_result_create(objective=objective, **(values | fields))
