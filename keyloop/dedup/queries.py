"""Reads for similar ideas: suggestions as people type, in the inbox, and duplicate pairs."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from keyloop.feedback.models import DuplicateDismissal, Idea

from . import embedder as embedders
from . import index as indexes
from . import lexical, scoring


@dataclass
class Similar:
    idea: Idea
    score: float  # 0..1, higher is more similar


def live_ideas(*, workspace, board=None, include_private: bool = False):
    """Ideas that can be suggested: not deleted, not merged, published (public boards only
    unless `include_private`)."""
    ideas = Idea.objects.filter(
        workspace=workspace, deleted_at=None, merged_into=None, is_published=True
    )
    if board is not None:
        ideas = ideas.filter(board=board)
    if not include_private:
        ideas = ideas.filter(board__is_private=False)
    return ideas


def clean_query(text: str) -> str:
    return indexes.query_text(text)


def text_scores(
    index: indexes.WorkspaceIndex, text: str, embedder, *, stored: bool = True
) -> np.ndarray:
    """Every indexed idea's score against `text`: embeddings (by the index's model) where the
    idea has a vector, BM25 (scaled to 0..1) where it has none yet or no model is loaded."""
    scores = np.zeros(len(index), dtype=np.float32)
    vectors = index.has_vector if embedder is not None else np.zeros(len(index), dtype=bool)
    if vectors.any():
        query = indexes.query_vector(text, embedder, stored=stored)
        scores = scoring.score_against(query, index.blended).astype(np.float32)
    if not vectors.all():
        words = lexical.tokenize(text)
        if words:
            ceiling = index.bm25.ceiling(words)
            for i, score in index.bm25.scores(words).items():
                if not vectors[i]:
                    scores[i] = scoring.lexical_score(score, ceiling)
    return scores


def similar_ideas(
    *, workspace, text: str, limit: int = 5, board=None, exclude_ids=(), include_private=False,
    role: str = embedders.MATCHING,
) -> list[Similar]:  # fmt: skip
    """Live ideas (not deleted, not merged, published; public boards unless
    include_private) most similar to `text`, best first. `role` picks the model: MATCHING
    (the stronger one; texts the worker embedded ahead) or TYPING (a query embedded now)."""
    text = clean_query(text)
    if not lexical.tokenize(text) or limit <= 0:
        return []
    index = indexes.workspace_index(workspace, role)
    if not len(index):
        return []
    scores = text_scores(index, text, embedders.get(role))
    allowed = scores >= scoring.SUGGESTION_MIN
    if board is not None:
        allowed &= index.board_ids == board.pk
    if not include_private:
        allowed &= ~index.private
    if exclude_ids:
        allowed &= ~np.isin(index.ids, np.array(list(exclude_ids), dtype=np.int64))
    candidates = np.flatnonzero(allowed)
    wanted = min(len(candidates), limit * 2 + 10)  # room for ideas changed since the build
    if len(candidates) > wanted:
        candidates = candidates[np.argpartition(-scores[candidates], wanted - 1)[:wanted]]
    best = candidates[np.argsort(-scores[candidates], kind="stable")]
    # The database has the last word on what is live and visible.
    ideas = live_ideas(workspace=workspace, board=board, include_private=include_private)
    found = ideas.select_related("status", "board").in_bulk([int(i) for i in index.ids[best]])
    results = [
        Similar(found[int(index.ids[i])], round(float(scores[i]), 4))
        for i in best
        if int(index.ids[i]) in found
    ]
    return results[:limit]


def dismissed_pairs(*, workspace) -> set[tuple[int, int]]:
    return set(
        DuplicateDismissal.objects.filter(workspace=workspace).values_list(
            "idea_low_id", "idea_high_id"
        )
    )


_PAIR_BLOCK = 512
_PAIRS_PER_IDEA = 5


def _pair_scores(index: indexes.WorkspaceIndex):
    """(row, column, score) of each idea's best matches, rows < columns, from blocks of rows."""
    n = len(index)
    if index.has_vector.any() and index.model != "off":
        for start in range(0, n, _PAIR_BLOCK):
            rows = slice(start, min(n, start + _PAIR_BLOCK))
            block = scoring.pair_scores(
                index.blended[rows], index.full[rows], index.blended, index.full
            )
            block[:, ~index.has_vector] = 0
            block[~index.has_vector[rows], :] = 0
            for offset, row in enumerate(block):
                i = start + offset
                row[: i + 1] = 0  # each pair once, never an idea with itself
                top = np.argpartition(-row, min(_PAIRS_PER_IDEA, n - 1))[:_PAIRS_PER_IDEA]
                for j in top:
                    if row[j] > 0:
                        yield i, int(j), float(row[j])
        return
    # Without a model, words: each idea's text as the query against every other, scaled by
    # what it could score. A pair counts as well as its weaker direction, so a short title
    # whose few words all turn up in a long description is not taken for its duplicate.
    bm25 = index.bm25
    scaled: dict[tuple[int, int], float] = {}
    for i, words in enumerate(index.documents):
        if not words:
            continue
        ceiling = bm25.ceiling(words)
        for j, score in bm25.scores(words).items():
            if j != i:
                scaled[i, j] = scoring.lexical_score(score, ceiling)
    for (i, j), score in scaled.items():
        if i < j and (j, i) in scaled:
            yield i, j, min(score, scaled[j, i])


def duplicate_candidates(
    *, workspace, threshold: float | None = None, limit: int = 50
) -> list[tuple[Idea, Idea, float]]:
    """Pairs of live ideas likely to be duplicates (newer first in each pair), best
    first, skipping pairs the team dismissed (DuplicateDismissal, owned by M) and merged
    ideas."""
    threshold = scoring.DUPLICATE_MIN if threshold is None else threshold
    index = indexes.workspace_index(workspace)
    dismissed = dismissed_pairs(workspace=workspace)
    best: dict[tuple[int, int], float] = {}
    for i, j, score in _pair_scores(index):
        if score < threshold:
            continue
        a, b = int(index.ids[i]), int(index.ids[j])
        key = (min(a, b), max(a, b))
        if key not in dismissed:
            best[key] = max(best.get(key, 0.0), score)
    ranked = sorted(best.items(), key=lambda pair: (-pair[1], -pair[0][1]))[: limit * 2]
    ideas = live_ideas(workspace=workspace, include_private=True).select_related("status")
    found = ideas.in_bulk({pk for pair, _ in ranked for pk in pair})
    pairs = []
    for (low, high), score in ranked:
        if low not in found or high not in found:
            continue
        a, b = found[low], found[high]
        newer, older = (a, b) if (a.created_at, a.pk) > (b.created_at, b.pk) else (b, a)
        pairs.append((newer, older, round(score, 4)))
    return pairs[:limit]
