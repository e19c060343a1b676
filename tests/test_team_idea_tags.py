"""The team tags ideas with the workspace's tags, and only those."""

import pytest
from django.urls import reverse

from keyloop.feedback import actions


@pytest.fixture
def idea(world):
    board = world.acme.boards.get(slug="feature-requests")
    return actions.idea_create(board=board, title="Export to CSV", body="", author=world.dana)


def test_bob_tags_an_idea_and_the_log_lists_the_tags(world, idea):
    reporting = actions.tag_create(workspace=world.acme, name="Reporting")
    mobile = actions.tag_create(workspace=world.acme, name="Mobile")

    response = world.client_for(world.bob).post(
        reverse("team_idea_tags", args=["acme", idea.pk]),
        {"tags": [reporting.pk, mobile.pk]},
        follow=True,
    )

    assert set(idea.tags.all()) == {reporting, mobile}
    assert "Bob Brown set the tags to Mobile, Reporting" in response.content.decode()


def test_unticking_every_tag_removes_them(world, idea):
    reporting = actions.tag_create(workspace=world.acme, name="Reporting")
    actions.idea_set_tags(idea=idea, tags=[reporting], actor_user=world.alice)

    world.client_for(world.bob).post(reverse("team_idea_tags", args=["acme", idea.pk]), {})

    assert list(idea.tags.all()) == []


def test_a_tag_of_another_workspace_is_404_and_changes_nothing(world, idea):
    reporting = actions.tag_create(workspace=world.acme, name="Reporting")
    actions.idea_set_tags(idea=idea, tags=[reporting], actor_user=world.alice)
    globex_tag = actions.tag_create(workspace=world.globex, name="Globex only")

    response = world.client_for(world.alice).post(
        reverse("team_idea_tags", args=["acme", idea.pk]), {"tags": [globex_tag.pk]}
    )

    assert response.status_code == 404
    assert list(idea.tags.all()) == [reporting]


def test_a_tag_id_that_is_not_a_number_is_404(world, idea):
    response = world.client_for(world.alice).post(
        reverse("team_idea_tags", args=["acme", idea.pk]), {"tags": ["1 OR 1=1"]}
    )

    assert response.status_code == 404
