"""Routes of the notifications app for the tenant matrix (test_tenant_isolation.py).

`objects(world, acme)` adds this app's acme objects to the matrix's `acme_objects`.
"""

from .routes import Route


def _endpoint(objects):
    return {"endpoint_id": objects["webhook_endpoint"].id}


def _token(objects):
    return {"token": objects["unsubscribe_token"]}


TEAM_ROUTES: dict = {
    "team_idea_notify_preview": Route(lambda o: {"idea_id": o["private_idea"].id}),
    "team_idea_deliveries": Route(lambda o: {"idea_id": o["private_idea"].id}),
    "team_delivery_retry": Route(lambda o: {"delivery_id": o["delivery"].id}, {}, False),
    "team_digest_setting": Route(post={"daily_digest": "on"}, get_allowed=False),
    "team_webhooks": Route(post={"url": "https://hooks.globex.test/steal"}),
    "team_webhook": Route(_endpoint, {"url": "https://hooks.globex.test/steal"}),
    "team_webhook_delete": Route(_endpoint, {}, False),
    "team_webhook_resend": Route(
        lambda o: {**_endpoint(o), "delivery_id": o["webhook_delivery"].id}, {}, False
    ),
}
# The signed token is the capability (a token of another workspace is refused: see
# test_notification_preferences.py); the bell shows only the viewer's own notifications.
PORTAL_ROUTES: dict = {
    "notifications": Route(),
    "notifications_read": Route(post={}, get_allowed=False),
    "notification_unsubscribe": Route(_token),
    "notification_preferences": Route(_token),
}
API_ROUTES: dict = {}


def objects(world, acme: dict) -> dict:
    from keyloop.notifications.events import Kind
    from keyloop.notifications.models import Delivery, Event, WebhookDelivery, WebhookEndpoint
    from keyloop.notifications.unsubscribe import unsubscribe_token

    event = Event.objects.create(
        workspace=world.acme, kind=Kind.STATUS_CHANGED, idea=acme["private_idea"],
        payload={"title": "Secret acquisition plan", "from": "Open", "to": "Planned"},
    )  # fmt: skip
    endpoint = WebhookEndpoint.objects.create(
        workspace=world.acme, url="https://hooks.acme.test/keyloop"
    )
    return {
        "delivery": Delivery.objects.create(
            event=event, person=world.dana, channel="email", status="failed", reason="550"
        ),
        "webhook_endpoint": endpoint,
        "webhook_delivery": WebhookDelivery.objects.create(event=event, endpoint=endpoint),
        "unsubscribe_token": unsubscribe_token(world.dana),
    }
