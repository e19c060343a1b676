"""Writes of the dedup app: storing vectors. Only the background task and `reindex` call these."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from . import index
from .models import Embedding


def embeddings_store(
    *, workspace_id: int, kind: str, objects: list[tuple[int, str, str]], embedder
):
    """Embed and store (object id, title, text) rows whose stored vector is missing or stale;
    returns how many were embedded."""
    existing = dict(
        Embedding.objects.filter(
            kind=kind, model=embedder.name, object_id__in=[o[0] for o in objects]
        ).values_list("object_id", "text_hash")
    )
    todo = [
        (object_id, title, text, index.text_hash(text))
        for object_id, title, text in objects
        if existing.get(object_id) != index.text_hash(text)
    ]
    if not todo:
        return 0
    full = embedder.embed([text for _, _, text, _ in todo])
    titles = (
        embedder.embed([title for _, title, _, _ in todo]) if kind == Embedding.Kind.IDEA else None
    )
    now = timezone.now()
    with transaction.atomic():
        for row, (object_id, _, _, digest) in enumerate(todo):
            Embedding.objects.update_or_create(
                kind=kind,
                object_id=object_id,
                model=embedder.name,
                defaults={
                    "workspace_id": workspace_id,
                    "text_hash": digest,
                    "vector": index.to_bytes(full[row]),
                    "title_vector": index.to_bytes(titles[row]) if titles is not None else b"",
                    "updated_at": now,
                },
            )
        if kind == Embedding.Kind.IDEA:
            index.changed(workspace_id)
    return len(todo)
