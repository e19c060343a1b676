"""Sentiment of a piece of feedback: VADER's compound score in [-1, 1] and a label.

VADER is a lexicon and rules (no model download, no GPU); it scores a short message in well
under a millisecond. The analyzer loads its lexicon once per process.
"""

from functools import cache

from .models import Sentiment

POSITIVE_FROM = 0.05
NEGATIVE_TO = -0.05
# VADER reads sentence by sentence; past this many characters the score no longer changes in
# practice, and a 20,000-character e-mail would cost tens of milliseconds.
SCORED_CHARS = 5_000


@cache
def _analyzer():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def label_for(score: float) -> str:
    if score >= POSITIVE_FROM:
        return Sentiment.POSITIVE
    if score <= NEGATIVE_TO:
        return Sentiment.NEGATIVE
    return Sentiment.NEUTRAL


def score_text(text: str) -> tuple[float, str]:
    """(compound score rounded to 4 places, label) for `text`."""
    compound = _analyzer().polarity_scores(text[:SCORED_CHARS])["compound"]
    score = round(float(compound), 4)
    return score, label_for(score)
