"""The only way a request reaches notification objects: 404 outside the workspace or role."""

from django.http import Http404

from keyloop.accounts.models import Membership, Person, Workspace

from .models import Delivery, Event, WebhookDelivery, WebhookEndpoint
from .unsubscribe import person_id_from_token


def access_webhook_endpoint_by_id(*, workspace: Workspace, endpoint_id) -> WebhookEndpoint:
    """Admins only: the caller has checked the role (team_view(admin=True), or an API key)."""
    try:
        return WebhookEndpoint.objects.get(workspace=workspace, pk=endpoint_id)
    except (WebhookEndpoint.DoesNotExist, ValueError, TypeError):
        raise Http404("No such webhook endpoint.") from None


def access_webhook_delivery_by_id(*, endpoint: WebhookEndpoint, delivery_id) -> WebhookDelivery:
    try:
        return WebhookDelivery.objects.select_related("event").get(
            endpoint=endpoint, pk=delivery_id
        )
    except (WebhookDelivery.DoesNotExist, ValueError, TypeError):
        raise Http404("No such webhook delivery.") from None


def access_event_by_id(*, workspace: Workspace, membership: Membership | None, event_id) -> Event:
    if membership is None:
        raise Http404("No such event.")
    try:
        return Event.objects.select_related("idea", "changelog_entry").get(
            workspace=workspace, pk=event_id
        )
    except (Event.DoesNotExist, ValueError, TypeError):
        raise Http404("No such event.") from None


def access_delivery_by_id(*, workspace: Workspace, membership: Membership | None, delivery_id):
    if membership is None:
        raise Http404("No such delivery.")
    try:
        return Delivery.objects.select_related("event").get(
            event__workspace=workspace, pk=delivery_id
        )
    except (Delivery.DoesNotExist, ValueError, TypeError):
        raise Http404("No such delivery.") from None


def access_person_by_unsubscribe_token(*, workspace: Workspace, token: str) -> Person | None:
    """The token's person, or None when the token was tampered with (the page says so)."""
    person_id = person_id_from_token(token, workspace_id=workspace.pk)
    if person_id is None:
        return None
    return Person.objects.filter(workspace=workspace, pk=person_id).first()


def viewer_people(*, workspace: Workspace, user, person: Person | None):
    """Whose bell this is: the portal visitor's person, or a team member's person here (a
    lazy queryset: counting their notifications finds it by a join, in one query)."""
    if person is not None:
        return [person]
    if user is not None and user.is_authenticated:
        return Person.objects.filter(workspace=workspace, user=user)
    return []
