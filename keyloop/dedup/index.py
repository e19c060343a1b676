"""The vector index: each workspace's live ideas with their vectors, brute force in numpy.

Vectors are stored in the database (`Embedding`, float32 bytes), so a restart or another
process loads them instead of recomputing. Each process keeps one in-memory index per
workspace and rebuilds it when the workspace's dedup version (in the shared cache) moves:
bumped whenever an idea's text or visibility changes or a vector is stored. There is one
index per model in use (embedder.MATCHING and TYPING). Brute force over 100,000 x 384
float32 is a few ms per query; past that an ANN index is the path.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from django.core.cache import cache
from django.utils.crypto import get_random_string

from keyloop.lib.transactions import on_commit_once

from . import embedder as embedders
from . import lexical, scoring
from .models import Embedding

# Ideas missing a stored vector are embedded in memory when the index is built, up to this
# many (the background task stores them); beyond it they are matched by words until then.
INLINE_EMBED_MAX = 64
_QUERY_CACHE_SIZE = 256


def full_text(title: str, body: str) -> str:
    return f"{title}\n{body}".strip()


def query_text(text: str) -> str:
    """A query as it is embedded: whitespace collapsed (the tokenizer ignores it anyway)."""
    return " ".join((text or "").split())


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float32).tobytes()


def from_bytes(data) -> np.ndarray:
    return np.frombuffer(bytes(data), dtype=np.float32)


# --- versions: which in-memory indexes are stale ----------------------------------------------


def _version_key(workspace_id: int) -> str:
    return f"dedup:version:{workspace_id}"


def bump(workspace_id: int) -> None:
    """The workspace's ideas or vectors changed: every process rebuilds its index."""
    cache.set(_version_key(workspace_id), get_random_string(12), timeout=None)


def changed(workspace_id: int) -> None:
    """Ideas of the workspace changed in the current transaction: this process forgets its
    indexes now (it sees its own writes), every process rebuilds once the change commits."""
    for key in [key for key in _indexes if key[0] == workspace_id]:
        _indexes.pop(key, None)
    on_commit_once(("dedup:version", workspace_id), lambda: bump(workspace_id))


def _version(workspace_id: int) -> str:
    version = cache.get(_version_key(workspace_id))
    if version is None:
        version = get_random_string(12)
        cache.add(_version_key(workspace_id), version, timeout=None)
        version = cache.get(_version_key(workspace_id), version)
    return version


# --- the index ---------------------------------------------------------------------------------


@dataclass
class WorkspaceIndex:
    model: str
    ids: np.ndarray  # idea ids
    board_ids: np.ndarray
    private: np.ndarray  # on a private board
    full: np.ndarray  # (n, d) float32, zero rows where no vector yet: title and body
    blended: np.ndarray  # full and title vectors blended by the scoring weights
    has_vector: np.ndarray
    texts: Callable[[], list[str]]  # each idea's title and body, read when BM25 is needed
    _bm25: lexical.BM25 | None = field(default=None, repr=False)
    _documents: list[list[str]] | None = field(default=None, repr=False)

    @property
    def documents(self) -> list[list[str]]:
        """Each idea's words; tokenised only when words are needed (no model, or ideas
        not embedded yet), so an index of vectors alone stays small."""
        if self._documents is None:
            self._documents = [lexical.tokenize(text) for text in self.texts()]
        return self._documents

    @property
    def bm25(self) -> lexical.BM25:
        if self._bm25 is None:
            self._bm25 = lexical.BM25(self.documents)
        return self._bm25

    def __len__(self) -> int:
        return len(self.ids)


def _live_rows(workspace):
    from keyloop.feedback.models import Idea

    return (
        Idea.objects.filter(
            workspace=workspace, deleted_at=None, merged_into=None, is_published=True
        )
        .order_by("pk")
        .values_list("pk", "board_id", "board__is_private", "title", "body")
    )


def build(workspace, embedder=None) -> WorkspaceIndex:
    """The workspace's live ideas, with stored vectors (or vectors computed now, a few)."""
    rows = list(_live_rows(workspace))
    n = len(rows)
    model = embedder.name if embedder else "off"
    dimensions = embedder.dimensions if embedder else 0
    full = np.zeros((n, dimensions), dtype=np.float32)
    title = np.zeros((n, dimensions), dtype=np.float32)
    has_vector = np.zeros(n, dtype=bool)
    if embedder is not None and n:
        position = {row[0]: i for i, row in enumerate(rows)}
        stored = Embedding.objects.filter(
            workspace=workspace, kind=Embedding.Kind.IDEA, model=model
        ).values_list("object_id", "text_hash", "vector", "title_vector")
        for object_id, digest, vector, title_vector in stored.iterator(chunk_size=2000):
            i = position.get(object_id)
            if i is None or digest != text_hash(full_text(rows[i][3], rows[i][4])):
                continue  # not live, or edited since: recomputed below or by the task
            full[i], title[i], has_vector[i] = from_bytes(vector), from_bytes(title_vector), True
        missing = np.flatnonzero(~has_vector)
        if len(missing):
            from .tasks import embeddings_refresh_soon

            embeddings_refresh_soon()
            if len(missing) <= INLINE_EMBED_MAX:
                full[missing], title[missing] = embed_ideas(
                    embedder, [(rows[i][3], rows[i][4]) for i in missing]
                )
                has_vector[missing] = True
    return WorkspaceIndex(
        model=model,
        ids=np.array([row[0] for row in rows], dtype=np.int64),
        board_ids=np.array([row[1] for row in rows], dtype=np.int64),
        private=np.array([bool(row[2]) for row in rows], dtype=bool),
        full=full,
        blended=scoring.blend(full, title),
        has_vector=has_vector,
        texts=_texts_reader(workspace, [row[0] for row in rows]),
    )


def _texts_reader(workspace, ids: list[int]):
    def texts() -> list[str]:
        found = {pk: full_text(title, body) for pk, _, _, title, body in _live_rows(workspace)}
        return [found.get(pk, "") for pk in ids]  # an idea gone since the build has no words

    return texts


def embed_ideas(embedder, ideas: list[tuple[str, str]]) -> tuple[np.ndarray, np.ndarray]:
    """The full (title and body) and title vectors of (title, body) pairs."""
    full = embedder.embed([full_text(title, body) for title, body in ideas])
    return full, embedder.embed([title for title, _ in ideas])


def from_texts(ideas: list[tuple[int, str, str]], embedder) -> WorkspaceIndex:
    """An index of (id, title, body) rows held in memory only: what `dedup_eval` ranks."""
    n = len(ideas)
    if embedder is not None:
        full, title = embed_ideas(embedder, [(t, b) for _, t, b in ideas])
    else:
        full = title = np.zeros((n, 0), dtype=np.float32)
    return WorkspaceIndex(
        model=embedder.name if embedder else "off",
        ids=np.array([row[0] for row in ideas], dtype=np.int64),
        board_ids=np.zeros(n, dtype=np.int64),
        private=np.zeros(n, dtype=bool),
        full=full,
        blended=scoring.blend(full, title),
        has_vector=np.full(n, embedder is not None),
        texts=lambda: [full_text(t, b) for _, t, b in ideas],
    )


_lock = threading.Lock()
_indexes: dict[tuple[int, str], tuple[str, WorkspaceIndex]] = {}


def workspace_index(workspace, role: str = embedders.MATCHING) -> WorkspaceIndex:
    """This process's index of the workspace under the role's model, rebuilt when the
    workspace's version moved."""
    embedder = embedders.get(role)
    key = (workspace.pk, embedder.name if embedder else "off")
    version = _version(workspace.pk)
    cached = _indexes.get(key)
    if cached and cached[0] == version:
        return cached[1]
    with _lock:
        cached = _indexes.get(key)
        if cached and cached[0] == version:
            return cached[1]
        index = build(workspace, embedder)
        _indexes[key] = (version, index)
        return index


def forget() -> None:
    """Drop every in-memory index (tests, and `reindex`)."""
    with _lock:
        _indexes.clear()
    _query_vectors.clear()


_query_vectors: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()


def query_vector(text: str, embedder, *, stored: bool = True) -> np.ndarray:
    """The query's vector. A feedback item's text, stored by the background task, is read
    (one indexed query, made every time so the query count never depends on history);
    other texts are embedded once per process (a customer still typing, a reloaded page).
    `stored=False` skips the database (`dedup_eval`, which has no feedback stored)."""
    key = (embedder.name, text_hash(text))
    found = None
    if stored:
        found = (
            Embedding.objects.filter(model=key[0], text_hash=key[1], kind=Embedding.Kind.FEEDBACK)
            .values_list("vector", flat=True)
            .first()
        )
    if found is not None:
        return from_bytes(found)
    vector = _query_vectors.get(key)
    if vector is None:
        vector = embedder.embed([text])[0]
        _query_vectors[key] = vector
        if len(_query_vectors) > _QUERY_CACHE_SIZE:
            _query_vectors.popitem(last=False)
    else:
        _query_vectors.move_to_end(key)
    return vector
