"""An endpoint subscribed to some event types gets those and no others; one with none
ticked gets every event."""

import pytest
from django.urls import reverse

from keyloop.feedback import actions as feedback
from keyloop.feedback.models import Status

from .webhook_support import endpoint_for, new_idea, running_receiver, verify


@pytest.fixture
def receiver(settings):
    yield from running_receiver(settings)


def test_an_endpoint_gets_only_the_event_types_it_subscribed_to(
    world, receiver, django_capture_on_commit_callbacks
):
    status_only = endpoint_for(world, receiver, ["idea.status_changed"], url=receiver.url + "?a")
    everything = endpoint_for(world, receiver, url=receiver.url + "?b")
    planned = Status.objects.get(workspace=world.acme, category="planned")
    with django_capture_on_commit_callbacks(execute=True):
        idea = new_idea(world, title="Dark mode")
        feedback.vote_add(idea=idea, person=world.dana)
        feedback.idea_change_status(idea=idea, status=planned, actor_user=world.alice)

    by_endpoint = {"a": [], "b": []}
    for request in receiver.received:
        by_endpoint[request.path[-1]].append(request)
    assert [r.json()["type"] for r in by_endpoint["a"]] == ["idea.status_changed"]
    [status_change] = by_endpoint["a"]
    assert verify(secret=status_only.secret, headers=status_change.headers, body=status_change.body)
    data = status_change.json()["data"]
    assert (data["from"], data["to"], data["to_category"]) == ("Open", "Planned", "planned")
    assert sorted(r.json()["type"] for r in by_endpoint["b"]) == [
        "idea.created", "idea.status_changed", "vote.added"
    ]  # fmt: skip
    assert all(
        verify(secret=everything.secret, headers=r.headers, body=r.body) for r in by_endpoint["b"]
    )


def test_changing_the_subscription_on_the_page_takes_effect_for_the_next_event(
    world, receiver, django_capture_on_commit_callbacks
):
    endpoint = endpoint_for(world, receiver, ["idea.status_changed"])
    response = world.client_for(world.alice).post(
        reverse("team_webhook", args=["acme", endpoint.pk]),
        {"url": endpoint.url, "event_types": ["vote.added"], "is_active": "on"},
    )
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        idea = new_idea(world)
        feedback.vote_add(idea=idea, person=world.dana)
    assert [r.json()["type"] for r in receiver.received] == ["vote.added"]
