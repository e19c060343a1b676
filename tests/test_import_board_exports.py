"""Canny, Fider and UserVoice exports import their ideas, votes, comments, statuses and
people; importing the same export again changes nothing."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from keyloop.accounts.models import Person
from keyloop.feedback.models import Board, Comment, Idea, Status, StatusCategory, Vote
from keyloop.integrations.imports.actions import import_files
from keyloop.integrations.imports.sources import ImportFileError

DATA = Path(__file__).parent / "data" / "imports"


def files(fmt):
    return [(p.name, p.read_bytes()) for p in sorted((DATA / fmt).glob("*.csv"))]


def snapshot(workspace):
    ideas = Idea.objects.filter(workspace=workspace)
    return (
        ideas.count(), Vote.objects.filter(idea__workspace=workspace).count(),
        Comment.objects.filter(idea__workspace=workspace).count(),
        Person.objects.filter(workspace=workspace).count(),
        Status.objects.filter(workspace=workspace).count(),
        Board.objects.filter(workspace=workspace).count(),
    )  # fmt: skip


def test_a_canny_export_brings_posts_voters_comments_and_companies(world):
    summary = import_files(workspace=world.acme, fmt="canny", files=files("canny"))

    dark = Idea.objects.get(workspace=world.acme, title="Dark mode")
    # "Feature Requests" is the workspace's "Feature requests" board: names match any case.
    assert dark.status.name == "Planned" and dark.board.slug == "feature-requests"
    assert sorted(t.name for t in dark.tags.all()) == ["Appearance", "accessibility", "ui"]
    assert dark.author.email == "dana@initech.test" and dark.author.company.name == "Initech"
    assert dark.created_at.year == 2024 and dark.created_at.month == 3
    voters = set(dark.votes.values_list("person__email", flat=True))
    assert voters == {"dana@initech.test", "eve@hooli.test", "frank@umbrella.test"}
    assert dark.vote_count == 3
    note = Comment.objects.get(idea=dark, body__startswith="Initech renewal")
    assert note.is_internal and note.author is None
    assert Idea.objects.get(title="Zapier integration").status.category == StatusCategory.SHIPPED
    assert Board.objects.filter(workspace=world.acme, name="Enterprise").exists()
    assert summary.counts["idea"]["created"] == 4
    assert summary.counts["comment"]["created"] == 3
    # A vote on a post that is not in the export is reported, not imported.
    assert summary.skipped == [{
        "row": "votes.csv:6", "kind": "vote",
        "reason": "It refers to post 000000000000000000000000, which is not in the import.",
    }]  # fmt: skip


def test_a_fider_export_maps_its_statuses_and_keeps_the_teams_responses(world):
    import_files(workspace=world.acme, fmt="fider", files=files("fider"))

    categories = {
        i.title: (i.status.name, i.status.category)
        for i in Idea.objects.filter(workspace=world.acme).select_related("status")
    }
    assert categories["Slack notifications"] == ("Started", StatusCategory.IN_PROGRESS)
    assert categories["Keyboard shortcuts"] == ("Completed", StatusCategory.SHIPPED)
    assert categories["Blockchain everything"] == ("Declined", StatusCategory.CLOSED)
    assert categories["Mobile app"] == ("Open", StatusCategory.OPEN)
    response = Comment.objects.get(idea__title="Keyboard shortcuts")
    assert response.body == "Shipped in 2.3!\n\n— Alice Admin" and response.author is None
    # Fider's export names authors but gives no e-mail: one person per name.
    assert Idea.objects.get(title="Mobile app").author.name == "Eve Evans"


def test_a_uservoice_export_turns_its_voter_rows_into_votes_of_one_idea(world):
    summary = import_files(workspace=world.acme, fmt="uservoice", files=files("uservoice"))

    bulk = Idea.objects.get(workspace=world.acme, title="Bulk edit tickets")
    assert Idea.objects.filter(workspace=world.acme, title="Bulk edit tickets").count() == 1
    assert bulk.status.category == StatusCategory.UNDER_REVIEW
    assert bulk.board.name == "General"
    assert set(bulk.votes.values_list("person__email", flat=True)) == {
        "dana@initech.test", "eve@hooli.test", "hank@strickland.test",
    }  # fmt: skip
    hank = Person.objects.get(workspace=world.acme, email="hank@strickland.test")
    assert hank.company.name == "Strickland Propane" and hank.external_id == "9003"
    assert summary.counts["idea"] == {"created": 3, "updated": 0, "unchanged": 0, "skipped": 0}
    assert [s["row"] for s in summary.skipped] == ["comments.csv:4"]


@pytest.mark.parametrize("fmt", ["canny", "fider", "uservoice"])
def test_importing_the_same_export_twice_changes_nothing(world, fmt):
    import_files(workspace=world.acme, fmt=fmt, files=files(fmt))
    before = snapshot(world.acme)

    summary = import_files(workspace=world.acme, fmt=fmt, files=files(fmt))

    assert snapshot(world.acme) == before
    assert all(t["created"] == 0 and t["updated"] == 0 for t in summary.counts.values())


def test_a_status_changed_at_the_source_is_updated_on_the_next_import(world):
    import_files(workspace=world.acme, fmt="fider", files=files("fider"))
    posts = (DATA / "fider" / "posts.csv").read_bytes().replace(b",open,", b",planned,")

    summary = import_files(workspace=world.acme, fmt="fider", files=[("posts.csv", posts)])

    assert Idea.objects.get(title="Mobile app").status.name == "Planned"
    assert summary.counts["idea"]["updated"] == 1


def test_a_file_of_another_format_is_refused_before_anything_is_written(world):
    before = snapshot(world.acme)
    with pytest.raises(ImportFileError, match="not a canny export: columns missing"):
        import_files(workspace=world.acme, fmt="canny", files=files("fider"))
    assert snapshot(world.acme) == before


def test_the_command_imports_and_prints_a_summary(world, capsys):
    paths = [str(p) for p in sorted((DATA / "canny").glob("*.csv"))]
    call_command("import", "--workspace", "acme", "--format", "canny", *paths)

    out = capsys.readouterr()
    assert "idea: 4 created" in out.out
    assert "votes.csv:6 (vote): It refers to post" in out.out
    assert "4/4" not in out.err and "rows/s" in out.err  # the progress bar
    with pytest.raises(CommandError, match="No workspace 'initech'"):
        call_command("import", "--workspace", "initech", "--format", "canny", *paths)
