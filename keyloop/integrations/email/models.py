"""Every Message-ID a workspace has received, and the inbox item it became or joined.

Re-delivery of a message finds its row and changes nothing; a reply names an earlier
Message-ID (In-Reply-To / References) and is appended to that item instead of starting one.
"""

from django.db import models
from django.utils import timezone

from keyloop.accounts.models import Workspace
from keyloop.inbox.models import FeedbackItem


class ReceivedEmail(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    message_id = models.CharField(max_length=255)  # without <>; a hash when missing or too long
    item = models.ForeignKey(FeedbackItem, on_delete=models.CASCADE, related_name="emails")
    sender = models.EmailField(max_length=320, blank=True)
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "message_id"], name="email_message_once_per_workspace"
            )
        ]

    def __str__(self):
        return f"<{self.message_id}> → {self.item_id}"
