"""A new idea from a feedback item: the form starts from the feedback, the idea is the
sender's, and the item is linked to it."""

from django.urls import reverse

from keyloop.feedback import actions as feedback
from keyloop.feedback.models import Idea
from keyloop.inbox import actions as inbox


def _item(world):
    item, _ = inbox.feedback_receive(
        workspace=world.acme, title="Scheduled PDF reports",
        text="Every Monday our execs want the dashboard as a PDF.", channel="support",
        person=world.dana,
    )  # fmt: skip
    return item


def _url(item):
    return reverse("team_inbox_item_new_idea", args=["acme", item.pk])


def test_the_form_is_prefilled_with_the_headline_and_the_text(world):
    item = _item(world)
    form = world.client_for(world.bob).get(_url(item)).context["form"]
    assert form.initial["title"] == "Scheduled PDF reports"
    assert form.initial["body"] == "Every Monday our execs want the dashboard as a PDF."


def test_creating_the_idea_links_the_feedback_and_credits_the_sender(world):
    item = _item(world)
    board = world.acme.boards.get(slug="feature-requests")
    bob = world.client_for(world.bob)
    back = reverse("team_inbox", args=["acme"])

    response = bob.post(
        _url(item), {"title": "PDF reports by e-mail", "body": "Weekly.", "board": board.pk,
                     "next": back},
    )  # fmt: skip

    assert response.status_code == 302 and response["Location"] == back
    idea = Idea.objects.get(title="PDF reports by e-mail")
    assert (idea.board, idea.author, idea.body) == (board, world.dana, "Weekly.")
    item.refresh_from_db()
    assert (item.state, item.idea) == ("linked", idea)
    page = bob.get(reverse("team_idea", args=["acme", idea.pk])).content.decode()
    assert "Every Monday our execs want the dashboard as a PDF." in page


def test_a_missing_title_is_shown_next_to_the_field_and_nothing_is_created(world):
    item = _item(world)
    board = world.acme.boards.get(slug="feature-requests")
    response = world.client_for(world.bob).post(
        _url(item), {"title": "", "body": "x", "board": board.pk}
    )
    assert response.status_code == 200
    assert "Give the idea a title." in response.content.decode()
    assert not Idea.objects.filter(body="x").exists()
    item.refresh_from_db()
    assert item.state == "new"


def test_a_board_of_another_workspace_is_refused_and_nothing_is_created(world):
    item = _item(world)
    globex_board = world.globex.boards.first()
    before = Idea.objects.count()
    response = world.client_for(world.bob).post(
        _url(item), {"title": "Sneaky", "body": "", "board": globex_board.pk}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert Idea.objects.count() == before


def test_a_private_board_is_offered_to_the_team(world):
    item = _item(world)
    private = feedback.board_create(workspace=world.acme, name="Internal", is_private=True)
    page = world.client_for(world.bob).get(_url(item)).content.decode()
    assert f'<option value="{private.pk}">Internal (private)</option>' in page
