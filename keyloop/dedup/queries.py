"""Reads for similar ideas: suggestions as people type, in the inbox, and duplicate pairs."""

from __future__ import annotations

from dataclasses import dataclass

from keyloop.feedback.models import DuplicateDismissal, Idea

from . import lexical

DUPLICATE_THRESHOLD = 0.5


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


def _document(idea) -> list[str]:
    # The title says what the idea is; count it twice against a long body.
    return lexical.tokenize(f"{idea.title} {idea.title} {idea.body}")


def similar_ideas(
    *, workspace, text: str, limit: int = 5, board=None, exclude_ids=(), include_private=False
) -> list[Similar]:
    """Live ideas (not deleted, not merged, published; public boards unless
    include_private) most similar to `text`, best first."""
    query = lexical.tokenize(text)
    if not query or limit <= 0:
        return []
    ideas = list(
        live_ideas(workspace=workspace, board=board, include_private=include_private)
        .exclude(pk__in=list(exclude_ids))
        .select_related("status", "board")
    )
    if not ideas:
        return []
    bm25 = lexical.BM25([_document(idea) for idea in ideas])
    ceiling = bm25.ceiling(query)
    ranked = sorted(bm25.scores(query).items(), key=lambda pair: (-pair[1], ideas[pair[0]].pk))
    return [Similar(ideas[i], min(1.0, score / ceiling)) for i, score in ranked[:limit]]


def dismissed_pairs(*, workspace) -> set[tuple[int, int]]:
    return set(
        DuplicateDismissal.objects.filter(workspace=workspace).values_list(
            "idea_low_id", "idea_high_id"
        )
    )


def duplicate_candidates(
    *, workspace, threshold: float | None = None, limit: int = 50
) -> list[tuple[Idea, Idea, float]]:
    """Pairs of live ideas likely to be duplicates (newer first in each pair), best
    first, skipping pairs the team dismissed (DuplicateDismissal, owned by M) and merged
    ideas."""
    threshold = DUPLICATE_THRESHOLD if threshold is None else threshold
    ideas = list(live_ideas(workspace=workspace, include_private=True).select_related("status"))
    documents = [_document(idea) for idea in ideas]
    bm25 = lexical.BM25(documents)
    dismissed = dismissed_pairs(workspace=workspace)
    best: dict[tuple[int, int], float] = {}
    for i, query in enumerate(documents):
        if not query:
            continue
        ceiling = bm25.ceiling(query)
        for j, score in bm25.scores(query).items():
            if i == j:
                continue
            low, high = sorted((ideas[i].pk, ideas[j].pk))
            if (low, high) in dismissed:
                continue
            key = (min(i, j), max(i, j))
            best[key] = max(best.get(key, 0.0), min(1.0, score / ceiling))
    pairs = []
    for (i, j), score in best.items():
        if score < threshold:
            continue
        a, b = ideas[i], ideas[j]
        newer, older = (a, b) if (a.created_at, a.pk) > (b.created_at, b.pk) else (b, a)
        pairs.append((newer, older, score))
    pairs.sort(key=lambda pair: (-pair[2], -pair[0].pk))
    return pairs[:limit]
