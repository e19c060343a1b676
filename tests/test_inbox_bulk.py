"""Bulk triage: many items at once, all or nothing, and never another workspace's."""

from django.urls import reverse

from keyloop.feedback import actions as feedback
from keyloop.inbox import actions as inbox
from keyloop.inbox.models import FeedbackItem

BULK = reverse("team_inbox_bulk", args=["acme"])
INBOX = reverse("team_inbox", args=["acme"])


def _items(world, count=3, workspace=None):
    return [
        inbox.feedback_receive(
            workspace=workspace or world.acme,
            text=f"Feedback {n}",
            channel="import",
            external_id=f"row-{n}",
        )[0]
        for n in range(count)
    ]


def _states(items):
    return sorted(
        FeedbackItem.objects.filter(pk__in=[i.pk for i in items]).values_list("state", flat=True)
    )


def test_bulk_dismiss_then_reopen(world):
    items = _items(world)
    bob = world.client_for(world.bob)
    chosen = [items[0].pk, items[1].pk]

    response = bob.post(BULK, {"action": "dismiss", "items": chosen, "next": INBOX}, follow=True)

    assert "2 items dismissed." in response.content.decode()
    assert _states(items) == ["dismissed", "dismissed", "new"]
    bob.post(BULK, {"action": "reopen", "items": chosen})
    assert _states(items) == ["new", "new", "new"]


def test_bulk_spam(world):
    items = _items(world)
    world.client_for(world.bob).post(BULK, {"action": "spam", "items": [i.pk for i in items]})
    assert _states(items) == ["spam", "spam", "spam"]


def test_bulk_link_to_one_idea(world):
    items = _items(world)
    board = world.acme.boards.get(slug="feature-requests")
    idea = feedback.idea_create(board=board, title="Bulk target", body="", author=None)
    bob = world.client_for(world.bob)

    response = bob.post(
        BULK, {"action": "link", "idea": idea.pk, "items": [i.pk for i in items]}, follow=True
    )

    assert "3 items linked to “Bulk target”." in response.content.decode()
    assert set(
        FeedbackItem.objects.filter(pk__in=[i.pk for i in items]).values_list("idea", flat=True)
    ) == {idea.pk}


def test_bulk_link_without_an_idea_asks_for_one_and_changes_nothing(world):
    items = _items(world)
    response = world.client_for(world.bob).post(
        BULK, {"action": "link", "items": [i.pk for i in items]}, follow=True
    )
    assert "Choose the idea to link the feedback to." in response.content.decode()
    assert _states(items) == ["new", "new", "new"]


def test_nothing_selected_says_so(world):
    response = world.client_for(world.bob).post(BULK, {"action": "dismiss"}, follow=True)
    assert "Select at least one item first." in response.content.decode()


def test_one_foreign_id_is_a_404_and_nothing_changes(world):
    items = _items(world)
    globex_items = _items(world, 1, workspace=world.globex)
    response = world.client_for(world.bob).post(
        BULK, {"action": "dismiss", "items": [items[0].pk, globex_items[0].pk]}
    )
    assert response.status_code == 404
    assert _states(items) == ["new", "new", "new"]
    assert _states(globex_items) == ["new"]


def test_a_foreign_idea_is_a_404_and_nothing_changes(world):
    items = _items(world)
    globex_idea = feedback.idea_create(
        board=world.globex.boards.first(), title="Globex", body="", author=None
    )
    response = world.client_for(world.bob).post(
        BULK, {"action": "link", "idea": globex_idea.pk, "items": [i.pk for i in items]}
    )
    assert response.status_code == 404
    assert _states(items) == ["new", "new", "new"]


def test_the_inbox_page_offers_select_all_and_the_bulk_buttons(world):
    _items(world)
    page = world.client_for(world.bob).get(INBOX).content.decode()
    assert "Select all on page" in page
    assert 'name="action" value="dismiss"' in page and 'name="action" value="link"' in page
    assert page.count('name="items"') == 3
