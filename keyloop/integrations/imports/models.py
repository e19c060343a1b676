"""Import runs (an uploaded file, its progress and summary) and what each source row became."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from keyloop.accounts.models import Workspace


class ImportFormat(models.TextChoices):
    CANNY = "canny", _("Canny")
    FIDER = "fider", _("Fider")
    USERVOICE = "uservoice", _("UserVoice")
    GENERIC = "generic", _("Any CSV (feedback items)")


class ImportRun(models.Model):
    class State(models.TextChoices):
        MAPPING = "mapping", _("Waiting for the column mapping")
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="import_runs")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    format = models.CharField(max_length=20, choices=ImportFormat.choices)
    filename = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField(default=0)
    # The uploaded file until the run finishes (the worker may run on another machine).
    data = models.BinaryField(blank=True, default=b"")
    headers = models.JSONField(default=list, blank=True)  # generic: the file's columns
    preview = models.JSONField(default=list, blank=True)  # generic: its first rows
    mapping = models.JSONField(default=dict, blank=True)  # generic: field -> column
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    total_rows = models.PositiveIntegerField(default=0)
    done_rows = models.PositiveIntegerField(default=0)
    # {"ideas": {"created": 3, "updated": 0, "unchanged": 1, "skipped": 0}, ...}
    summary = models.JSONField(default=dict, blank=True)
    skipped = models.JSONField(
        default=list, blank=True
    )  # [{"row": "posts.csv:4", "kind", "reason"}]
    skipped_count = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["workspace", "-created_at"], name="import_runs_recent")]

    def __str__(self):
        return f"{self.get_format_display()} import of {self.filename}"

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 100 if self.state == self.State.DONE else 0
        return min(100, self.done_rows * 100 // self.total_rows)

    @property
    def is_active(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)


class ImportRecord(models.Model):
    """Source object (a Canny post, a UserVoice vote…) → the object it became here, so a
    second import of the same export finds it instead of creating it again."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    format = models.CharField(max_length=20, choices=ImportFormat.choices)
    kind = models.CharField(max_length=20)  # idea, vote, comment
    source_id = models.CharField(max_length=255)
    object_id = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "format", "kind", "source_id"], name="import_record_once"
            )
        ]

    def __str__(self):
        return f"{self.format} {self.kind} {self.source_id} → {self.object_id}"
