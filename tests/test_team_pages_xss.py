"""No XSS payload typed into any field reaches a team page in executable form.

The team sees more than customers (internal notes, every board, the activity log, the
changelog editor and the flash message with its undo button), so every team page is
checked with the portal's corpus and checker.
"""

import pytest
from django.urls import reverse

from keyloop.feedback import actions
from keyloop.feedback.models import ChangelogEntry, Idea

from .test_markdown_xss import PAYLOADS, assert_not_executable, everything_with  # noqa: F401


@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_payload_reaches_a_team_page_executable(world, everything_with, payload):  # noqa: F811
    urls = everything_with(payload)
    idea = Idea.objects.get(workspace=world.acme, body=payload)
    actions.comment_add(
        idea=idea, body=payload, author=None, author_user=world.alice, internal=True
    )
    entry = ChangelogEntry.objects.get(workspace=world.acme)
    alice = world.client_for(world.alice)
    actions.idea_create(board=idea.board, title=payload[:200], body="", author=None)  # open
    dashboard = alice.get(reverse("team_dashboard", args=["acme"])).content.decode()
    card = dashboard.split('<section class="card attention-card"', 1)[1].split("</section>")[0]
    assert_not_executable(card, "the dashboard's ideas card")
    assert "Ideas needing attention" in dashboard
    team_pages = [
        reverse("team_ideas", args=["acme"]),
        reverse("team_ideas", args=["acme"]) + f"?q={urls[1].split('?q=')[1]}",
        reverse("team_idea", args=["acme", idea.pk]),
        reverse("team_idea_edit", args=["acme", idea.pk]),
        reverse("team_boards", args=["acme"]),
        reverse("team_board_edit", args=["acme", idea.board_id]),
        reverse("team_board_delete", args=["acme", idea.board_id]),
        reverse("team_statuses", args=["acme"]),
        reverse("team_status_delete", args=["acme", idea.status_id]),
        reverse("team_tags", args=["acme"]),
        reverse("team_changelog", args=["acme"]),
        reverse("team_changelog_edit", args=["acme", entry.pk]),
        reverse("team_changelog_new", args=["acme"]) + f"?idea={idea.pk}",
    ]
    for url in team_pages:
        response = alice.get(url)
        assert response.status_code == 200, url
        assert_not_executable(response.content.decode(), url)

    # The flash message carries a real form (the undo button); the title inside stays text.
    deleted = alice.post(reverse("team_idea_delete", args=["acme", idea.pk]), follow=True)
    assert_not_executable(deleted.content.decode(), "flash message after delete")
    assert 'class="link-button">Undo</button>' in deleted.content.decode()
