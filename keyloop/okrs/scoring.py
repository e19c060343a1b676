"""How a key result scores: linear, binary and threshold scoring in every direction, the 0–1
score and its red/amber/green band, an objective's weighted mean, the checks on the figures.

Pure functions over plain numbers (Decimal, float or int in; float out): no models, no database,
so the API, the pages, the demo data and the tests all score a key result the same way.
See docs/decisions/0005-okr-scoring.md for the choices made here.
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

Number = Decimal | float | int


class Direction(models.TextChoices):
    INCREASE = "increase", _("Increase")
    DECREASE = "decrease", _("Decrease")
    STAY_ABOVE = "stay_above", _("Stay above")
    STAY_BELOW = "stay_below", _("Stay below")


class ScoringType(models.TextChoices):
    LINEAR = "linear", _("Linear")
    BINARY = "binary", _("Binary")
    THRESHOLD = "threshold", _("Threshold")


class Band(models.TextChoices):
    RED = "red", _("Red")
    AMBER = "amber", _("Amber")
    GREEN = "green", _("Green")


# The seeds' scale: 0–0.3 red, 0.4–0.6 amber, 0.7–1.0 green, 0.7 being success. The scale
# leaves 0.3–0.4 and 0.6–0.7 open; a score belongs to the band whose lower edge it has reached,
# so 0.35 is red and 0.65 amber: a key result is green only once it has reached success.
AMBER_FROM = Decimal("0.4")
GREEN_FROM = Decimal("0.7")

# Where a key result wants its number to go: up, or down.
_UPWARD = {Direction.INCREASE, Direction.STAY_ABOVE}
_DOWNWARD = {Direction.DECREASE, Direction.STAY_BELOW}
_STAY = {Direction.STAY_ABOVE, Direction.STAY_BELOW}


@dataclass(frozen=True)
class Figures:
    """The numbers of one key result, as scoring needs them."""

    direction: str
    scoring: str
    baseline: Number | None
    target: Number | None
    current: Number | None
    # Threshold levels, (value, score) pairs ordered from the first level reached to the last:
    # ((40, 0.3), (45, 0.7), (50, 1.0)) for an increasing key result.
    levels: tuple[tuple[Number, Number], ...] = ()


def _decimal(value: Number) -> Decimal:
    # Compare and divide in Decimal so a check-in of 0.1 meets a target of 0.1 whether either
    # came from the database (Decimal) or from JSON (float): str() of a float is its shortest
    # round-trip form, which is the number the person typed.
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(value)


def _reached(current: Decimal, bound: Decimal, direction: str) -> bool:
    """Whether `current` is at or past `bound` on the side the key result wants to be."""
    if direction in _DOWNWARD:
        return current <= bound
    return current >= bound


def _fraction(*, baseline: Decimal, target: Decimal, current: Decimal, direction: str) -> float:
    """How far `current` has come from baseline to target, clamped to [0, 1].

    (current − baseline) / (target − baseline) works unchanged for a decreasing key result: both
    differences are negative while the number falls towards its target, so the ratio is positive.
    """
    if target == baseline:
        # Nothing to measure (check_figures refuses it); never divide by zero: the target is
        # either met or not.
        return 1.0 if _reached(current, target, direction) else 0.0
    ratio = (current - baseline) / (target - baseline)
    return float(min(max(ratio, Decimal(0)), Decimal(1)))


def _threshold(figures: Figures, current: Decimal) -> float:
    # The score of the highest level reached. max() over every reached level rather than "the
    # last one in order" so a score is never higher than a level actually reached, even if
    # levels slipped past check_figures unordered.
    reached = [
        _decimal(level_score)
        for level_value, level_score in figures.levels
        if _reached(current, _decimal(level_value), figures.direction)
    ]
    return float(max(reached, default=Decimal(0)))


def score(figures: Figures) -> float:
    """The key result's score in [0, 1]; 0 while it has no current value."""
    if figures.current is None:
        return 0.0
    current = _decimal(figures.current)
    if figures.direction in _STAY:
        # Staying above or below a bound is met or not: 1 while inside the band. Linear and
        # threshold scoring have no baseline-to-target distance to measure here.
        if figures.target is None:
            return 0.0
        return 1.0 if _reached(current, _decimal(figures.target), figures.direction) else 0.0
    if figures.scoring == ScoringType.THRESHOLD:
        return _clamp(_threshold(figures, current))
    if figures.target is None:
        return 0.0
    target = _decimal(figures.target)
    if figures.scoring == ScoringType.BINARY:
        return 1.0 if _reached(current, target, figures.direction) else 0.0
    if figures.baseline is None:
        return 0.0
    return _fraction(
        baseline=_decimal(figures.baseline),
        target=target,
        current=current,
        direction=figures.direction,
    )


def progress(figures: Figures) -> float:
    """The fraction of the way from baseline to target, clamped to [0, 1], for pace.

    Pace compares this with the elapsed fraction of the period, so it is the distance covered
    whatever the scoring type: a threshold key result halfway to its target is halfway, even if
    it has not reached its first level yet. Stay above/below: 1 inside the band, else 0. Without
    a baseline (a binary key result may have none) it is 1 once the target is met, else 0.
    """
    if figures.current is None or figures.target is None:
        return 0.0
    current = _decimal(figures.current)
    target = _decimal(figures.target)
    if figures.direction in _STAY or figures.baseline is None:
        return 1.0 if _reached(current, target, figures.direction) else 0.0
    return _fraction(
        baseline=_decimal(figures.baseline),
        target=target,
        current=current,
        direction=figures.direction,
    )


def _clamp(value: float) -> float:
    return min(max(value, 0.0), 1.0)


def weighted_mean(pairs: Iterable[tuple[Number, Number]]) -> float | None:
    """The mean of (score, weight) pairs weighted by weight; None when nothing carries weight.

    An objective with no key results (or only weight-0 ones) has no score rather than a score
    of 0: "not measured yet" must not read as "failed".
    """
    total = 0.0
    total_weight = 0.0
    for pair_score, weight in pairs:
        weight = float(weight)
        if weight < 0 or not math.isfinite(weight):
            raise ValueError(f"a weight must be a finite number of at least 0, not {weight}")
        total += float(pair_score) * weight
        total_weight += weight
    if total_weight == 0:
        return None
    return _clamp(total / total_weight)


def rounded(value: float) -> Decimal:
    """The score as people see it: two decimals, halves rounded up (0.695 shows as 0.70)."""
    return _decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def band(value: float | None) -> str | None:
    """red below 0.4, amber from 0.4 below 0.7, green from 0.7; None for no score.

    The band is decided on the score as shown (two decimals), so a score displayed as 0.70 is
    never amber because arithmetic left it at 0.69999….
    """
    if value is None or math.isnan(value):
        return None
    shown = rounded(_clamp(float(value)))
    if shown >= GREEN_FROM:
        return Band.GREEN
    if shown >= AMBER_FROM:
        return Band.AMBER
    return Band.RED


def _as_number(value, field: str, errors: dict[str, str]) -> Decimal | None:
    """The value as a Decimal, or None after noting why it is not a usable number."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, Decimal | float | int):
        errors[field] = _("Enter a number.")
        return None
    number = _decimal(value)
    if not number.is_finite():
        errors[field] = _("Enter a finite number.")
        return None
    return number


def _check_levels(figures: Figures, errors: dict[str, str]) -> None:
    if not figures.levels:
        errors["levels"] = _(
            "A threshold key result needs at least one level: a value and the score it earns."
        )
        return
    values: list[Decimal] = []
    scores: list[Decimal] = []
    for level in figures.levels:
        try:
            level_value, level_score = level
        except (TypeError, ValueError):
            errors["levels"] = _("Each level is a value and a score.")
            return
        level_errors: dict[str, str] = {}
        value = _as_number(level_value, "value", level_errors)
        points = _as_number(level_score, "score", level_errors)
        if level_errors or value is None or points is None:
            errors["levels"] = _("Each level's value and score must be numbers.")
            return
        values.append(value)
        scores.append(points)
    if any(points < 0 or points > 1 for points in scores):
        errors["levels"] = _("Level scores must be between 0 and 1.")
        return
    upward = figures.direction not in _DOWNWARD
    in_order = all((b > a) if upward else (b < a) for a, b in zip(values, values[1:], strict=False))
    if not in_order:
        errors["levels"] = (
            _("Level values must go up, each higher than the one before.")
            if upward
            else _(
                "For a decreasing key result, level values must go down, each lower than the "
                "one before."
            )
        )
        return
    if not all(b > a for a, b in zip(scores, scores[1:], strict=False)):
        errors["levels"] = _("Each level must score more than the one before it.")


def check_figures(figures: Figures) -> None:
    """Refuse figures that cannot score honestly, naming each field that is wrong.

    Raises ValidationError({field: message}) covering every problem at once, so a form or an
    API client can show them all together.
    """
    errors: dict[str, str] = {}
    if figures.direction not in Direction.values:
        errors["direction"] = _("Choose increase, decrease, stay above or stay below.")
    if figures.scoring not in ScoringType.values:
        errors["scoring"] = _("Choose linear, binary or threshold scoring.")
    baseline = _as_number(figures.baseline, "baseline", errors)
    target = _as_number(figures.target, "target", errors)
    _as_number(figures.current, "current", errors)
    if errors.keys() & {"direction", "scoring"}:
        raise ValidationError(errors)

    stay = figures.direction in _STAY
    needs_baseline = not stay and figures.scoring in (ScoringType.LINEAR, ScoringType.THRESHOLD)
    if figures.target is None:
        errors.setdefault("target", _("Enter the target this key result aims for."))
    if needs_baseline and figures.baseline is None:
        errors.setdefault(
            "baseline",
            _("Enter the baseline: where the number stands now, so the target means something."),
        )
    if not stay and baseline is not None and target is not None:
        if target == baseline:
            errors["target"] = _("The target equals the baseline: nothing to measure.")
        elif figures.direction == Direction.INCREASE and target < baseline:
            errors["target"] = _(
                "The target is below the baseline: choose \u201cdecrease\u201d or raise the target."
            )
        elif figures.direction == Direction.DECREASE and target > baseline:
            errors["target"] = _(
                "The target is above the baseline: choose \u201cincrease\u201d or lower the target."
            )
    if figures.scoring == ScoringType.THRESHOLD and not stay:
        _check_levels(figures, errors)
    if errors:
        raise ValidationError(errors)
