"""Stored embeddings: an idea's or feedback item's vectors under one model, so that a restart
(or another process) loads them instead of recomputing."""

from django.db import models
from django.utils import timezone

from keyloop.accounts.models import Workspace


class Embedding(models.Model):
    class Kind(models.TextChoices):
        IDEA = "idea"
        FEEDBACK = "feedback"

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    model = models.CharField(max_length=100)  # a vector from another model is recomputed
    text_hash = models.CharField(max_length=64)  # unchanged text is not embedded again
    vector = models.BinaryField()  # float32 x dimensions, L2-normalised: title and body
    title_vector = models.BinaryField()  # the title alone (ideas), or empty
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "model"], name="one_embedding_per_object_and_model"
            )
        ]
        indexes = [
            models.Index(fields=["workspace", "kind", "model"]),
            models.Index(fields=["model", "text_hash"]),  # a query text embedded before
        ]

    def __str__(self):
        return f"{self.kind} {self.object_id} ({self.model})"
