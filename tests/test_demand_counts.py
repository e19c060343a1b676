"""True demand: each person and each company once across an idea and the ideas merged into it,
checked against numbers counted by hand, and kept right on every path (vote, unvote, link,
unlink, merge, unmerge, delete)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from keyloop.accounts.models import Company, Person
from keyloop.feedback import actions, queries
from keyloop.feedback.models import Board, Channel, Vote
from keyloop.inbox import actions as inbox_actions


@pytest.fixture
def story(world):
    """Root "CSV export" with two duplicates merged into it.

    Dana (Initech, Growth, $199) votes on the root and on duplicate 1; Frank and Gina both work
    at Globo (Enterprise, $1,000): Frank votes on duplicate 1, Gina on duplicate 2; Eve (no
    company) votes on the root and sent feedback linked to it; Ivan (Umbrella, Growth, $50)
    only sent feedback, linked to duplicate 2; Hank's vote is unconfirmed; Joe's feedback
    waits in the inbox, not linked.
    """
    acme, alice = world.acme, world.alice
    board = Board.objects.get(workspace=acme)
    other_board = actions.board_create(workspace=acme, name="Integrations")
    globo = Company.objects.create(
        workspace=acme, name="Globo", plan="Enterprise", segment="Enterprise", mrr_cents=100_000
    )
    umbrella = Company.objects.create(
        workspace=acme, name="Umbrella", plan="Growth", segment="SMB", mrr_cents=5_000
    )
    world.initech.segment = "SMB"
    world.initech.save()

    def person(name, company=None):
        return Person.objects.create(
            workspace=acme, email=f"{name}@x.test", name=name.title(), company=company
        )

    frank, gina, ivan = person("frank", globo), person("gina", globo), person("ivan", umbrella)
    hank, joe = person("hank"), person("joe")
    root = actions.idea_create(board=board, title="CSV export", author=None)
    dup1 = actions.idea_create(board=board, title="Export to Excel", author=None)
    dup2 = actions.idea_create(board=other_board, title="Download data as CSV", author=None)
    actions.vote_add(idea=root, person=world.dana, importance="important")
    actions.vote_add(idea=dup1, person=world.dana, importance="critical")
    actions.vote_add(idea=dup1, person=frank)
    actions.vote_add(idea=dup2, person=gina)
    actions.vote_add(idea=root, person=world.eve)
    actions.vote_add(idea=root, person=hank, confirmed=False)
    inbox_actions.feedback_receive(
        workspace=acme, text="Need CSV", channel=Channel.EMAIL, person=world.eve, idea=root
    )
    ivans, _ = inbox_actions.feedback_receive(
        workspace=acme, text="Please CSV", channel=Channel.SLACK, person=ivan, idea=dup2
    )
    inbox_actions.feedback_receive(workspace=acme, text="CSV?", channel=Channel.EMAIL, person=joe)
    actions.idea_merge(idea=dup1, into=root, actor=alice)
    actions.idea_merge(idea=dup2, into=root, actor=alice)
    return {
        "root": root, "dup1": dup1, "dup2": dup2, "frank": frank, "gina": gina, "ivan": ivan,
        "hank": hank, "ivans_feedback": ivans, "globo": globo,
    }  # fmt: skip


def demand(idea):
    return queries.idea_demand(idea=idea)


def test_each_person_and_company_counts_once_across_merged_ideas(story):
    d = demand(story["root"])
    # Dana, Eve, Frank, Gina (votes) and Ivan (feedback); Dana's two votes count once,
    # Hank's unconfirmed vote and Joe's unlinked feedback not at all.
    assert d.unique_people == 5
    assert d.vote_count == 4
    assert d.feedback_people == 2  # Eve and Ivan
    # Initech, Globo (Frank and Gina: one company), Umbrella.
    assert d.unique_companies == 3
    assert d.mrr_cents == 19_900 + 100_000 + 5_000


def test_breakdown_by_plan_and_segment(story):
    d = demand(story["root"])
    by_plan = {row["name"]: row for row in d.by_plan}
    assert by_plan["Enterprise"] == {
        "name": "Enterprise", "people": 2, "companies": 1, "mrr_cents": 100_000
    }  # fmt: skip
    assert by_plan["Growth"] == {"name": "Growth", "people": 2, "companies": 2, "mrr_cents": 24_900}
    assert by_plan[""] == {"name": "", "people": 1, "companies": 0, "mrr_cents": 0}  # Eve
    by_segment = {row["name"]: row for row in d.by_segment}
    assert by_segment["SMB"]["companies"] == 2 and by_segment["SMB"]["mrr_cents"] == 24_900
    assert by_segment["Enterprise"]["people"] == 2


def test_importance_mix_takes_each_voters_highest(story):
    # Dana said important on the root and critical on a duplicate: one critical voter.
    assert demand(story["root"]).importance == {"nice_to_have": 3, "important": 0, "critical": 1}


def test_weekly_counts_each_person_in_the_week_they_first_asked(story):
    # Frank first voted three weeks ago; his later vote does not move him.
    three_weeks_ago = timezone.now() - timedelta(weeks=3)
    Vote.objects.filter(person=story["frank"]).update(created_at=three_weeks_ago)
    weekly = demand(story["root"]).weekly
    assert len(weekly) == 12
    assert [week["new_people"] for week in weekly][-1] == 4  # Dana, Eve, Gina, Ivan this week
    assert weekly[-4]["new_people"] == 1
    assert sum(week["new_people"] for week in weekly) == 5
    assert weekly[-1]["week"].weekday() == 0  # weeks start on Monday


def test_every_path_keeps_the_numbers_right(story, world):
    root, dup1, dup2 = story["root"], story["dup1"], story["dup2"]
    # Unmerge duplicate 2: Gina and Ivan (and Umbrella) leave the root's demand.
    actions.idea_unmerge(idea=dup2, actor=world.alice)
    d = demand(root)
    assert (d.unique_people, d.unique_companies, d.mrr_cents) == (3, 2, 119_900)
    assert demand(dup2).unique_people == 2
    # Merge it back: as before.
    actions.idea_merge(idea=dup2, into=root, actor=world.alice)
    assert demand(root).unique_people == 5
    # Unlink Ivan's feedback: Ivan and Umbrella go.
    inbox_actions.feedback_unlink(item=story["ivans_feedback"], actor_user=world.alice)
    d = demand(root)
    assert (d.unique_people, d.unique_companies) == (4, 2)
    # Link it again, to the root this time.
    inbox_actions.feedback_link(item=story["ivans_feedback"], idea=root, actor_user=world.alice)
    assert demand(root).unique_people == 5
    # Gina unvotes: Globo still counts through Frank.
    actions.vote_remove(idea=dup2, person=story["gina"])
    d = demand(root)
    assert (d.unique_people, d.unique_companies, d.mrr_cents) == (4, 3, 124_900)
    # Delete duplicate 1: Frank leaves, and with him Globo; Dana stays through the root.
    actions.idea_delete(idea=dup1, actor_user=world.alice)
    d = demand(root)
    assert (d.unique_people, d.unique_companies, d.mrr_cents) == (3, 2, 24_900)
    # Hank confirms: his vote counts now.
    actions.person_confirm_email(person=story["hank"])
    assert demand(root).unique_people == 4
    # A new vote on the root from someone who voted on a duplicate: still counted once.
    actions.idea_restore(idea=dup1, actor_user=world.alice)
    actions.vote_add(idea=root, person=story["frank"])
    assert demand(root).unique_people == 5


def test_bulk_variant_matches_the_single_one(story, world):
    board = story["root"].board
    lone = actions.idea_create(board=board, title="Dark mode", author=world.eve)
    counts = queries.ideas_demand_people(idea_ids=[story["root"].pk, lone.pk])
    assert counts == {story["root"].pk: 5, lone.pk: 1}


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's query plans")
def test_demand_reads_the_idea_s_own_votes_and_feedback_not_every_row(story):
    """The idea page, the demand sorts and the demand answer count an idea's people through
    the idea_id indexes; an OR across the join to the idea made them read every vote."""
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        demand(story["root"])
        queries.ideas_demand_people(idea_ids=[story["root"].pk])
    scans = set()
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            cursor.execute("EXPLAIN QUERY PLAN " + query["sql"])
            scans |= {row[3] for row in cursor.fetchall() if row[3].startswith("SCAN")}
    assert not {
        scan
        for scan in scans
        if "feedback_vote" in scan
        or "inbox_feedbackitem" in scan
        or scan.split()[1] in _aliases_of(captured, ("feedback_vote", "inbox_feedbackitem"))
    }


def _aliases_of(captured, tables) -> set[str]:
    """The aliases ("U0", "V1") the ORM gave these tables in the captured SQL."""
    import re

    aliases = set()
    for query in captured.captured_queries:
        for table in tables:
            aliases |= set(re.findall(rf'"{table}" "?(\w+)"?', query["sql"]))
    return aliases
