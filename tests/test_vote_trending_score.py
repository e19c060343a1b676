"""Each vote moves an idea's trending score in one SQL UPDATE; the score must be the decayed
sum of its votes (a vote counts half as much a week later), whatever order they came in."""

from datetime import UTC, datetime, timedelta

import time_machine

from keyloop.feedback import actions
from keyloop.feedback.actions import _log2_add, trending_point
from keyloop.feedback.queries import board_ideas

from .portal_support import board_of, idea_on

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _voters(world, count):
    return [
        actions.person_identify(workspace=world.acme, email=f"voter{n}@example.com")
        for n in range(count)
    ]


def test_the_score_is_the_decayed_sum_of_the_votes(world):
    with time_machine.travel(START, tick=False):
        idea = idea_on(world, title="Export to CSV")
    expected = trending_point(idea.created_at)
    # out of order on purpose: a vote far older than the score, then newer ones
    for days, voter in zip((30, 0.5, 3, 0, 200), _voters(world, 5), strict=True):
        moment = START + timedelta(days=days)
        with time_machine.travel(moment, tick=False):
            actions.vote_add(idea=idea, person=voter)
        expected = _log2_add(expected, trending_point(moment))
        idea.refresh_from_db()
        assert abs(idea.trending_score - expected) < 1e-9
    assert idea.vote_count == 5


def test_fresh_votes_outrank_older_ones_on_the_board(world):
    with time_machine.travel(START, tick=False):
        older, newer = idea_on(world, title="Dark mode"), idea_on(world, title="Slack alerts")
        for voter in _voters(world, 3):
            actions.vote_add(idea=older, person=voter)
    # three weeks later the three old votes weigh 3/8; two new ones weigh 2
    with time_machine.travel(START + timedelta(weeks=3), tick=False):
        for voter in _voters(world, 5)[3:]:
            actions.vote_add(idea=newer, person=voter)
    titles = [idea.title for idea in board_ideas(board=board_of(world), sort="trending")]
    assert titles.index("Slack alerts") < titles.index("Dark mode")
    top = [idea.title for idea in board_ideas(board=board_of(world), sort="top")]
    assert top.index("Dark mode") < top.index("Slack alerts")
