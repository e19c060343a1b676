"""Integrators manage webhook endpoints through the API: the secret comes once, private
addresses are refused, the delivery log shows every try, "resend" sends again, and an idea's
delivery report says who was told."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from keyloop.accounts.models import Person
from keyloop.feedback import actions as feedback
from keyloop.feedback.models import Status
from keyloop.notifications import actions as notifications
from keyloop.notifications.events import Kind
from keyloop.notifications.models import (
    Event,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
)

from .api_client import api_for
from .webhook_support import endpoint_for, new_idea, running_receiver, verify

PUBLIC_URL = "https://93.184.215.14/hooks/keyloop"  # a public address: no DNS needed


@pytest.fixture
def receiver(settings):
    yield from running_receiver(settings)


def _create(api, **body):
    return api.post("/webhooks", {"url": PUBLIC_URL, **body})


def test_creating_an_endpoint_shows_its_secret_in_that_answer_only(world, api):
    response = _create(api, event_types=["idea.status_changed"], description="CRM")
    assert response.status_code == 201, response.content
    created = response.json()
    endpoint = WebhookEndpoint.objects.get(pk=created["id"])
    assert created["secret"] == endpoint.secret and created["secret"].startswith("whsec_")
    assert created["event_types"] == ["idea.status_changed"]
    assert created["is_active"] is True

    shown = api.get(f"/webhooks/{endpoint.pk}")
    assert shown.status_code == 200
    assert "secret" not in shown.json() and endpoint.secret not in shown.content.decode()
    listed = api.get("/webhooks")
    assert [item["url"] for item in listed.json()["items"]] == [PUBLIC_URL]
    assert endpoint.secret not in listed.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/hooks",
        "http://10.0.0.1/hooks",
        "http://localhost/hooks",
        "http://[::1]/hooks",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::ffff:192.168.1.1]/hooks",
    ],
)
def test_a_url_on_a_private_or_loopback_address_is_refused_with_a_clear_error(world, api, url):
    response = api.post("/webhooks", {"url": url})
    assert response.status_code == 422, response.content
    [error] = response.json()["errors"]
    assert error["field"] == "url"
    assert "private or local address" in error["message"]
    assert not WebhookEndpoint.objects.exists()


def test_unknown_event_types_and_unknown_fields_are_refused(world, api):
    response = _create(api, event_types=["idea.exploded"])
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"].startswith("event_types")
    response = _create(api, secret="whsec_mine")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "secret"
    assert not WebhookEndpoint.objects.exists()


def test_patch_changes_only_what_is_sent_and_turning_it_on_clears_the_failure_clock(world, api):
    endpoint_id = _create(api, event_types=["vote.added"], description="CRM").json()["id"]
    WebhookEndpoint.objects.filter(pk=endpoint_id).update(
        is_active=False, failing_since=timezone.now(), disabled_reason="Every delivery failed."
    )
    response = api.patch(f"/webhooks/{endpoint_id}", {"description": "Sales CRM"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["description"] == "Sales CRM"
    assert body["event_types"] == ["vote.added"] and body["url"] == PUBLIC_URL
    assert body["is_active"] is False

    body = api.patch(f"/webhooks/{endpoint_id}", {"is_active": True}).json()
    assert body["is_active"] is True
    assert body["failing_since"] is None and body["disabled_reason"] == ""

    assert api.patch(f"/webhooks/{endpoint_id}", {"url": None}).status_code == 422
    assert api.patch(f"/webhooks/{endpoint_id}", {}).status_code == 422
    refused = api.patch(f"/webhooks/{endpoint_id}", {"url": "http://10.1.2.3/"})
    assert refused.status_code == 422
    assert WebhookEndpoint.objects.get(pk=endpoint_id).url == PUBLIC_URL


def test_deleting_an_endpoint_removes_it_and_its_log(world, api):
    endpoint_id = _create(api).json()["id"]
    assert api.delete(f"/webhooks/{endpoint_id}").status_code == 204
    assert api.get(f"/webhooks/{endpoint_id}").status_code == 404
    assert api.get("/webhooks").json()["items"] == []


def test_a_read_only_key_reads_endpoints_and_logs_but_changes_nothing(world, api):
    endpoint_id = _create(api).json()["id"]
    reader = api_for(world.acme, read_only=True)
    assert reader.get("/webhooks").status_code == 200
    assert reader.get(f"/webhooks/{endpoint_id}/deliveries").status_code == 200
    assert reader.post("/webhooks", {"url": PUBLIC_URL}).status_code == 403
    assert reader.patch(f"/webhooks/{endpoint_id}", {"is_active": False}).status_code == 403
    assert reader.delete(f"/webhooks/{endpoint_id}").status_code == 403
    assert WebhookEndpoint.objects.get(pk=endpoint_id).is_active


def test_another_workspaces_endpoint_is_not_found(world, api):
    theirs = WebhookEndpoint.objects.create(workspace=world.globex, url=PUBLIC_URL)
    assert api.get(f"/webhooks/{theirs.pk}").status_code == 404
    assert api.get(f"/webhooks/{theirs.pk}/deliveries").status_code == 404
    assert api.delete(f"/webhooks/{theirs.pk}").status_code == 404
    assert WebhookEndpoint.objects.filter(pk=theirs.pk).exists()


def _log(endpoint, deliveries: int):
    """`deliveries` logged deliveries with two tries each (500, then 200)."""
    for number in range(deliveries):
        event = Event.objects.create(
            workspace=endpoint.workspace, kind=Kind.VOTE_ADDED, payload={"n": number}
        )
        delivery = WebhookDelivery.objects.create(
            event=event, endpoint=endpoint, status="sent", attempts=2
        )
        for status in (500, 200):
            WebhookAttempt.objects.create(
                delivery=delivery, request_headers={"webhook-id": f"msg_{event.pk}"},
                request_body="{}", response_status=status, duration_ms=12,
            )  # fmt: skip


def test_the_delivery_log_shows_every_try_and_pages_with_a_cursor(world, api):
    endpoint = WebhookEndpoint.objects.create(workspace=world.acme, url=PUBLIC_URL)
    _log(endpoint, 3)
    first = api.get(f"/webhooks/{endpoint.pk}/deliveries", limit=2).json()
    assert len(first["items"]) == 2 and first["next_cursor"]
    newest = first["items"][0]
    assert newest["event_type"] == "vote.added" and newest["status"] == "sent"
    assert newest["message_id"] == f"msg_{newest['event_id']}"
    assert [try_["response_status"] for try_ in newest["attempts"]] == [200, 500]
    rest = api.get(f"/webhooks/{endpoint.pk}/deliveries", limit=2, cursor=first["next_cursor"])
    assert len(rest.json()["items"]) == 1 and rest.json()["next_cursor"] is None
    failed_only = api.get(f"/webhooks/{endpoint.pk}/deliveries", status="failed").json()
    assert failed_only["items"] == []


def test_lists_run_the_same_number_of_queries_however_many_rows(world, api):
    endpoint = WebhookEndpoint.objects.create(workspace=world.acme, url=PUBLIC_URL)
    api.get("/webhooks")  # the key's first use writes last_used_at
    counts = []
    for size in (1, 6):
        WebhookEndpoint.objects.bulk_create(
            WebhookEndpoint(workspace=world.acme, url=f"{PUBLIC_URL}/{n}") for n in range(size)
        )
        _log(endpoint, size)
        with CaptureQueriesContext(connection) as listing:
            assert len(api.get("/webhooks").json()["items"]) > size
        with CaptureQueriesContext(connection) as log:
            page = api.get(f"/webhooks/{endpoint.pk}/deliveries").json()
            assert len(page["items"]) >= size and len(page["items"][0]["attempts"]) == 2
        counts.append((len(listing), len(log)))
    assert counts[0] == counts[1]


def test_resend_posts_the_delivery_again_with_the_same_webhook_id(
    world, api, receiver, django_capture_on_commit_callbacks
):
    endpoint = endpoint_for(world, receiver)
    with django_capture_on_commit_callbacks(execute=True):
        new_idea(world)
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(f"/webhooks/{endpoint.pk}/deliveries/{delivery.pk}/resend")
    assert response.status_code == 200, response.content
    first, again = receiver.received
    assert again.headers["webhook-id"] == first.headers["webhook-id"]
    assert verify(secret=endpoint.secret, headers=again.headers, body=again.body)
    log = api.get(f"/webhooks/{endpoint.pk}/deliveries").json()["items"][0]
    assert log["status"] == "sent" and len(log["attempts"]) == 2


def test_resend_is_refused_while_the_endpoint_is_disabled(world, api):
    endpoint = WebhookEndpoint.objects.create(workspace=world.acme, url=PUBLIC_URL)
    _log(endpoint, 1)
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    api.patch(f"/webhooks/{endpoint.pk}", {"is_active": False})
    response = api.post(f"/webhooks/{endpoint.pk}/deliveries/{delivery.pk}/resend")
    assert response.status_code == 409
    assert "disabled" in response.json()["detail"]
    delivery.refresh_from_db()
    assert delivery.status == "sent"


def test_an_ideas_delivery_report_counts_people_by_channel_and_status(world, api):
    idea = new_idea(world, title="Dark mode", author=world.dana)
    feedback.vote_add(idea=idea, person=world.eve)
    quiet = Person.objects.create(workspace=world.acme, email="quiet@customers.test")
    feedback.vote_add(idea=idea, person=quiet)
    notifications.person_unsubscribe(person=quiet)
    planned = Status.objects.get(workspace=world.acme, category="planned")
    feedback.idea_change_status(idea=idea, status=planned, actor_user=world.alice)
    event = Event.objects.get(idea=idea, kind=Kind.STATUS_CHANGED)
    notifications.event_fan_out(event_id=event.pk)  # the worker's first step; nothing sent yet

    response = api.get(f"/ideas/{idea.pk}/deliveries")
    assert response.status_code == 200, response.content
    [report] = response.json()["events"]
    assert report["id"] == event.pk and report["type"] == "idea.status_changed"
    assert report["title"] == "Dark mode"
    assert report["counts"] == {
        "email": {"pending": 2, "suppressed": 1},
        "inapp": {"sent": 3},
    }
    assert report["totals"] == {"pending": 2, "suppressed": 1, "sent": 3}
    assert api.get("/ideas/999999/deliveries").status_code == 404
