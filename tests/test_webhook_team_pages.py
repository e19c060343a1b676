"""Admins add webhook endpoints on the team pages and see the signing secret once; a plain
member of the workspace does not even see the pages."""

import re

import pytest
from django.urls import reverse

from keyloop.notifications.models import WebhookEndpoint

from .webhook_support import new_idea, running_receiver, verify


@pytest.fixture
def receiver(settings):
    yield from running_receiver(settings)


def test_an_admin_adds_an_endpoint_and_sees_its_secret_only_once(
    world, receiver, django_capture_on_commit_callbacks
):
    admin = world.client_for(world.alice)
    listing = reverse("team_webhooks", args=["acme"])
    assert "No endpoints yet" in admin.get(listing).content.decode()
    response = admin.post(
        listing,
        {"url": receiver.url, "description": "CRM sync", "event_types": ["idea.created"]},
        follow=True,
    )
    endpoint = WebhookEndpoint.objects.get(workspace=world.acme)
    assert response.redirect_chain[-1][0] == reverse("team_webhook", args=["acme", endpoint.pk])
    page = response.content.decode()
    assert "it is shown only this once" in page
    [shown] = re.findall(r'id="webhook-secret">(whsec_[^<]+)<', page)
    assert endpoint.event_types == ["idea.created"] and endpoint.description == "CRM sync"

    again = admin.get(reverse("team_webhook", args=["acme", endpoint.pk])).content.decode()
    assert shown not in again and "webhook-secret" not in again
    assert receiver.url in admin.get(listing).content.decode()

    # The secret copied from the page is the one that verifies real deliveries.
    with django_capture_on_commit_callbacks(execute=True):
        new_idea(world)
    [request] = receiver.received
    assert verify(secret=shown, headers=request.headers, body=request.body)


def test_a_plain_member_gets_404_for_the_webhook_pages(world):
    endpoint = WebhookEndpoint.objects.create(
        workspace=world.acme, url="https://93.184.215.14/hooks"
    )
    member = world.client_for(world.bob)
    assert member.get(reverse("team_webhooks", args=["acme"])).status_code == 404
    assert member.get(reverse("team_webhook", args=["acme", endpoint.pk])).status_code == 404
    response = member.post(
        reverse("team_webhooks", args=["acme"]), {"url": "https://93.184.215.14/mine"}
    )
    assert response.status_code == 404
    assert WebhookEndpoint.objects.count() == 1
    deleted = member.post(reverse("team_webhook_delete", args=["acme", endpoint.pk]))
    assert deleted.status_code == 404 and WebhookEndpoint.objects.filter(pk=endpoint.pk).exists()
