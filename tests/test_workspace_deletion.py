"""A superuser deletes a whole workspace from the Django admin: everything in it goes, the
other workspaces keep theirs. A board or status with ideas still cannot go on its own."""

from datetime import date

import pytest
from django.db.models import RestrictedError

from keyloop.accounts.models import Person, User, Workspace
from keyloop.feedback import actions as feedback
from keyloop.feedback.models import Board, ChangelogEntry, Comment, Idea, Status, Vote
from keyloop.inbox import actions as inbox
from keyloop.inbox.models import FeedbackItem
from keyloop.okrs import actions as okrs
from keyloop.okrs.models import Objective


def _fill(world, workspace, voter):
    """Ideas (one merged into another) with votes, comments, feedback, a changelog and OKRs."""
    board = workspace.boards.get(slug="feature-requests")
    idea = feedback.idea_create(board=board, title="Export to CSV", author=voter)
    duplicate = feedback.idea_create(board=board, title="CSV download", author=None)
    feedback.vote_add(idea=idea, person=voter)
    feedback.comment_add(idea=idea, body="Finance needs it", author=voter)
    item, _ = inbox.feedback_receive(
        workspace=workspace, text="csv please", channel="email", person=voter
    )
    inbox.feedback_link(item=item, idea=idea, actor_user=None)
    feedback.idea_merge(idea=duplicate, into=idea, actor=None)
    feedback.changelog_create(
        workspace=workspace, title="CSV export", body="", ideas=[idea], author=None,
        publish=True, notify=False,
    )  # fmt: skip
    cycle = okrs.cycle_create(
        workspace=workspace, name="Q1", start=date(2027, 1, 1), end=date(2027, 3, 31)
    )
    okrs.objective_create(cycle=cycle, title="Customers get their data out")


def _counts(workspace_id) -> dict[str, int]:
    models = {
        "ideas": Idea, "votes": Vote, "comments": Comment, "boards": Board, "statuses": Status,
        "people": Person, "feedback": FeedbackItem, "changelog": ChangelogEntry,
        "objectives": Objective,
    }  # fmt: skip
    lookup = {Vote: "idea__workspace_id", Comment: "idea__workspace_id"}
    return {
        name: model.objects.filter(**{lookup.get(model, "workspace_id"): workspace_id}).count()
        for name, model in models.items()
    }


def test_a_superuser_deletes_a_workspace_and_only_that_workspace(world, client):
    _fill(world, world.acme, world.eve)
    globex_voter = Person.objects.create(workspace=world.globex, email="gus@globex.test")
    _fill(world, world.globex, globex_voter)
    globex_before = _counts(world.globex.pk)
    assert all(globex_before.values())

    admin = User.objects.create_superuser("root@keyloop.test", "a long root password")
    client.force_login(admin)
    url = f"/django-admin/accounts/workspace/{world.acme.pk}/delete/"
    asked = client.get(url).content.decode()
    assert "Are you sure you want to delete the workspace “Acme”?" in asked
    response = client.post(url, {"post": "yes"})

    assert response.status_code == 302
    assert not Workspace.objects.filter(pk=world.acme.pk).exists()
    assert set(_counts(world.acme.pk).values()) == {0}
    assert _counts(world.globex.pk) == globex_before


@pytest.mark.parametrize("kind", ["board", "status"])
def test_a_board_or_status_with_ideas_cannot_be_deleted_on_its_own(world, kind):
    board = world.acme.boards.get(slug="feature-requests")
    idea = feedback.idea_create(board=board, title="Export to CSV", author=None)
    with pytest.raises(RestrictedError):
        getattr(idea, kind).delete()
    assert Idea.objects.filter(pk=idea.pk).exists()
