"""Raw feedback as it arrived from a channel, waiting in the team's inbox to be triaged."""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from keyloop.accounts.models import Company, Person, Workspace
from keyloop.feedback.models import BODY_MAX, Channel, Idea

FEEDBACK_TEXT_MAX = BODY_MAX  # 20,000 characters


class FeedbackState(models.TextChoices):
    NEW = "new", _("New")
    LINKED = "linked", _("Linked")
    DISMISSED = "dismissed", _("Dismissed")
    SPAM = "spam", _("Spam")


class Sentiment(models.TextChoices):
    """VADER's usual cut-offs on the compound score: ≥ 0.05 positive, ≤ -0.05 negative."""

    POSITIVE = "positive", _("Positive")
    NEUTRAL = "neutral", _("Neutral")
    NEGATIVE = "negative", _("Negative")


class FeedbackItem(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="feedback")
    channel = models.CharField(max_length=20, choices=Channel.choices)
    # The sender's id for this piece of feedback (Slack message ts, e-mail Message-ID, CSV row
    # id…): the same (workspace, channel, external_id) is never stored twice.
    external_id = models.CharField(max_length=255, blank=True)
    title = models.CharField(max_length=200, blank=True)  # e-mail subject, CSV title…
    text = models.TextField(validators=[MaxLengthValidator(FEEDBACK_TEXT_MAX)])
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="feedback"
    )
    # The person's company when the item arrived (people change companies; the demand stays).
    company = models.ForeignKey(
        Company, null=True, blank=True, on_delete=models.SET_NULL, related_name="feedback"
    )
    source_url = models.URLField(max_length=2000, blank=True)
    attachments = models.JSONField(default=list, blank=True)  # [{"name", "type", "size"}]
    metadata = models.JSONField(default=dict, blank=True)  # channel details (Slack channel…)
    received_at = models.DateTimeField(default=timezone.now)
    sentiment = models.FloatField(null=True, blank=True)  # VADER compound in [-1, 1]
    sentiment_label = models.CharField(max_length=10, choices=Sentiment.choices, blank=True)
    state = models.CharField(max_length=10, choices=FeedbackState.choices, default="new")
    idea = models.ForeignKey(
        Idea, null=True, blank=True, on_delete=models.SET_NULL, related_name="feedback_items"
    )
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    triaged_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "channel", "external_id"],
                condition=~Q(external_id=""),
                name="feedback_once_per_channel_id",
            ),
        ]
        indexes = [
            models.Index(fields=["workspace", "state", "-received_at"], name="inbox_by_state"),
            models.Index(fields=["idea", "-received_at"], name="feedback_of_idea"),
            # The sentiment worker's queue: items not scored yet.
            models.Index(fields=["id"], condition=Q(sentiment=None), name="feedback_unscored"),
        ]

    def __str__(self):
        return f"{self.get_channel_display()}: {self.text[:60]}"

    @property
    def headline(self) -> str:
        """One line for lists: the title if the channel gave one, else the text's start."""
        return self.title or " ".join(self.text.split())[:140]
