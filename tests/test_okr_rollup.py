"""The cycle tree rolls scores up: key results → objective (weighted), aligned objectives →
their parent, objectives → team, teams → the teams above them."""

from datetime import date

import pytest

from keyloop.okrs import actions, queries

from .okr_support import MID_FEBRUARY, on, quarter


def _objective(cycle, team, title, scores_and_weights, parent=None):
    objective = actions.objective_create(cycle=cycle, team=team, title=title, parent=parent)
    for index, (score, weight) in enumerate(scores_and_weights):
        key_result = actions.key_result_create(
            objective=objective, title=f"{title} {index}", metric=f"{title} metric {index}",
            baseline=0, target=10, weight=weight,
        )  # fmt: skip
        with on(MID_FEBRUARY):
            actions.checkin_create(key_result=key_result, value=score * 10)
    return objective


@pytest.fixture
def tree(world):
    cycle = quarter(world.acme)
    company = actions.team_create(workspace=world.acme, name="Company")
    tribe = actions.team_create(workspace=world.acme, name="Tribe", parent=company)
    squad_1 = actions.team_create(workspace=world.acme, name="Squad 1", parent=tribe)
    squad_2 = actions.team_create(workspace=world.acme, name="Squad 2", parent=tribe)
    c = _objective(cycle, company, "Company goal", [(1.0, 1)])
    t = _objective(cycle, tribe, "Tribe goal", [(0.2, 1), (0.6, 3)], parent=c)
    _objective(cycle, squad_1, "Squad 1 goal", [(0.8, 1)], parent=t)
    _objective(cycle, squad_2, "Squad 2 goal", [(0.0, 1)])
    actions.objective_create(cycle=cycle, team=squad_2, title="Not measured yet")
    with on(MID_FEBRUARY):
        return queries.cycle_tree(cycle=cycle)


def _teams(tree):
    return {node.team.name: node for node in tree.walk()}


def _objectives(tree):
    return {node.objective.title: node for node in tree.objectives.values()}


def test_an_objective_is_the_weighted_mean_of_its_key_results(tree):
    assert _objectives(tree)["Tribe goal"].score == pytest.approx((0.2 * 1 + 0.6 * 3) / 4)


def test_an_objective_without_key_results_has_no_score_rather_than_zero(tree):
    node = _objectives(tree)["Not measured yet"]
    assert node.score is None and node.rolled_score is None and node.band is None
    assert [f.rule for f in node.findings] == ["too-few-key-results"]


def test_aligned_objectives_roll_up_into_their_parent(tree):
    objectives = _objectives(tree)
    assert objectives["Squad 1 goal"].rolled_score == pytest.approx(0.8)
    assert objectives["Tribe goal"].rolled_score == pytest.approx((0.5 + 0.8) / 2)
    assert objectives["Company goal"].rolled_score == pytest.approx((1.0 + 0.65) / 2)
    assert objectives["Company goal"].band == "green"
    assert [n.objective.title for n in objectives["Company goal"].aligned] == ["Tribe goal"]


def test_teams_score_their_objectives_and_their_subtree(tree):
    teams = _teams(tree)
    assert [(n.team.name, n.depth) for n in tree.walk()] == [
        ("Company", 0), ("Tribe", 1), ("Squad 1", 2), ("Squad 2", 2),
    ]  # fmt: skip
    assert teams["Squad 2"].score == pytest.approx(0.0)  # the unmeasured objective is left out
    assert teams["Tribe"].score == pytest.approx(0.65)
    assert teams["Tribe"].subtree_score == pytest.approx((0.5 + 0.8 + 0.0) / 3)
    assert teams["Company"].subtree_score == pytest.approx((1.0 + 0.5 + 0.8 + 0.0) / 4)
    assert teams["Tribe"].band == "amber" and teams["Squad 2"].band == "red"
    assert tree.score == pytest.approx(0.575)


def test_filters_hide_objectives_but_keep_the_path_and_the_scores(world, tree):
    tribe = _teams(tree)["Tribe"].team
    with on(MID_FEBRUARY):
        filtered = queries.cycle_tree(cycle=tree.cycle, team_id=tribe.pk)
    shown = {
        node.team.name: [o.objective.title for o in node.objectives] for node in filtered.walk()
    }
    assert shown == {
        "Company": [], "Tribe": ["Tribe goal"], "Squad 1": ["Squad 1 goal"],
        "Squad 2": ["Squad 2 goal", "Not measured yet"],
    }  # fmt: skip
    assert _teams(filtered)["Company"].subtree_score == pytest.approx(0.575)


def test_a_team_cannot_move_under_its_own_sub_team(world, tree):
    teams = _teams(tree)
    with pytest.raises(actions.ValidationError) as refused:
        actions.team_move(team=teams["Tribe"].team, parent=teams["Squad 1"].team)
    assert "cannot be its own parent" in refused.value.message_dict["parent"][0]
    teams["Tribe"].team.refresh_from_db()
    assert teams["Tribe"].team.parent == teams["Company"].team


def test_the_current_cycle_is_the_shortest_containing_today(world):
    year = actions.cycle_create(
        workspace=world.acme, name="2027", start=date(2027, 1, 1), end=date(2027, 12, 31)
    )
    q1 = quarter(world.acme)
    assert year.kind == "annual"
    with on(MID_FEBRUARY):
        assert queries.cycle_current(workspace=world.acme) == q1
    with on(MID_FEBRUARY.replace(month=5)):
        assert queries.cycle_current(workspace=world.acme) == year
    with on(MID_FEBRUARY.replace(year=2028)):
        assert queries.cycle_current(workspace=world.acme) is None
        assert queries.cycle_default(workspace=world.acme) == year
