"""Customers follow and unfollow ideas; visitors without an identity are asked to log in."""

from django.urls import reverse

from .portal_support import idea_on, log_in_customer

HTMX = {"HTTP_HX_REQUEST": "true"}


def url(idea, verb):
    return reverse(f"idea_{verb}", args=[idea.workspace.slug, idea.pk])


def test_a_customer_follows_and_unfollows_an_idea(world, client):
    idea = idea_on(world)
    log_in_customer(client, world.eve)
    response = client.post(url(idea, "follow"))
    assert response["Location"] == reverse("idea", args=["acme", idea.pk])
    assert idea.subscriptions.filter(person=world.eve).exists()
    page = client.get(response["Location"]).content.decode()
    assert "You follow this idea" in page and "Unfollow" in page

    client.post(url(idea, "unfollow"))
    assert not idea.subscriptions.filter(person=world.eve).exists()
    assert "You no longer follow this idea." in client.get(response["Location"]).content.decode()


def test_htmx_swaps_the_follow_button(world, client):
    idea = idea_on(world)
    log_in_customer(client, world.eve)
    html = client.post(url(idea, "follow"), **HTMX).content.decode()
    assert html.lstrip().startswith(f'<div class="portal-follow" id="follow-{idea.pk}"')
    assert url(idea, "unfollow") in html
    html = client.post(url(idea, "unfollow"), **HTMX).content.decode()
    assert url(idea, "follow") in html and url(idea, "unfollow") not in html


def test_an_anonymous_visitor_is_sent_to_log_in_and_back(world, client):
    idea = idea_on(world)
    response = client.post(url(idea, "follow"))
    login = reverse("portal_login", args=["acme"])
    assert response["Location"] == f"{login}?next=%2Facme%2Fideas%2F{idea.pk}%2F"
    assert not idea.subscriptions.exists()
    htmx = client.post(url(idea, "follow"), **HTMX)
    assert htmx["HX-Redirect"].startswith(login)


def test_a_team_member_follows_through_their_own_person(world):
    idea = idea_on(world)
    world.client_for(world.bob).post(url(idea, "follow"))
    assert idea.subscriptions.get().person.user == world.bob
