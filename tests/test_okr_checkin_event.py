"""A check-in is an event for webhooks ("key_result.checked_in"), written with the check-in."""

from keyloop.notifications.models import Event, WebhookEndpoint

from .okr_support import MID_FEBRUARY, activation, on, onboarding


def test_a_check_in_records_the_event_for_listening_webhooks(world, api):
    key_result = activation(onboarding(world))
    # Stored directly: the endpoint action checks that the host resolves (no network here).
    WebhookEndpoint.objects.create(
        workspace=world.acme,
        url="https://hooks.example.test/okrs",
        event_types=["key_result.checked_in"],
    )
    with on(MID_FEBRUARY):
        response = api.post(
            f"/key-results/{key_result.id}/check-ins", {"value": 42.5, "confidence": 8}
        )
    assert response.status_code == 201
    event = Event.objects.get(kind="key_result.checked_in")
    assert event.workspace == world.acme
    assert event.payload | {"checked_in_at": None} == {
        "key_result_id": key_result.id, "objective_id": key_result.objective_id,
        "title": key_result.title, "check_in_id": response.json()["id"], "value": 42.5,
        "confidence": 8, "note": "", "current": 42.5, "score": 0.5, "band": "amber",
        "checked_in_at": None,
    }  # fmt: skip


def test_without_a_listener_no_event_is_stored(world):
    from keyloop.okrs import actions

    key_result = activation(onboarding(world))
    with on(MID_FEBRUARY):
        actions.checkin_create(key_result=key_result, value=40)
    assert not Event.objects.exists()
