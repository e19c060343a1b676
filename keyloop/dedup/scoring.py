"""How similar a text is to an idea, 0..1: the measured combination of embedding views.

Each idea has a "full" vector (title and body, 256 tokens) and a title vector. A query is
one text (what a customer types, an inbox item, an API query), embedded once; it is compared
with both of an idea's vectors. The weights come from a logistic fit on the dev split,
cross-validated by halves; BM25 got no weight there (any weight lowered MAP@10), so it serves
as the scorer when no model is loaded. See docs/decisions/0004-duplicate-detection.md.
"""

from __future__ import annotations

import numpy as np

FULL_WEIGHT, TITLE_WEIGHT = 0.77, 0.23
# Below this, a suggestion is noise: unrelated texts score up to about 0.4 with MiniLM.
SUGGESTION_MIN = 0.42
# Two ideas at or above this are listed as possible duplicates.
DUPLICATE_MIN = 0.6


def blend(full, title):
    """An idea's blended vector: the score is linear, so one product per query does both."""
    return FULL_WEIGHT * full + TITLE_WEIGHT * title


def score_against(query, blended):
    """Scores of one query vector against documents' blended vectors (a matrix)."""
    return np.clip(blended @ query, 0.0, 1.0)


def pair_scores(blended_a, full_a, blended_b, full_b):
    """Idea-to-idea scores (rows a, columns b), symmetric: FULL_WEIGHT x full.full plus
    TITLE_WEIGHT x the mean of the two title.full products."""
    return np.clip((blended_a @ full_b.T + full_a @ blended_b.T) / 2, 0.0, 1.0)


def lexical_score(bm25_score: float, ceiling: float) -> float:
    """BM25 scaled into 0..1 by the most the query could score (the fallback without a model)."""
    return min(1.0, bm25_score / ceiling) if ceiling else 0.0


def ranking_metrics(judged: list[tuple[list[bool], int]]) -> dict[str, float]:
    """Recall@1, @5 and @10, MRR@10 and MAP@10, as fractions, over queries each given as its
    top 10 judged (True where a true duplicate sits) and its number of true duplicates."""
    hits = {1: 0, 5: 0, 10: 0}
    reciprocal = average_precision = 0.0
    for found, relevant in judged:
        for k in hits:
            hits[k] += any(found[:k])
        first = next((rank for rank, hit in enumerate(found, 1) if hit), None)
        reciprocal += 1 / first if first else 0.0
        correct, precision = 0, 0.0
        for rank, hit in enumerate(found, 1):
            if hit:
                correct += 1
                precision += correct / rank
        average_precision += precision / max(1, min(relevant, 10))
    n = len(judged)
    return {
        "recall@1": hits[1] / n,
        "recall@5": hits[5] / n,
        "recall@10": hits[10] / n,
        "mrr@10": reciprocal / n,
        "map@10": average_precision / n,
    }
