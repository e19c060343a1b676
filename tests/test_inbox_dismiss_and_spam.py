"""Dismissing, marking as spam and reopening one item; spam is hidden everywhere."""

from django.urls import reverse

from keyloop.feedback import actions as feedback
from keyloop.inbox import actions as inbox
from keyloop.inbox.models import FeedbackItem

INBOX = reverse("team_inbox", args=["acme"])


def _item(world, text="Please add a Zapier integration", **extra):
    return inbox.feedback_receive(
        workspace=world.acme, text=text, channel="widget", person=world.eve, **extra
    )[0]


def _set(client, item, state, follow=False, **extra):
    url = reverse("team_inbox_item_state", args=["acme", item.pk])
    return client.post(url, {"state": state, **extra}, follow=follow)


def test_dismissing_takes_it_out_of_new_and_offers_undo(world):
    item = _item(world)
    bob = world.client_for(world.bob)

    response = _set(bob, item, "dismissed", next=INBOX)

    assert response["Location"] == INBOX
    page = bob.get(INBOX)
    assert page.context["items"] == []
    assert "dismissed." in page.content.decode() and "Undo" in page.content.decode()
    assert [i.pk for i in bob.get(INBOX, {"state": "dismissed"}).context["items"]] == [item.pk]

    _set(bob, item, "new", next=INBOX)  # the Undo button posts this
    assert FeedbackItem.objects.get(pk=item.pk).state == "new"


def test_spam_is_hidden_from_every_list_and_the_idea_page(world):
    board = world.acme.boards.get(slug="feature-requests")
    idea = feedback.idea_create(board=board, title="Zapier", body="", author=None)
    item = _item(world, text="Cheap watches, Zapier too")
    inbox.feedback_link(item=item, idea=idea, actor_user=world.alice)
    bob = world.client_for(world.bob)

    _set(bob, item, "spam", follow=True)  # the page after it shows the flash message

    item.refresh_from_db()
    assert (item.state, item.idea_id) == ("spam", None)
    idea_page = bob.get(reverse("team_idea", args=["acme", idea.pk])).content.decode()
    assert "Cheap watches" not in idea_page
    for state in ("new", "linked", "dismissed", "all"):
        assert bob.get(INBOX, {"state": state}).context["items"] == []
    assert bob.get(INBOX, {"q": "watches", "state": "all"}).context["items"] == []
    assert [i.pk for i in bob.get(INBOX, {"state": "spam"}).context["items"]] == [item.pk]
    tabs = {state: count for state, _, count in bob.get(INBOX).context["tabs"]}
    assert (tabs["new"], tabs["linked"], tabs["all"], tabs["spam"]) == (0, 0, 0, 1)


def test_an_unknown_state_changes_nothing(world):
    item = _item(world)
    bob = world.client_for(world.bob)
    response = _set(bob, item, "linked")
    assert response.status_code == 302
    assert FeedbackItem.objects.get(pk=item.pk).state == "new"


def test_another_workspace_cannot_dismiss_acme_feedback(world):
    item = _item(world)
    charlie = world.client_for(world.charlie)
    url = reverse("team_inbox_item_state", args=["globex", item.pk])
    assert charlie.post(url, {"state": "dismissed"}).status_code == 404
    assert FeedbackItem.objects.get(pk=item.pk).state == "new"
