"""Background work of the dedup app: vectors for new and edited ideas and feedback items."""

from django.tasks import task

from keyloop.lib.transactions import on_commit_once

BATCH = 64


def embed_pending(*, embedder, workspace=None, progress=None, check_all=True) -> int:
    """Store vectors for every idea and (under the matching model: embedder.embeds_feedback)
    feedback item that has none, or an outdated one, under `embedder`'s model; returns how
    many were embedded.

    `check_all=False` (the background task) only reads the rows that can need it: ideas
    without a vector or edited since it was stored (`updated_at`), feedback without one (an
    edited item's vector is deleted when it is saved: dedup/apps.py). `reindex` checks every
    text's hash.
    """
    from django.db.models import Exists, OuterRef

    from keyloop.feedback.models import Idea
    from keyloop.inbox.models import FeedbackItem

    from . import embedder as embedders
    from . import index
    from .actions import embeddings_store
    from .models import Embedding

    done = 0
    kinds = [(Idea, Embedding.Kind.IDEA, ("pk", "workspace_id", "title", "body"))]
    if embedders.embeds_feedback(embedder):
        kinds.append(
            (FeedbackItem, Embedding.Kind.FEEDBACK, ("pk", "workspace_id", "title", "text"))
        )
    for model, kind, fields in kinds:
        rows = (
            model.objects.all() if workspace is None else model.objects.filter(workspace=workspace)
        )
        if kind == Embedding.Kind.IDEA:
            rows = rows.filter(deleted_at=None, merged_into=None)
        if not check_all:
            current = Embedding.objects.filter(
                kind=kind, object_id=OuterRef("pk"), model=embedder.name
            )
            if kind == Embedding.Kind.IDEA:
                current = current.filter(updated_at__gte=OuterRef("updated_at"))
            rows = rows.filter(~Exists(current))
        last = 0
        while True:
            batch = list(rows.filter(pk__gt=last).order_by("pk").values_list(*fields)[: BATCH * 4])
            if not batch:
                break
            last = batch[-1][0]
            by_workspace: dict[int, list] = {}
            for pk, workspace_id, title, body in batch:
                text = index.full_text(title, body)
                if kind == Embedding.Kind.FEEDBACK:  # as the inbox asks: found by its hash
                    text = index.query_text(text)
                by_workspace.setdefault(workspace_id, []).append((pk, title, text))
            for workspace_id, objects in by_workspace.items():
                done += embeddings_store(
                    workspace_id=workspace_id, kind=kind, objects=objects, embedder=embedder
                )
            if progress:
                progress(kind, len(batch))
    return done


@task()
def embeddings_refresh() -> int:
    """Embed what is new or edited, under each model in use (enqueued after commit; a waiting
    run covers them all). The typing model goes first: it is the cheaper one, and customers
    typing see its suggestions."""
    from . import embedder as embedders

    done = 0
    for embedder in reversed(embedders.in_use()):  # in_use() lists matching first
        done += embed_pending(embedder=embedder, check_all=False)
    return done


def _enqueue_refresh() -> None:
    from keyloop.lib.tasks import enqueue_unless_waiting

    enqueue_unless_waiting(embeddings_refresh)


def embeddings_refresh_soon() -> None:
    """After the current transaction commits, make sure a refresh run is waiting."""
    on_commit_once("dedup:refresh", _enqueue_refresh)
