"""Customers vote on ideas (and take votes back) with a form POST or through HTMX."""

from django.urls import reverse

from keyloop.feedback import actions
from keyloop.feedback.models import Vote

from .portal_support import board_of, click_magic_link, idea_on, log_in_customer, magic_link_in

HTMX = {"HTTP_HX_REQUEST": "true"}


def vote_url(idea, verb="vote"):
    return reverse(f"idea_{verb}", args=[idea.workspace.slug, idea.pk])


def test_a_logged_in_customer_votes_and_the_count_goes_up(world, client):
    idea = idea_on(world, author=world.dana)
    log_in_customer(client, world.eve)
    response = client.post(vote_url(idea))
    assert response["Location"] == reverse("idea", args=["acme", idea.pk]) + "#vote"
    idea.refresh_from_db()
    assert idea.vote_count == 2
    page = client.get(reverse("idea", args=["acme", idea.pk])).content.decode()
    assert 'aria-pressed="true"' in page  # shown as voted
    assert "Eve Evans" in page  # among the voters


def test_voting_twice_counts_once(world, client):
    idea = idea_on(world, author=world.dana)
    log_in_customer(client, world.eve)
    client.post(vote_url(idea))
    client.post(vote_url(idea))
    idea.refresh_from_db()
    assert idea.vote_count == 2
    assert Vote.objects.filter(idea=idea, person=world.eve).count() == 1


def test_htmx_gets_the_updated_vote_button(world, client):
    idea = idea_on(world, author=world.dana)
    log_in_customer(client, world.eve)
    response = client.post(vote_url(idea), {"variant": "compact"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(
        f'<div class="portal-vote-box portal-vote-compact" id="vote-{idea.pk}"'
    )
    assert '<span class="portal-vote-count">2</span>' in html
    assert vote_url(idea, "unvote") in html  # the button now takes the vote back

    response = client.post(vote_url(idea, "unvote"), {"variant": "compact"}, **HTMX)
    html = response.content.decode()
    assert '<span class="portal-vote-count">1</span>' in html
    assert vote_url(idea, "vote") in html
    idea.refresh_from_db()
    assert idea.vote_count == 1


def test_on_the_idea_page_htmx_also_refreshes_the_voters(world, client):
    idea = idea_on(world, author=world.dana)
    log_in_customer(client, world.eve)
    html = client.post(vote_url(idea), **HTMX).content.decode()
    assert f'id="voters-{idea.pk}" hx-swap-oob="true"' in html
    assert "Eve Evans" in html


def test_an_anonymous_vote_waits_for_the_link_then_counts(
    world, client, smtp_server, django_capture_on_commit_callbacks
):
    idea = idea_on(world, author=world.dana)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(vote_url(idea), {"email": "fay@example.test"}, **HTMX)
    assert "Check your inbox" in response.content.decode()
    idea.refresh_from_db()
    assert idea.vote_count == 1  # not yet
    [message] = smtp_server.wait_for(1)
    assert message["Subject"] == "Confirm your e-mail to count your vote"

    click_magic_link(client, magic_link_in(message))
    idea.refresh_from_db()
    assert idea.vote_count == 2


def test_an_anonymous_visitor_votes_on_several_ideas_with_one_link(
    world, client, smtp_server, django_capture_on_commit_callbacks
):
    first, second = idea_on(world, title="One"), idea_on(world, title="Two")
    for idea in (first, second):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(vote_url(idea), {"email": "fay@example.test"})
    [message] = smtp_server.wait_for(1)
    click_magic_link(client, magic_link_in(message))
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.vote_count, second.vote_count) == (1, 1)


def test_without_js_an_anonymous_vote_with_a_bad_email_shows_the_idea_page_with_the_error(
    world, client
):
    idea = idea_on(world)
    response = client.post(vote_url(idea), {"email": "nope"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Enter an e-mail address like you@example.com." in html
    assert idea.title in html
    assert not Vote.objects.exists()


def test_in_a_workspace_without_confirmation_an_anonymous_vote_counts_at_once(world, client):
    world.acme.portal_require_confirmation = False
    world.acme.save()
    idea = idea_on(world)
    html = client.post(vote_url(idea), {"email": "fay@example.test"}, **HTMX).content.decode()
    assert "Thanks, your vote counts." in html
    idea.refresh_from_db()
    assert idea.vote_count == 1


def test_a_vote_someone_left_in_your_name_counts_once_you_vote_yourself(world, client):
    """A stranger typed Dana's (confirmed) e-mail; her own vote must still count."""
    actions.person_confirm_email(person=world.dana)
    idea = idea_on(world)
    client.post(vote_url(idea), {"email": "dana@initech.test"})
    idea.refresh_from_db()
    assert idea.vote_count == 0
    dana = log_in_customer(world.client_for(None), world.dana)  # her own link
    dana.post(vote_url(idea))
    idea.refresh_from_db()
    assert idea.vote_count == 1


def test_an_anonymous_visitor_is_asked_to_log_in_to_take_a_vote_back(world, client):
    idea = idea_on(world, author=world.dana)
    response = client.post(vote_url(idea, "unvote"))
    assert response["Location"].startswith(reverse("portal_login", args=["acme"]))
    idea.refresh_from_db()
    assert idea.vote_count == 1


def test_deleted_merged_and_private_ideas_cannot_be_voted_on(world, client):
    log_in_customer(client, world.eve)
    deleted = idea_on(world, title="Deleted")
    actions.idea_delete(idea=deleted, actor_user=world.alice)
    private_board = actions.board_create(workspace=world.acme, name="Secret", is_private=True)
    private = idea_on(world, title="Private", board=private_board)
    target = idea_on(world, title="Target")
    merged = idea_on(world, title="Merged")
    merged.merged_into = target
    merged.save()
    for idea in (deleted, private):
        assert client.post(vote_url(idea)).status_code == 404
        assert client.post(vote_url(idea), **HTMX).status_code == 404
    # A merged idea says where to vote instead (test_merge_portal.py shows the message).
    response = client.post(vote_url(merged))
    assert response.status_code == 302 and response["Location"].endswith(f"/{target.pk}/#vote")
    assert client.post(vote_url(merged), **HTMX).status_code == 409
    assert not Vote.objects.filter(person=world.eve).exists()


def test_an_idea_of_another_workspace_is_404(world, client):
    globex_board = world.globex.boards.get(slug="feature-requests")
    idea = idea_on(world, board=globex_board)
    log_in_customer(client, world.eve)
    assert client.post(reverse("idea_vote", args=["acme", idea.pk])).status_code == 404
    assert not Vote.objects.exists()


def test_get_on_a_vote_endpoint_is_not_allowed(world, client):
    idea = idea_on(world)
    assert client.get(vote_url(idea)).status_code == 405


def test_the_board_list_shows_which_ideas_you_voted_for(world, client):
    voted, other = idea_on(world, title="Voted one"), idea_on(world, title="Other one")
    actions.vote_add(idea=voted, person=world.eve)
    log_in_customer(client, world.eve)
    html = client.get(reverse("board", args=["acme", board_of(world).slug])).content.decode()
    assert html.count('aria-pressed="true"') == 1
    assert html.count('aria-pressed="false"') == 1
    assert other.title in html
