"""Linking feedback to an idea from the inbox: the idea page shows it, the sender follows
the idea; unlinking puts it back in the inbox."""

from django.urls import reverse

from keyloop.feedback import actions as feedback
from keyloop.feedback.models import Subscription
from keyloop.inbox import actions as inbox
from keyloop.inbox.models import FeedbackItem


def _setup(world):
    board = world.acme.boards.get(slug="feature-requests")
    idea = feedback.idea_create(board=board, title="SAML single sign-on", body="", author=None)
    item, _ = inbox.feedback_receive(
        workspace=world.acme, text="We cannot roll out without SSO", channel="sales",
        person=world.dana,
    )  # fmt: skip
    return idea, item


def _link(client, item, idea_id, next_url=""):
    data = {"idea": str(idea_id)} | ({"next": next_url} if next_url else {})
    return client.post(reverse("team_inbox_item_link", args=["acme", item.pk]), data)


def test_linking_moves_the_item_to_linked_and_back_to_the_inbox(world):
    idea, item = _setup(world)
    bob = world.client_for(world.bob)
    inbox_url = reverse("team_inbox", args=["acme"]) + "?channel=sales"

    response = _link(bob, item, idea.pk, next_url=inbox_url)

    assert response.status_code == 302 and response["Location"] == inbox_url
    item.refresh_from_db()
    assert (item.state, item.idea_id, item.triaged_by) == ("linked", idea.pk, world.bob)
    assert Subscription.objects.filter(idea=idea, person=world.dana).exists()
    followed = bob.get(inbox_url)
    assert "Linked to" in followed.content.decode()
    assert followed.context["items"] == []  # gone from New


def test_the_idea_page_lists_linked_feedback_with_a_quote_and_the_sender(world):
    idea, item = _setup(world)
    idea_url = reverse("team_idea", args=["acme", idea.pk])
    bob = world.client_for(world.bob)
    assert "No feedback linked yet" in bob.get(idea_url).content.decode()

    _link(bob, item, idea.pk)

    page = bob.get(idea_url).content.decode()
    assert 'Feedback <span class="heading-count">1</span>' in page
    assert "We cannot roll out without SSO" in page
    assert "Dana Diaz" in page and "Initech" in page and 'title="Sales"' in page
    assert reverse("team_inbox_item", args=["acme", item.pk]) in page


def test_a_long_message_is_quoted_by_its_first_300_characters(world):
    idea, _ = _setup(world)
    long_item, _ = inbox.feedback_receive(
        workspace=world.acme, text="word " * 200, channel="email", person=world.eve
    )
    inbox.feedback_link(item=long_item, idea=idea, actor_user=world.alice)
    page = world.client_for(world.bob).get(reverse("team_idea", args=["acme", idea.pk]))
    assert ("word " * 59) in page.content.decode()
    assert ("word " * 70) not in page.content.decode()


def test_reopening_unlinks_it_and_the_idea_no_longer_shows_it(world):
    idea, item = _setup(world)
    bob = world.client_for(world.bob)
    _link(bob, item, idea.pk)

    bob.post(
        reverse("team_inbox_item_state", args=["acme", item.pk]), {"state": "new"}, follow=True
    )

    item.refresh_from_db()
    assert (item.state, item.idea_id) == ("new", None)
    page = bob.get(reverse("team_idea", args=["acme", idea.pk])).content.decode()
    assert "We cannot roll out without SSO" not in page


def test_linking_to_another_idea_moves_it(world):
    idea, item = _setup(world)
    other = feedback.idea_create(board=idea.board, title="SCIM provisioning", body="", author=None)
    bob = world.client_for(world.bob)
    _link(bob, item, idea.pk)
    _link(bob, item, other.pk)
    item.refresh_from_db()
    assert item.idea_id == other.pk


def test_a_deleted_or_foreign_idea_is_not_found_and_nothing_changes(world):
    idea, item = _setup(world)
    globex_board = world.globex.boards.first()
    foreign = feedback.idea_create(board=globex_board, title="Globex idea", body="", author=None)
    feedback.idea_delete(idea=idea, actor_user=world.alice)
    bob = world.client_for(world.bob)

    assert _link(bob, item, foreign.pk).status_code == 404
    assert _link(bob, item, idea.pk).status_code == 404

    item.refresh_from_db()
    assert (item.state, item.idea_id) == ("new", None)


def test_posting_without_an_idea_asks_for_one(world):
    _, item = _setup(world)
    bob = world.client_for(world.bob)
    response = bob.post(reverse("team_inbox_item_link", args=["acme", item.pk]), {}, follow=True)
    assert "Choose the idea to link the feedback to." in response.content.decode()
    assert FeedbackItem.objects.get(pk=item.pk).state == "new"


def test_another_workspace_cannot_link_acme_feedback(world):
    idea, item = _setup(world)
    charlie = world.client_for(world.charlie)
    response = charlie.post(
        reverse("team_inbox_item_link", args=["globex", item.pk]), {"idea": idea.pk}
    )
    assert response.status_code == 404
    assert FeedbackItem.objects.get(pk=item.pk).state == "new"
