"""The team's idea page: everything about one idea, including what customers never see."""

import pytest
from django.urls import reverse

from keyloop.feedback import actions
from keyloop.feedback.models import Status


@pytest.fixture
def idea(world):
    board = world.acme.boards.get(slug="feature-requests")
    return actions.idea_create(
        board=board, title="Export to CSV", body="Monthly **reports**", author=world.dana
    )


def test_it_shows_the_idea_its_voters_comments_and_notes(world, idea):
    actions.vote_add(idea=idea, person=world.eve, importance="critical")
    actions.comment_add(idea=idea, body="Please hurry", author=world.eve)
    actions.comment_add(
        idea=idea, body="Big renewal at stake", author=None, author_user=world.alice, internal=True
    )

    page = world.client_for(world.bob).get(reverse("team_idea", args=["acme", idea.pk]))

    html = page.content.decode()
    assert "<h1>Export to CSV</h1>" in html
    assert "Monthly <strong>reports</strong>" in html
    assert "2 votes" in html
    assert "Eve Evans" in html and "Critical" in html
    assert "Dana Diaz" in html and "Initech" in html
    assert "Please hurry" in html
    assert "Big renewal at stake" in html
    assert "Internal — only your team sees this" in html


def test_the_activity_log_tells_the_story_in_words(world, idea):
    planned = Status.objects.get(workspace=world.acme, name="Planned")
    actions.idea_change_status(idea=idea, status=planned, actor_user=world.alice)
    actions.idea_set_pinned(idea=idea, pinned=True, actor_user=world.bob)

    html = world.client_for(world.bob).get(reverse("team_idea", args=["acme", idea.pk]))
    html = html.content.decode()

    log = html.split('id="activity-title"', 1)[1]
    assert "Dana Diaz submitted the idea via Portal" in log
    assert "Alice Adams changed status from Open to Planned" in log
    assert "Bob Brown pinned the idea to the top of its board" in log
    # Newest first.
    assert log.index("pinned") < log.index("changed status") < log.index("submitted")


def test_ideas_on_private_boards_are_open_to_the_team(world):
    private = actions.board_create(workspace=world.acme, name="Internal", is_private=True)
    idea = actions.idea_create(
        board=private, title="Acquire Initech", body="", author=None, actor_user=world.alice
    )

    page = world.client_for(world.bob).get(reverse("team_idea", args=["acme", idea.pk]))

    assert page.status_code == 200
    assert "Private board" in page.content.decode()


def test_an_idea_of_another_workspace_is_404(world):
    globex_board = world.globex.boards.get(slug="feature-requests")
    theirs = actions.idea_create(board=globex_board, title="Globex plan", body="", author=None)

    response = world.client_for(world.alice).get(reverse("team_idea", args=["acme", theirs.pk]))

    assert response.status_code == 404
    assert "Globex plan" not in response.content.decode()


def test_a_deleted_idea_shows_why_it_is_hidden_and_how_to_restore_it(world, idea):
    actions.idea_delete(idea=idea, actor_user=world.alice)

    html = world.client_for(world.bob).get(reverse("team_idea", args=["acme", idea.pk]))
    html = html.content.decode()

    assert "This idea was deleted" in html
    assert reverse("team_idea_restore", args=["acme", idea.pk]) in html
    assert reverse("team_idea_status", args=["acme", idea.pk]) not in html
