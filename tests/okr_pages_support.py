"""The OKR story the page tests tell: Acme's company → Growth tribe → Onboarding squad, a
running quarter, the seeds' onboarding objective with a linear, a binary and a threshold key
result, and a company objective it aligns to.

Dates are relative to today so the cycle is always running (45 days in, 45 to go).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from keyloop.okrs import actions
from keyloop.okrs.models import Cycle, KeyResult, Objective, Team


@dataclass
class Story:
    cycle: Cycle
    company: Team
    tribe: Team
    squad: Team
    loved: Objective  # the company's objective, owned by Alice
    onboarding: Objective  # the squad's objective, owned by Bob, aligned to `loved`
    nps: KeyResult  # company, linear, Alice
    activation: KeyResult  # squad, linear, Bob: 35% → 50%
    launched: KeyResult  # squad, binary milestone, Bob
    onboarding_nps: KeyResult  # squad, threshold 35 → 0.3, 40 → 0.7, 45 → 1.0, Bob


def today() -> date:
    return timezone.localdate()


def running_cycle(world, name="This quarter", *, days_in=45, days_left=45) -> Cycle:
    return actions.cycle_create(
        workspace=world.acme, name=name, kind="custom",
        start=today() - timedelta(days=days_in), end=today() + timedelta(days=days_left),
    )  # fmt: skip


def tell(world, cycle: Cycle | None = None) -> Story:
    cycle = cycle or running_cycle(world)
    company = actions.team_create(workspace=world.acme, name="Acme", members=[world.alice])
    tribe = actions.team_create(workspace=world.acme, name="Growth tribe", parent=company)
    squad = actions.team_create(
        workspace=world.acme, name="Onboarding squad", parent=tribe, members=[world.bob]
    )
    loved = actions.objective_create(
        cycle=cycle, team=company, title="Build a product customers love", owner=world.alice
    )
    onboarding = actions.objective_create(
        cycle=cycle, team=squad, title="Deliver an exceptional onboarding experience",
        owner=world.bob, parent=loved,
    )  # fmt: skip
    nps = actions.key_result_create(
        objective=loved, title="Increase Net Promoter Score from 32 to 50",
        metric="Net Promoter Score", baseline=32, target=50, owner=world.alice,
    )  # fmt: skip
    activation = actions.key_result_create(
        objective=onboarding, title="Increase 7-day activation rate from 35% to 50%",
        metric="7-day activation rate", unit="percent", baseline=35, target=50, owner=world.bob,
    )  # fmt: skip
    launched = actions.key_result_create(
        objective=onboarding, title="Guided setup used by new workspaces", metric="Guided setup",
        kind="milestone", scoring="binary", owner=world.bob,
    )  # fmt: skip
    onboarding_nps = actions.key_result_create(
        objective=onboarding, title="Achieve onboarding NPS of 45 (currently 28)",
        metric="Onboarding NPS", baseline=28, target=45, scoring="threshold",
        levels=[[35, 0.3], [40, 0.7], [45, 1.0]], owner=world.bob,
    )  # fmt: skip
    return Story(
        cycle, company, tribe, squad, loved, onboarding, nps, activation, launched, onboarding_nps
    )


def count_queries(client, url, **params) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200, url
    return len(queries), response


def text_of(response) -> str:
    """The page's visible words, whitespace collapsed (what a reader sees)."""
    from .test_markdown_xss import visible_text

    return " ".join(visible_text(response.content.decode()).split())
