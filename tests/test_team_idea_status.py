"""A team member changes an idea's status, optionally telling customers why."""

import pytest
from django.urls import reverse

from keyloop.feedback import actions, queries
from keyloop.feedback.models import Status


@pytest.fixture
def idea(world):
    board = world.acme.boards.get(slug="feature-requests")
    return actions.idea_create(board=board, title="Export to CSV", body="", author=world.dana)


def _status(workspace, name):
    return Status.objects.get(workspace=workspace, name=name)


def _post(client, idea, data):
    return client.post(reverse("team_idea_status", args=["acme", idea.pk]), data, follow=True)


def test_alice_moves_an_idea_to_planned_and_the_activity_log_says_so(world, idea):
    alice = world.client_for(world.alice)
    planned = _status(world.acme, "Planned")

    response = _post(alice, idea, {"status": planned.pk})

    idea.refresh_from_db()
    assert idea.status == planned
    page = response.content.decode()
    assert "Status changed from Open to Planned." in page
    assert "Alice Adams changed status from Open to Planned" in page


def test_the_public_comment_is_shown_to_customers_with_the_change(world, idea):
    alice = world.client_for(world.alice)
    planned = _status(world.acme, "Planned")

    _post(alice, idea, {"status": planned.pk, "comment": "Coming in the spring release."})

    public = queries.idea_comments(idea=idea, include_internal=False)
    assert [c.body for c in public] == ["Coming in the spring release."]
    assert public[0].author_user == world.alice
    portal = world.client_for(None).get(reverse("idea", args=["acme", idea.pk]))
    assert "Coming in the spring release." in portal.content.decode()


def test_a_status_of_another_workspace_is_404_and_changes_nothing(world, idea):
    alice = world.client_for(world.alice)
    globex_planned = _status(world.globex, "Planned")

    response = alice.post(
        reverse("team_idea_status", args=["acme", idea.pk]),
        {"status": globex_planned.pk, "comment": "leak"},
    )

    assert response.status_code == 404
    idea.refresh_from_db()
    assert idea.status.name == "Open"
    assert queries.idea_comments(idea=idea, include_internal=True) == []


def test_a_status_id_that_is_not_a_number_is_refused_with_a_message(world, idea):
    response = _post(world.client_for(world.alice), idea, {"status": "planned; drop table"})

    assert response.status_code == 200
    assert "Enter a whole number." in response.content.decode()
    idea.refresh_from_db()
    assert idea.status.name == "Open"


def test_the_status_picker_groups_the_workspace_statuses_by_category(world, idea):
    Status.objects.create(workspace=world.acme, name="Next sprint", category="planned", position=9)

    page = world.client_for(world.bob).get(reverse("team_idea", args=["acme", idea.pk]))

    html = page.content.decode()
    planned_group = html.split('<optgroup label="Planned">', 1)[1].split("</optgroup>", 1)[0]
    assert ">Planned</option>" in planned_group
    assert ">Next sprint</option>" in planned_group
    assert "Under review" not in planned_group
