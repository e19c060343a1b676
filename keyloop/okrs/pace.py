"""Pace: where a key result should be by a date (the elapsed fraction of its period), whether it is
on track, behind or at risk against that line, and where its check-ins project it by its deadline.

Pure functions over dates and numbers: no models, no database (see decision 0005).
"""

from datetime import date, datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

# Ratios computed in floats land a hair either side of a threshold (0.9 may come out as
# 0.8999999999999999); a key result exactly on the line must read as on it.
_TOLERANCE = 1e-9


class Pace(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    BEHIND = "behind", _("Behind")
    AT_RISK = "at_risk", _("At risk")


def _day(value: date) -> date:
    # A datetime is a date too, but subtracting one from a date raises: compare calendar days.
    return value.date() if isinstance(value, datetime) else value


def expected_progress(*, start: date, end: date, on: date) -> float:
    """The fraction of the period from start to end that has passed on `on`, in [0, 1].

    Straight-line pace: halfway through the quarter a key result should be halfway to its
    target. A period of one day (start == end) is all expected once that day has come.
    """
    start, end, on = _day(start), _day(end), _day(on)
    if on >= end:
        return 1.0
    if on <= start:
        return 0.0
    return (on - start).days / (end - start).days


def pace(
    *,
    progress: float,
    expected: float,
    behind_below: float = 0.9,
    at_risk_below: float = 0.6,
) -> str:
    """On track, behind or at risk: progress measured against the progress expected by now.

    The ratio progress / expected is compared, not the difference, so being 10 points short
    in week 2 (when 15% is expected) weighs more than 10 points short in week 12. At or above
    `behind_below` of the expected progress is on track; at or above `at_risk_below` is behind;
    below it, at risk. Nothing expected yet (the period has not started) is on track.
    """
    if at_risk_below > behind_below:
        raise ValueError("at_risk_below must not be above behind_below")
    if expected <= 0:
        return Pace.ON_TRACK
    ratio = float(progress) / float(expected)
    if ratio >= behind_below - _TOLERANCE:
        return Pace.ON_TRACK
    if ratio >= at_risk_below - _TOLERANCE:
        return Pace.BEHIND
    return Pace.AT_RISK


def _day_number(value: date) -> float:
    """Days since 1 Jan of year 1, with the time of day as a fraction for a datetime."""
    if isinstance(value, datetime):
        midnight = datetime.combine(value.date(), datetime.min.time(), tzinfo=value.tzinfo)
        return value.toordinal() + (value - midnight).total_seconds() / 86400
    return float(value.toordinal())


def projection(*, points: list[tuple[date, float]], deadline: date) -> float | None:
    """The value the check-ins' trend reaches by the deadline; None with too little to go on.

    An ordinary least-squares line through (day, value) — every check-in counts, so one odd
    week bends the line rather than deciding it, as it would with "last minus first". With
    fewer than two check-ins, or all on the same day, there is no trend: None, not a guess.
    """
    if len(points) < 2:
        return None
    # Centre the days so the sums stay small (day numbers are ~740 000).
    xs = [_day_number(day) for day, _value in points]
    ys = [float(value) for _day_value, value in points]
    mean_x = sum(xs) / len(xs)
    mean_y = sum(ys) / len(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    if spread == 0:
        return None
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread
    return mean_y + slope * (_day_number(deadline) - mean_x)
