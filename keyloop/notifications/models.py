"""Outbox events, one delivery row per (event, person, channel), mutes, webhook endpoints."""

import base64
import os

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from keyloop.accounts.models import Person, User, Workspace

from .events import Kind


class Event(models.Model):
    """Something happened; written in the transaction of the change (the outbox)."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=40, choices=Kind.choices)
    payload = models.JSONField(default=dict)
    actor_user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    idea = models.ForeignKey(
        "feedback.Idea", null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    changelog_entry = models.ForeignKey(
        "feedback.ChangelogEntry", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="events",
    )  # fmt: skip
    notify = models.BooleanField(default=True, help_text="False: webhooks only, no person told.")
    # The audience when it is not derived from the idea (reminders, notices to admins).
    recipient_ids = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    fanned_out_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["created_at"], condition=Q(fanned_out_at=None), name="event_outbox"
            ),
            models.Index(fields=["idea", "-created_at"], name="event_by_idea"),
        ]

    def __str__(self):
        return f"{self.kind} #{self.pk}"


class DeliveryChannel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    INAPP = "inapp", _("In portal")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    SUPPRESSED = "suppressed", _("Suppressed")


class Delivery(models.Model):
    """The unit of work: this event, to this person, by this channel — at most one row.

    A worker claims pending rows (status SENDING, with a lease), sends, then marks each SENT.
    A worker killed mid-batch leaves its claimed rows SENDING; when the lease runs out they
    are claimed again, so only those in flight at the kill can go out twice.
    In-portal deliveries are the notifications themselves: sent when created, read later.
    """

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="deliveries")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(max_length=10, choices=DeliveryChannel.choices)
    status = models.CharField(
        max_length=12, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    reason = models.CharField(max_length=300, blank=True)  # why failed / suppressed
    ideas = models.JSONField(default=list, blank=True)  # the ideas this person asked about
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["event", "person", "channel"], name="one_delivery_per_event_person_channel"
            )
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status__in=["pending", "sending"]),
                name="delivery_due",
            ),
            models.Index(fields=["person", "channel", "-created_at"], name="delivery_by_person"),
        ]

    def __str__(self):
        return f"{self.channel} to person {self.person_id} for event {self.event_id}"


class IdeaMute(models.Model):
    """A person does not want to hear about this idea any more."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="idea_mutes")
    idea = models.ForeignKey("feedback.Idea", on_delete=models.CASCADE, related_name="mutes")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "idea"], name="one_mute_per_person_idea")
        ]

    def __str__(self):
        return f"person {self.person_id} muted idea {self.idea_id}"


def new_webhook_secret() -> str:
    """Standard Webhooks form: "whsec_" + base64 of the key bytes (what their libraries take)."""
    return "whsec_" + base64.b64encode(os.urandom(24)).decode()


class WebhookEndpoint(models.Model):
    """An integrator's URL that receives signed events (Standard Webhooks)."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="webhooks")
    url = models.URLField(max_length=500)
    description = models.CharField(max_length=200, blank=True)
    event_types = models.JSONField(default=list, blank=True)  # empty: every event
    secret = models.CharField(max_length=80, default=new_webhook_secret, editable=False)
    is_active = models.BooleanField(default=True)
    disabled_reason = models.CharField(max_length=300, blank=True)
    failing_since = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return self.url

    def wants(self, kind: str) -> bool:
        return not self.event_types or kind in self.event_types


class WebhookDelivery(models.Model):
    """One event for one endpoint; retried with backoff; every attempt is logged."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="webhook_deliveries")
    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    status = models.CharField(
        max_length=12, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    reason = models.CharField(max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "endpoint"], name="one_webhook_per_event")
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status__in=["pending", "sending"]),
                name="webhook_delivery_due",
            )
        ]

    def __str__(self):
        return f"event {self.event_id} to endpoint {self.endpoint_id}"


class WebhookAttempt(models.Model):
    """What was sent and what came back, for the endpoint's delivery log."""

    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="log")
    at = models.DateTimeField(default=timezone.now)
    request_headers = models.JSONField(default=dict)
    request_body = models.TextField()
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body = models.TextField(blank=True)
    error = models.CharField(max_length=300, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-at"]

    def __str__(self):
        return f"attempt at {self.at:%Y-%m-%d %H:%M:%S}: {self.response_status or self.error}"
