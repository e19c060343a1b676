"""Customers submit ideas on a board; anonymous ones confirm their e-mail by magic link first."""

import pytest
from django.urls import reverse

from keyloop.accounts.models import Person
from keyloop.feedback import actions
from keyloop.feedback.models import Idea, Vote

from .conftest import body_of
from .portal_support import board_of, click_magic_link, log_in_customer, magic_link_in


def submit_url(board):
    return reverse("idea_new", args=[board.workspace.slug, board.slug])


def test_an_anonymous_idea_waits_for_the_magic_link_and_is_published_by_it(
    world, client, smtp_server, settings, django_capture_on_commit_callbacks
):
    settings.BASE_URL = "http://keyloop.test"
    board = board_of(world)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            submit_url(board),
            {"title": "Dark mode", "body": "Easier on the eyes", "email": "Fay@Example.test",
             "name": "Fay Fox"},
        )  # fmt: skip
    assert response["Location"] == reverse("board", args=["acme", board.slug])
    page = client.get(response["Location"]).content.decode()
    assert "Check your inbox" in page and "fay@example.test" in page
    # Nobody sees it yet, not even on the board.
    idea = Idea.objects.get(title="Dark mode")
    assert not idea.is_published
    assert "Dark mode" not in page
    assert client.get(reverse("idea", args=["acme", idea.pk])).status_code == 404

    [message] = smtp_server.wait_for(1)
    assert message["To"] == "fay@example.test"
    assert message["Subject"] == "Confirm your e-mail to publish your idea"
    assert "http://keyloop.test/acme/login/" in body_of(message)
    link = magic_link_in(message)

    landing = click_magic_link(client, link)
    assert landing["Location"] == reverse("idea", args=["acme", idea.pk])
    idea.refresh_from_db()
    assert idea.is_published and idea.vote_count == 1
    page = client.get(landing["Location"]).content.decode()
    assert "Your e-mail is confirmed and your idea is published." in page
    assert "Fay Fox" in page
    person = Person.objects.get(workspace=world.acme, email="fay@example.test")
    assert person.email_confirmed_at is not None


def test_a_workspace_that_does_not_ask_for_confirmation_publishes_at_once(
    world, client, smtp_server, django_capture_on_commit_callbacks
):
    world.acme.portal_require_confirmation = False
    world.acme.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            submit_url(board_of(world)), {"title": "Dark mode", "email": "fay@example.test"}
        )
    idea = Idea.objects.get(title="Dark mode")
    assert idea.is_published and idea.vote_count == 1
    assert response["Location"] == reverse("idea", args=["acme", idea.pk])
    assert smtp_server.wait_for(1, timeout=0.3) == []


def test_a_logged_in_customer_just_submits(world, client, smtp_server):
    log_in_customer(client, world.dana)
    form = client.get(submit_url(board_of(world))).content.decode()
    assert 'name="email"' not in form
    response = client.post(
        submit_url(board_of(world)), {"title": "Dark mode", "body": "**Please**"}
    )
    idea = Idea.objects.get(title="Dark mode")
    assert idea.author == world.dana and idea.is_published
    page = client.get(response["Location"]).content.decode()
    assert "<strong>Please</strong>" in page
    assert smtp_server.messages == []


def test_a_team_member_submits_as_themselves(world):
    alice = world.client_for(world.alice)
    alice.post(submit_url(board_of(world)), {"title": "Dark mode"})
    idea = Idea.objects.get(title="Dark mode")
    assert idea.is_published and idea.author.user == world.alice


def test_nobody_posts_as_a_confirmed_customer_without_their_link(
    world, client, smtp_server, django_capture_on_commit_callbacks
):
    """Dana confirmed her e-mail; a stranger typing it gets nothing published in her name."""
    actions.person_confirm_email(person=world.dana)
    world.acme.portal_require_confirmation = False  # even where others publish at once
    world.acme.save()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            submit_url(board_of(world)),
            {"title": "Delete all data", "email": "dana@initech.test", "name": "Not Dana"},
        )
    idea = Idea.objects.get(title="Delete all data")
    assert not idea.is_published
    world.dana.refresh_from_db()
    assert world.dana.name == "Dana Diaz"  # a stranger cannot rename her either
    [message] = smtp_server.wait_for(1)
    assert message["To"] == "dana@initech.test"


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"title": "", "email": "fay@example.test"}, "Give your idea a title."),
        ({"title": "   ", "email": "fay@example.test"}, "Give your idea a title."),
        ({"title": "x" * 201, "email": "fay@example.test"}, "Keep the title to 200 characters"),
        (
            {"title": "Ok", "body": "y" * 20_001, "email": "fay@example.test"},
            "Keep the description to 20000 characters",
        ),
        ({"title": "Ok"}, "Give your e-mail"),
        ({"title": "Ok", "email": "not-an-address"}, "Enter an e-mail address"),
    ],
)
def test_bad_input_gets_a_clear_error_and_creates_nothing(world, client, data, error):
    response = client.post(submit_url(board_of(world)), data)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not Idea.objects.exists()
    assert not Person.objects.filter(email="fay@example.test").exists()


def test_a_closed_board_takes_no_new_ideas_from_customers(world, client):
    board = board_of(world)
    actions.board_update(board=board, is_locked=True)
    page = client.get(reverse("board", args=["acme", board.slug])).content.decode()
    assert "This board is closed to new ideas." in page
    assert submit_url(board) not in page
    response = client.post(submit_url(board), {"title": "Sneaky", "email": "fay@example.test"})
    assert response.status_code == 403
    assert "This board is closed to new ideas" in response.content.decode()
    assert not Idea.objects.exists()
    # The team still can.
    world.client_for(world.alice).post(submit_url(board), {"title": "From the team"})
    assert Idea.objects.filter(title="From the team").exists()


def test_an_unknown_board_is_404(world, client):
    response = client.get(reverse("idea_new", args=["acme", "no-such-board"]))
    assert response.status_code == 404


def test_the_idea_author_votes_for_it_and_follows_it(world, client):
    log_in_customer(client, world.eve)
    client.post(submit_url(board_of(world)), {"title": "Dark mode"})
    idea = Idea.objects.get(title="Dark mode")
    assert Vote.objects.filter(idea=idea, person=world.eve, is_confirmed=True).exists()
    assert idea.subscriptions.filter(person=world.eve).exists()
