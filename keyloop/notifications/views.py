"""Pages of notifications: the bell, preferences and one-click unsubscribe (portal), the
"who will be told" preview and the delivery report (team), webhook endpoints (admins)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from keyloop.accounts.views import team_view
from keyloop.feedback import access as feedback_access
from keyloop.feedback import actions as feedback_actions
from keyloop.feedback.views.portal import _render, portal_page
from keyloop.lib.pagination import paginate
from keyloop.lib.web import error_text, safe_next

from . import access, actions, queries
from .channels.email.message import build_message
from .digest import membership_set_digest
from .events import WEBHOOK_KINDS, Kind
from .forms import PreferencesForm, WebhookEndpointForm
from .models import Delivery, DeliveryChannel, DeliveryStatus, Event, WebhookDelivery

NOTIFICATIONS_PER_PAGE = 30
LOG_PER_PAGE = 25

# --- portal: the bell ---------------------------------------------------------------------


@portal_page
def notifications(request, visitor):
    workspace = visitor.workspace
    people = access.viewer_people(workspace=workspace, user=request.user, person=visitor.person)
    if not people:
        if visitor.is_team:
            page = None
        else:
            login = reverse("portal_login", args=[workspace.slug])
            return redirect(f"{login}?next={request.path}")
    else:
        page = paginate(
            queries.person_notifications(people=people), ordering=("-created_at", "-id"),
            cursor=request.GET.get("cursor"), limit=NOTIFICATIONS_PER_PAGE,
        )  # fmt: skip
    unread = queries.unread_count(people=people) if people else 0
    return _render(
        request, visitor, "notifications/notifications.html",
        {"page": page, "unread": unread, "section": "notifications",
         "digest_membership": visitor.membership},
    )  # fmt: skip


@team_view()
@require_POST
def digest_setting(request, membership):
    """A team member turns their daily digest e-mail on or off."""
    on = request.POST.get("daily_digest") == "on"
    membership_set_digest(membership=membership, daily_digest=on)
    messages.success(
        request,
        "You will get a daily digest e-mail." if on else "No more daily digest e-mails.",
    )
    return redirect(
        safe_next(request) or reverse("notifications", args=[membership.workspace.slug])
    )


@portal_page
def notifications_read(request, visitor):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    workspace = visitor.workspace
    people = access.viewer_people(workspace=workspace, user=request.user, person=visitor.person)
    ids = request.POST.getlist("delivery") or None
    marked = actions.notifications_mark_read(people=people, delivery_ids=ids) if people else 0
    if marked and ids is None:
        messages.success(request, "All notifications are marked read.")
    return redirect(safe_next(request) or reverse("notifications", args=[workspace.slug]))


# --- portal: preferences and unsubscribe --------------------------------------------------


def _tampered(request, visitor):
    return _render(
        request, visitor, "notifications/link_damaged.html", {"section": "notifications"},
        status=400,
    )  # fmt: skip


@csrf_exempt  # RFC 8058: mail clients POST "List-Unsubscribe=One-Click" with no CSRF token
@portal_page
def unsubscribe(request, visitor, token):
    person = access.access_person_by_unsubscribe_token(workspace=visitor.workspace, token=token)
    if person is None:
        return _tampered(request, visitor)
    if request.method == "POST":
        actions.person_unsubscribe(person=person)
        done = True
    else:
        done = False  # a GET (a link scanner, a preview) changes nothing: it asks
    return _render(
        request, visitor, "notifications/unsubscribe.html",
        {"person": person, "token": token, "done": done},
    )  # fmt: skip


@portal_page
def preferences(request, visitor, token):
    workspace = visitor.workspace
    person = access.access_person_by_unsubscribe_token(workspace=workspace, token=token)
    if person is None:
        return _tampered(request, visitor)
    idea = None
    if request.GET.get("idea"):
        idea = feedback_access.access_idea_by_id(
            workspace=workspace, membership=visitor.membership, idea_id=request.GET["idea"]
        )
    muted = idea is not None and person.idea_mutes.filter(idea=idea).exists()
    form = PreferencesForm(
        request.POST if request.method == "POST" else None,  # all boxes unticked: empty POST
        initial={
            "email_updates": person.email_notifications,
            "workspace_updates": not person.workspace_updates_muted,
            "idea_updates": not muted,
        },
        with_idea=idea is not None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        actions.person_set_preferences(
            person=person, email_notifications=data["email_updates"],
            workspace_updates_muted=not data["workspace_updates"],
        )  # fmt: skip
        if idea is not None:
            # The same choice as the portal's Follow button, which shows it.
            if data["idea_updates"]:
                feedback_actions.idea_follow(idea=idea, person=person)
            else:
                feedback_actions.idea_unfollow(idea=idea, person=person)
        messages.success(request, "Your notification settings are saved.")
        return redirect(request.get_full_path())
    return _render(
        request, visitor, "notifications/preferences.html",
        {"person": person, "idea": idea, "form": form, "token": token},
    )  # fmt: skip


# --- team: before and after a status change -------------------------------------------------


def _team_idea(membership, idea_id):
    return feedback_access.access_idea_by_id(
        workspace=membership.workspace, membership=membership, idea_id=idea_id
    )


@team_view()
def idea_notify_preview(request, membership, idea_id):
    """HTMX partial next to the status control: how many people a change would tell, and
    the e-mail they would get."""
    idea = _team_idea(membership, idea_id)
    workspace = membership.workspace
    status = None
    if request.GET.get("status"):
        status = feedback_access.access_status_by_id(
            workspace=workspace, status_id=request.GET["status"]
        )
    plan = queries.idea_notify_preview(idea=idea, actor_user=request.user)
    sample = None
    if status is not None and status.pk != idea.status_id:
        sample = _sample_email(idea, status, request.GET.get("comment", ""), plan)
    return render(
        request, "notifications/_notify_preview.html",
        {"idea": idea, "status": status, "plan": plan, "sample": sample,
         "emails": plan.count(DeliveryChannel.EMAIL), "inapp": plan.count(DeliveryChannel.INAPP),
         "suppressed": len({pid for pid, _ in plan.suppress} - {pid for pid, _ in plan.deliver})},
    )  # fmt: skip


def _sample_email(idea, status, comment: str, plan) -> dict:
    """The e-mail one of the recipients would get, rendered from the real templates (not
    saved: the objects below are never written)."""
    from keyloop.accounts.models import Person

    person_id = next((pid for pid, ch in plan.deliver if ch == DeliveryChannel.EMAIL), None)
    real = Person.objects.filter(pk=person_id).only("email", "name").first()
    # An unsaved copy: its unsubscribe and settings links do not work, so the team cannot use
    # the preview to change a customer's choices.
    person = Person(
        workspace=idea.workspace, email=real.email if real else "customer@example.com",
        name=real.name if real else "A customer",
    )  # fmt: skip
    event = Event(
        workspace=idea.workspace, kind=Kind.STATUS_CHANGED, idea=idea,
        payload={"title": idea.title, "from": idea.status.name, "to": status.name,
                 "from_category": idea.status.category, "to_category": status.category,
                 "comment": comment.strip()},
    )  # fmt: skip
    message = build_message(
        Delivery(event=event, person=person, channel=DeliveryChannel.EMAIL, ideas=[idea.pk]),
        {idea.pk: idea},
    )
    return {"to": person.email, "subject": message.subject, "text": message.body}


@team_view()
def idea_deliveries(request, membership, idea_id):
    idea = _team_idea(membership, idea_id)
    report = queries.idea_delivery_report(idea=idea)
    event = None
    deliveries = None
    status_filter = request.GET.get("status", "")
    if request.GET.get("event"):
        event = access.access_event_by_id(
            workspace=membership.workspace, membership=membership, event_id=request.GET["event"]
        )
    elif report:
        event = report[0]["event"]
    if event is not None:
        deliveries = paginate(
            queries.event_deliveries(event=event, status=status_filter or None),
            ordering=("status", "id"), cursor=request.GET.get("cursor"), limit=50,
        )  # fmt: skip
    return render(
        request, "notifications/idea_deliveries.html",
        {"idea": idea, "report": report, "event": event, "deliveries": deliveries,
         "status_filter": status_filter, "statuses": DeliveryStatus.choices},
    )  # fmt: skip


@team_view()
@require_POST
def delivery_retry(request, membership, delivery_id):
    delivery = access.access_delivery_by_id(
        workspace=membership.workspace, membership=membership, delivery_id=delivery_id
    )
    if delivery.status != DeliveryStatus.FAILED or delivery.channel != DeliveryChannel.EMAIL:
        messages.info(request, "Only a failed e-mail can be sent again.")
    else:
        actions.delivery_retry(delivery=delivery)
        messages.success(request, f"The e-mail to {delivery.person.email} will be sent again.")
    idea_id = delivery.event.idea_id
    fallback = (
        reverse("team_idea_deliveries", args=[membership.workspace.slug, idea_id])
        if idea_id
        else reverse("team_dashboard", args=[membership.workspace.slug])
    )
    return redirect(safe_next(request) or fallback)


# --- admins: webhook endpoints ------------------------------------------------------------------


@team_view(admin=True)
def webhooks(request, membership):
    workspace = membership.workspace
    form = WebhookEndpointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            endpoint = actions.webhook_endpoint_create(
                workspace=workspace, url=form.cleaned_data["url"],
                event_types=form.cleaned_data["event_types"],
                description=form.cleaned_data["description"], created_by=request.user,
            )  # fmt: skip
        except ValidationError as error:
            _add_errors(form, error)
        else:
            # Shown once, on the next page only; afterwards it is never displayed again.
            request.session["webhook_secret"] = [endpoint.pk, endpoint.secret]
            return redirect("team_webhook", workspace.slug, endpoint.pk)
    endpoints = workspace.webhooks.order_by("-created_at")
    return render(
        request, "notifications/webhooks.html",
        {"form": form, "endpoints": endpoints, "event_kinds": _webhook_kind_choices()},
    )  # fmt: skip


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error_text(error))


def _webhook_kind_choices():
    return [(kind.value, kind.label) for kind in Kind if kind in WEBHOOK_KINDS]


@team_view(admin=True)
def webhook(request, membership, endpoint_id):
    workspace = membership.workspace
    endpoint = access.access_webhook_endpoint_by_id(workspace=workspace, endpoint_id=endpoint_id)
    secret = None
    shown = request.session.pop("webhook_secret", None)
    if shown and shown[0] == endpoint.pk:
        secret = shown[1]
    initial = {
        "url": endpoint.url, "description": endpoint.description,
        "event_types": endpoint.event_types, "is_active": endpoint.is_active,
    }  # fmt: skip
    form = WebhookEndpointForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            actions.webhook_endpoint_update(
                endpoint=endpoint, url=form.cleaned_data["url"],
                event_types=form.cleaned_data["event_types"],
                description=form.cleaned_data["description"],
                is_active=form.cleaned_data["is_active"],
            )  # fmt: skip
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "The endpoint is saved.")
            return redirect("team_webhook", workspace.slug, endpoint.pk)
    log = paginate(
        WebhookDelivery.objects.filter(endpoint=endpoint).select_related("event")
        .prefetch_related("log"),
        ordering=("-created_at", "-id"), cursor=request.GET.get("cursor"), limit=LOG_PER_PAGE,
    )  # fmt: skip
    return render(
        request, "notifications/webhook.html",
        {"endpoint": endpoint, "form": form, "secret": secret, "log": log,
         "event_kinds": _webhook_kind_choices()},
    )  # fmt: skip


@team_view(admin=True)
@require_POST
def webhook_delete(request, membership, endpoint_id):
    workspace = membership.workspace
    endpoint = access.access_webhook_endpoint_by_id(workspace=workspace, endpoint_id=endpoint_id)
    actions.webhook_endpoint_delete(endpoint=endpoint)
    messages.success(request, f"The endpoint {endpoint.url} is deleted.")
    return redirect("team_webhooks", workspace.slug)


@team_view(admin=True)
@require_POST
def webhook_resend(request, membership, endpoint_id, delivery_id):
    workspace = membership.workspace
    endpoint = access.access_webhook_endpoint_by_id(workspace=workspace, endpoint_id=endpoint_id)
    delivery = access.access_webhook_delivery_by_id(endpoint=endpoint, delivery_id=delivery_id)
    if not endpoint.is_active:
        messages.error(request, "Turn the endpoint back on before resending.")
    elif delivery.status == DeliveryStatus.SENDING:
        messages.info(request, "This delivery is being sent right now.")
    else:
        actions.delivery_retry(delivery=delivery)
        messages.success(request, f"Event {delivery.event.kind} will be sent again.")
    return redirect("team_webhook", workspace.slug, endpoint.pk)
