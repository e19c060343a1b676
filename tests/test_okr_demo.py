"""The demo workspace's OKRs: company → 2 tribes → 4 squads, a running and a graded cycle,
12 objectives, 40 key results of every kind with weeks of check-ins, 5 KPIs."""

from collections import Counter
from datetime import date

import pytest

from keyloop.accounts.models import Membership, Role, User, Workspace
from keyloop.okrs import queries
from keyloop.okrs.demo import demo_okrs_load
from keyloop.okrs.models import CheckIn, Cycle, KeyResult, Kpi, Objective, Team

from .okr_support import on

TODAY = date(2027, 5, 12)  # a Wednesday
TEAM = [
    ("admin@example.com", "Alex Admin"), ("pm@example.com", "Priya Patel"),
    ("support@example.com", "Sam Okafor"), ("engineer@example.com", "Lena Fischer"),
]  # fmt: skip


@pytest.fixture
def demo(db):
    workspace = Workspace.objects.create(name="Acme Analytics", slug="demo")
    for email, name in TEAM:
        user = User.objects.create_user(email, None, name=name)
        Membership.objects.create(workspace=workspace, user=user, role=Role.MEMBER)
    with on(TODAY):
        assert demo_okrs_load(workspace=workspace) is True
    return workspace


def _counts(workspace):
    return [
        model.objects.filter(**{path: workspace}).count()
        for model, path in (
            (Cycle, "workspace"), (Team, "workspace"), (Objective, "workspace"),
            (KeyResult, "workspace"), (CheckIn, "key_result__workspace"), (Kpi, "workspace"),
        )
    ]  # fmt: skip


def test_loading_twice_changes_nothing(demo):
    before = _counts(demo)
    with on(TODAY):
        assert demo_okrs_load(workspace=demo) is False
    assert _counts(demo) == before
    assert before[:4] == [2, 7, 12, 40]


def test_the_teams_form_company_tribes_and_squads(demo):
    depths = Counter(depth for _, depth in queries.teams_with_depth(workspace=demo))
    assert depths == {0: 1, 1: 2, 2: 4}
    assert all(team.members.exists() for team in Team.objects.filter(workspace=demo))


def test_a_running_cycle_and_a_graded_one(demo):
    with on(TODAY):
        current = queries.cycle_current(workspace=demo)
    assert current is not None and current.start <= TODAY <= current.end
    previous = Cycle.objects.exclude(pk=current.pk).get(workspace=demo)
    assert previous.is_graded and previous.end < current.start
    graded = KeyResult.objects.filter(objective__cycle=previous)
    assert graded.count() >= 10
    assert not graded.filter(final_score=None).exists()
    assert not graded.filter(reflection="").exists()
    assert set(previous.objectives.values_list("status", flat=True)) == {"graded"}


def test_key_results_cover_every_scoring_type_direction_and_unit(demo):
    key_results = KeyResult.objects.filter(workspace=demo)
    assert set(key_results.values_list("scoring", flat=True)) == {"linear", "binary", "threshold"}
    assert set(key_results.values_list("direction", flat=True)) == {
        "increase", "decrease", "stay_above", "stay_below"
    }  # fmt: skip
    assert set(key_results.values_list("unit", flat=True)) == {
        "percent", "number", "currency", "duration"
    }  # fmt: skip
    assert key_results.filter(kind="milestone").count() >= 2
    assert key_results.filter(scoring="threshold", direction="decrease").exists()
    demo_users = set(User.objects.filter(email__endswith="@example.com"))
    assert {kr.owner for kr in key_results.select_related("owner")} <= demo_users


def test_every_key_result_has_eight_to_twelve_weekly_check_ins(demo):
    per_key_result = Counter(
        CheckIn.objects.filter(key_result__workspace=demo).values_list("key_result", flat=True)
    )
    assert len(per_key_result) == 40
    assert 8 <= min(per_key_result.values()) and max(per_key_result.values()) <= 12
    assert not KeyResult.objects.filter(workspace=demo, current=None).exists()


def test_some_key_results_are_off_pace_and_some_are_due(demo):
    with on(TODAY):
        current = queries.cycle_current(workspace=demo)
        tree = queries.cycle_tree(cycle=current)
        reminders = queries.reminder_candidates()
    paces = Counter(s.pace for node in tree.objectives.values() for s in node.key_results)
    assert paces["at_risk"] + paces["behind"] >= 4
    assert paces["on_track"] >= 10
    assert {node.band for node in tree.objectives.values()} >= {"red", "amber"}
    assert len(reminders) == 3  # the three that went quiet two weeks ago


def test_five_kpis_with_history_one_of_them_stale(demo):
    kpis = list(Kpi.objects.filter(workspace=demo))
    assert len(kpis) == 5
    assert all(kpi.values.count() >= 5 and kpi.current is not None for kpi in kpis)
    with on(TODAY):
        assert [kpi.name for kpi in kpis if kpi.is_stale()] == ["Gross margin"]
