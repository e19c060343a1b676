"""Routes of the notifications app for the tenant matrix (test_tenant_isolation.py).

`objects(world, acme)` adds this app's acme objects to the matrix's `acme_objects`.
"""

from .routes import Route


def _endpoint(objects):
    return {"endpoint_id": objects["webhook_endpoint"].id}


def _api_endpoint(objects):
    return {"id": objects["webhook_endpoint"].id}


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
# test_notification_pages_bad_links.py); the bell shows only the viewer's own notifications.
PORTAL_ROUTES: dict = {
    "notifications": Route(),
    "notifications_read": Route(post={}, get_allowed=False),
    "notification_unsubscribe": Route(_token),
    "notification_preferences": Route(_token),
}
_PUBLIC_URL = "https://93.184.215.14/hooks/planted"  # a public address: no DNS lookup
API_ROUTES: dict = {
    "api:list_webhooks": {"method": "GET", "kwargs": lambda o: {}},
    "api:create_webhook": {
        "method": "POST", "kwargs": lambda o: {},
        "body": lambda o: {"url": _PUBLIC_URL, "event_types": ["vote.added"]}, "status": 201,
    },
    "api:get_webhook": {"method": "GET", "kwargs": _api_endpoint},
    "api:update_webhook": {
        "method": "PATCH", "kwargs": _api_endpoint,
        "body": lambda o: {"url": _PUBLIC_URL, "is_active": False},
    },
    "api:delete_webhook": {"method": "DELETE", "kwargs": _api_endpoint, "status": 204},
    "api:list_webhook_deliveries": {"method": "GET", "kwargs": _api_endpoint},
    "api:resend_webhook_delivery": {
        "method": "POST",
        "kwargs": lambda o: {**_api_endpoint(o), "delivery_id": o["webhook_delivery"].id},
    },
    "api:get_idea_deliveries": {
        "method": "GET", "kwargs": lambda o: {"id": o["private_idea"].id},
    },
}  # fmt: skip


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
