"""An unlinked feedback item suggests the ideas it most likely belongs to (top 3, with a
match score and a one-click Link); linked items suggest nothing; only the workspace's own,
live ideas are suggested, private boards included."""

import pytest
from django.urls import reverse

from keyloop.feedback import actions as feedback
from keyloop.feedback.models import Idea
from keyloop.inbox import actions as inbox

# Until the dedup engine (keyloop/dedup) is in the tree, there is nothing to suggest with.


def _item(world, text, **extra):
    fields = {"text": text, "channel": "support", "person": world.dana} | extra
    return inbox.feedback_receive(workspace=world.acme, **fields)[0]


def _page(world, item, user=None):
    response = world.client_for(user or world.bob).get(
        reverse("team_inbox_item", args=["acme", item.pk])
    )
    assert response.status_code == 200
    return response


def _suggested(response) -> list[str]:
    return [suggestion.idea.title for suggestion in response.context["suggestions"]]


@pytest.fixture
def ideas(world):
    board = world.acme.boards.get(slug="feature-requests")
    return {
        title: feedback.idea_create(board=board, title=title, body=body, author=None)
        for title, body in [
            ("SAML single sign-on", "Our security team requires SAML SSO for every tool."),
            ("Export dashboards to PDF", "A one-click PDF of the whole dashboard."),
            ("Dark mode", "Easier on the eyes at night."),
            ("Slack notifications", "Tell our channel when a metric drops."),
        ]
    }


def test_an_item_suggests_the_idea_it_paraphrases_first_with_a_link_button(world, ideas):
    item = _item(world, "Can we log in through our SAML identity provider? SSO is a must.")

    response = _page(world, item)

    suggested = _suggested(response)
    assert suggested[0] == "SAML single sign-on" and len(suggested) <= 3
    page = response.content.decode()
    assert "Suggested ideas" in page and "% match" in page
    sso = ideas["SAML single sign-on"]
    assert f'name="idea" value="{sso.pk}"' in page
    assert "data-suggestion-accept" in page  # the first one answers to the `a` key


def test_one_click_on_link_links_the_item_and_then_it_suggests_nothing(world, ideas):
    item = _item(world, "Please add SAML single sign-on, Okta would do.")
    sso = ideas["SAML single sign-on"]
    bob = world.client_for(world.bob)

    response = bob.post(
        reverse("team_inbox_item_link", args=["acme", item.pk]), {"idea": str(sso.pk)}
    )

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.idea_id == sso.pk and item.state == "linked"
    after = _page(world, item)
    assert _suggested(after) == []
    assert "Suggested ideas" not in after.content.decode()


def test_unrelated_feedback_gets_no_suggestions(world, ideas):
    item = _item(world, "Invoice for March charged twice, refund please.")

    response = _page(world, item)

    assert _suggested(response) == []
    assert "Suggested ideas" not in response.content.decode()


def test_another_workspaces_ideas_are_never_suggested(world, ideas):
    globex_board = world.globex.boards.get(slug="feature-requests")
    feedback.idea_create(board=globex_board, title="Dark mode everywhere", body="", author=None)
    item = _item(world, "Dark mode everywhere please, the white UI hurts at night.")

    suggested = _suggested(_page(world, item))

    assert "Dark mode everywhere" not in suggested and suggested[0] == "Dark mode"


def test_private_board_ideas_are_suggested_to_the_team(world, ideas):
    private = feedback.board_create(workspace=world.acme, name="Internal roadmap", is_private=True)
    feedback.idea_create(
        board=private, title="Usage-based billing", body="Charge by events tracked.",
        author=None, actor_user=world.alice,
    )  # fmt: skip
    item = _item(world, "We would pay by usage: billing based on events tracked.")

    assert _suggested(_page(world, item))[0] == "Usage-based billing"


def test_merged_and_deleted_ideas_are_never_suggested(world, ideas):
    board = world.acme.boards.get(slug="feature-requests")
    merged = feedback.idea_create(board=board, title="Night mode theme", body="", author=None)
    deleted = feedback.idea_create(board=board, title="Dark theme", body="", author=None)
    Idea.objects.filter(pk=merged.pk).update(merged_into=ideas["Dark mode"])
    feedback.idea_delete(idea=deleted, actor_user=world.alice)
    item = _item(world, "A dark theme or night mode theme, please.")

    suggested = _suggested(_page(world, item))

    assert "Dark mode" in suggested
    assert "Night mode theme" not in suggested and "Dark theme" not in suggested


def test_the_shortcut_help_mentions_the_accept_key(world, ideas):
    item = _item(world, "SAML single sign-on please")

    page = _page(world, item).content.decode()

    assert "<kbd>a</kbd></dt><dd>Link to the first suggested idea" in page


def test_another_workspace_cannot_open_the_item_or_its_suggestions(world, ideas):
    item = _item(world, "SAML single sign-on please")

    response = world.client_for(world.charlie).get(
        reverse("team_inbox_item", args=["acme", item.pk])
    )

    assert response.status_code == 404
