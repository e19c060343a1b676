"""Server-side SVG for the OKR pages: a key result's value against its pace line (with the
owner's confidence under it), a KPI's history inside its healthy band, and score bars.

Pure functions: numbers and dates in, markup out (escaped, marked safe). No JavaScript, no
inline styles: colours come from classes in keyloop.css ("/* OKRs */"), so the pages pass the
team-page XSS check. Every chart has a <title> and a <desc> that say in words what it shows,
and scales with its container through its viewBox.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .scoring import band as score_band

Number = Decimal | float | int

# The drawing, in viewBox units: the value panel, then the confidence strip under it.
WIDTH = 640
LEFT, RIGHT = 56, 20
TOP = 16
PLOT_HEIGHT = 190
AXIS_GAP = 30  # room for the date labels under the value panel
CONFIDENCE_HEIGHT = 44
BOTTOM = 10
SUCCESS = 0.7  # the seeds' success line on every score bar


@dataclass(frozen=True)
class Point:
    """One reading: a check-in (with the owner's confidence) or a KPI value."""

    day: date
    value: Number
    confidence: int | None = None


def number(value: Number | None, suffix: str = "") -> str:
    """A value as people write it: 1,250 · 42.5 · 0.35 (at most 4 decimals, no trailing zeros)."""
    if value is None:
        return "—"
    value = Decimal(str(value)) if not isinstance(value, Decimal) else value
    if value == value.to_integral_value():
        text = f"{value:,.0f}"
    else:
        text = f"{value:,.4f}".rstrip("0").rstrip(".")
    return f"{text}{suffix}"


def _nice_step(span: float, ticks: int = 4) -> float:
    raw = span / max(ticks, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def value_ticks(low: float, high: float, ticks: int = 4) -> list[float]:
    """Round numbers that cover [low, high] (the y axis's labels)."""
    if high < low:
        low, high = high, low
    if math.isclose(low, high):
        pad = abs(low) * 0.1 or 1.0
        low, high = low - pad, high + pad
    step = _nice_step(high - low, ticks)
    first = math.floor(low / step) * step
    last = math.ceil(high / step) * step
    count = int(round((last - first) / step))
    return [round(first + i * step, 10) for i in range(count + 1)]


def _left_margin(ticks: list[float], suffix: str) -> int:
    """Room for the longest y label (phones draw them larger, see keyloop.css)."""
    longest = max((len(number(tick, suffix)) for tick in ticks), default=3)
    return max(LEFT, min(16 + 10 * longest, 140))


class _Scale:
    def __init__(self, *, start: date, end: date, low: float, high: float, left: int = LEFT):
        self.start, self.days = start, max((end - start).days, 1)
        self.low, self.high = low, high
        self.x0, self.x1 = left, WIDTH - RIGHT
        self.y0, self.y1 = TOP + PLOT_HEIGHT, TOP

    def x(self, day: date) -> float:
        return round(self.x0 + (day - self.start).days / self.days * (self.x1 - self.x0), 1)

    def y(self, value: Number) -> float:
        fraction = (float(value) - self.low) / (self.high - self.low)
        return round(self.y0 - fraction * (self.y0 - self.y1), 1)


def _date_ticks(start: date, end: date, most: int = 5) -> list[date]:
    """Up to `most` evenly spaced days from start to end, both included."""
    days = (end - start).days
    if days <= 0:
        return [start]
    count = min(most - 1, days)
    return [start + timedelta(days=round(days * i / count)) for i in range(count + 1)]


def _short(day: date) -> str:
    return date_format(day, "j M")


def _long(day: date) -> str:
    return date_format(day, "j M Y")


def _axes(scale: _Scale, ticks: list[float], days: list[date], suffix: str) -> list[str]:
    parts = ['<g class="chart-grid">']
    for tick in ticks:
        y = scale.y(tick)
        parts.append(f'<line x1="{scale.x0}" x2="{scale.x1}" y1="{y}" y2="{y}"/>')
    parts.append("</g>")
    parts.append('<g class="chart-axis">')
    for tick in ticks:
        parts.append(
            f'<text class="chart-y" x="{scale.x0 - 8}" y="{scale.y(tick) + 4}" text-anchor="end">'
            f"{escape(number(tick, suffix))}</text>"
        )
    for index, day in enumerate(days):
        anchor = "start" if index == 0 else "end" if index == len(days) - 1 else "middle"
        parts.append(
            f'<text x="{scale.x(day)}" y="{scale.y0 + 20}" text-anchor="{anchor}">'
            f"{escape(_short(day))}</text>"
        )
    parts.append(
        f'<line class="chart-baseline" x1="{scale.x0}" x2="{scale.x1}" '
        f'y1="{scale.y0}" y2="{scale.y0}"/>'
    )
    parts.append("</g>")
    return parts


def _polyline(points: list[tuple[float, float]], css: str) -> str:
    coordinates = " ".join(f"{x},{y}" for x, y in points)
    return f'<polyline class="{css}" points="{coordinates}"/>'


def _today_marker(scale: _Scale, today: date | None, bottom: float) -> list[str]:
    if today is None or not (scale.start <= today <= scale.start + timedelta(days=scale.days)):
        return []
    x = scale.x(today)
    return [
        f'<line class="chart-today" x1="{x}" x2="{x}" y1="{scale.y1}" y2="{bottom}"/>',
        f'<text class="chart-today-label" x="{x + 4}" y="{scale.y1 + 10}">today</text>',
    ]


def _confidence_strip(scale: _Scale, points: Sequence[Point]) -> list[str]:
    """Confidence 0–10 of every check-in, as a small line under the value panel."""
    top = scale.y0 + AXIS_GAP
    bottom = top + CONFIDENCE_HEIGHT

    def y(confidence: int) -> float:
        return round(bottom - confidence / 10 * CONFIDENCE_HEIGHT, 1)

    parts = [
        '<g class="chart-confidence">',
        f'<rect class="chart-strip" x="{scale.x0}" y="{top}" width="{scale.x1 - scale.x0}" '
        f'height="{CONFIDENCE_HEIGHT}"/>',
        f'<text class="chart-axis-text" x="{scale.x0 - 8}" y="{top + 10}" '
        f'text-anchor="end">10</text>',
        f'<text class="chart-axis-text" x="{scale.x0 - 8}" y="{bottom}" text-anchor="end">0</text>',
        f'<text class="chart-strip-label" x="{scale.x0 + 6}" y="{top + 12}">Confidence</text>',
    ]
    rated = [point for point in points if point.confidence is not None]
    if len(rated) > 1:
        parts.append(
            _polyline(
                [(scale.x(point.day), y(point.confidence)) for point in rated], "chart-conf-line"
            )
        )
    for point in rated:
        parts.append(
            f'<circle class="chart-conf-dot" cx="{scale.x(point.day)}" '
            f'cy="{y(point.confidence)}" r="3"><title>{escape(_long(point.day))}: confidence '
            f"{point.confidence}/10</title></circle>"
        )
    parts.append("</g>")
    return parts


def _svg(*, height: float, title: str, desc: str, body: list[str]) -> SafeString:
    # class="icon" and these attributes only: the shape the team-page XSS check allows for
    # our own SVG (see tests/test_markdown_xss.py).
    return mark_safe(  # noqa: S308 - every piece of text above went through escape()
        f'<svg class="icon" viewBox="0 0 {WIDTH} {height}">'
        f"<title>{escape(title)}</title><desc>{escape(desc)}</desc>" + "".join(body) + "</svg>"
    )


def key_result_chart(
    *,
    title: str,
    start: date,
    deadline: date,
    baseline: Number | None,
    target: Number | None,
    points: Sequence[Point],
    direction: str = "increase",
    today: date | None = None,
    projection: Number | None = None,
    suffix: str = "",
) -> SafeString:
    """A key result's check-ins against its pace line, with confidence under them.

    The pace line runs dashed from the baseline on the first day to the target on the
    deadline (for "stay above/below" it is the bound, flat). `projection` (the least-squares
    value at the deadline) continues the last check-in, dotted.
    """
    points = sorted(points, key=lambda point: point.day)
    end = max([deadline, *(point.day for point in points)])
    first = min([start, *(point.day for point in points)])
    stay = direction in ("stay_above", "stay_below")
    values = [float(point.value) for point in points]
    values += [float(v) for v in (baseline, target, projection) if v is not None]
    ticks = value_ticks(min(values, default=0.0), max(values, default=1.0))
    scale = _Scale(
        start=first, end=end, low=ticks[0], high=ticks[-1], left=_left_margin(ticks, suffix)
    )
    height = TOP + PLOT_HEIGHT + AXIS_GAP + CONFIDENCE_HEIGHT + BOTTOM
    body = _axes(scale, ticks, _date_ticks(first, end), suffix)

    if target is not None and (stay or baseline is None):
        y = scale.y(target)
        body.append(
            f'<line class="chart-pace" x1="{scale.x0}" x2="{scale.x1}" y1="{y}" y2="{y}">'
            f"<title>{'Bound' if stay else 'Target'}: {escape(number(target, suffix))}</title>"
            "</line>"
        )
    elif target is not None:
        body.append(
            f'<line class="chart-pace" x1="{scale.x(start)}" y1="{scale.y(baseline)}" '
            f'x2="{scale.x(deadline)}" y2="{scale.y(target)}"><title>Pace: '
            f"{escape(number(baseline, suffix))} on {escape(_long(start))} to "
            f"{escape(number(target, suffix))} on {escape(_long(deadline))}</title></line>"
        )
        body.append(
            f'<circle class="chart-target" cx="{scale.x(deadline)}" cy="{scale.y(target)}" r="4"/>'
        )
    body += _today_marker(scale, today, scale.y0 + AXIS_GAP + CONFIDENCE_HEIGHT)

    if points and projection is not None:
        last = points[-1]
        if last.day < deadline:
            body.append(
                f'<line class="chart-projection" x1="{scale.x(last.day)}" '
                f'y1="{scale.y(last.value)}" x2="{scale.x(deadline)}" '
                f'y2="{scale.y(projection)}"><title>Projected at the deadline: '
                f"{escape(number(projection, suffix))}</title></line>"
            )
    if len(points) > 1:
        body.append(
            _polyline([(scale.x(p.day), scale.y(p.value)) for p in points], "chart-value-line")
        )
    for point in points:
        said = f"{_long(point.day)}: {number(point.value, suffix)}"
        if point.confidence is not None:
            said += f", confidence {point.confidence}/10"
        body.append(
            f'<circle class="chart-value-dot" cx="{scale.x(point.day)}" '
            f'cy="{scale.y(point.value)}" r="4.5"><title>{escape(said)}</title></circle>'
        )
    body += _confidence_strip(scale, points)

    return _svg(
        height=height,
        title=f"{title}: value over time against the pace line",
        desc=_key_result_desc(
            start=start,
            deadline=deadline,
            baseline=baseline,
            target=target,
            points=points,
            projection=projection,
            suffix=suffix,
            stay=direction if stay else "",
        ),  # fmt: skip
        body=body,
    )


def _key_result_desc(*, start, deadline, baseline, target, points, projection, suffix, stay):
    if target is None:
        said = "No target yet."
    elif stay:
        side = "above" if stay == "stay_above" else "below"
        said = f"Must stay {side} {number(target, suffix)} until {_long(deadline)}."
    elif baseline is None:
        said = f"Target {number(target, suffix)} by {_long(deadline)}."
    else:
        said = (
            f"Pace line from {number(baseline, suffix)} on {_long(start)} to "
            f"{number(target, suffix)} on {_long(deadline)}."
        )
    if not points:
        return f"{said} No check-ins yet."
    last = points[-1]
    said += (
        f" {len(points)} check-in{'s' if len(points) != 1 else ''}; the latest, on "
        f"{_long(last.day)}, is {number(last.value, suffix)}"
    )
    if last.confidence is not None:
        said += f" with confidence {last.confidence}/10"
    said += "."
    if projection is not None:
        said += f" Projected at the deadline: {number(projection, suffix)}."
    return said


def kpi_chart(
    *,
    title: str,
    points: Sequence[Point],
    healthy_min: Number | None = None,
    healthy_max: Number | None = None,
    suffix: str = "",
) -> SafeString:
    """A KPI's history with its healthy band shaded."""
    points = sorted(points, key=lambda point: point.day)
    values = [float(point.value) for point in points]
    values += [float(v) for v in (healthy_min, healthy_max) if v is not None]
    ticks = value_ticks(min(values, default=0.0), max(values, default=1.0))
    if points:
        first, end = points[0].day, points[-1].day
    else:
        first = end = date.today()
    if end <= first:
        first, end = first - timedelta(days=7), end + timedelta(days=7)
    scale = _Scale(
        start=first, end=end, low=ticks[0], high=ticks[-1], left=_left_margin(ticks, suffix)
    )
    height = TOP + PLOT_HEIGHT + AXIS_GAP + BOTTOM
    body = []
    if healthy_min is not None or healthy_max is not None:
        top = scale.y(healthy_max) if healthy_max is not None else scale.y1
        bottom = scale.y(healthy_min) if healthy_min is not None else scale.y0
        body.append(
            f'<rect class="chart-healthy" x="{scale.x0}" y="{top}" width="{scale.x1 - scale.x0}" '
            f'height="{round(bottom - top, 1)}"><title>Healthy band</title></rect>'
        )
    body += _axes(scale, ticks, _date_ticks(first, end), suffix)
    if len(points) > 1:
        body.append(
            _polyline([(scale.x(p.day), scale.y(p.value)) for p in points], "chart-value-line")
        )
    for point in points:
        body.append(
            f'<circle class="chart-value-dot" cx="{scale.x(point.day)}" '
            f'cy="{scale.y(point.value)}" r="4"><title>{escape(_long(point.day))}: '
            f"{escape(number(point.value, suffix))}</title></circle>"
        )
    if not points:
        desc = "No values yet."
    else:
        desc = (
            f"{len(points)} value{'s' if len(points) != 1 else ''} from {_long(points[0].day)} "
            f"to {_long(points[-1].day)}; the latest is {number(points[-1].value, suffix)}."
        )
    if healthy_min is not None or healthy_max is not None:
        desc += f" Healthy: {band_words(healthy_min, healthy_max, suffix)}."
    return _svg(height=height, title=f"{title}: history", desc=desc, body=body)


def band_words(low: Number | None, high: Number | None, suffix: str = "") -> str:
    """A healthy band in words: "90,000 – 200,000", "at least 90%", "up to 120", "not set"."""
    if low is not None and high is not None:
        return f"{number(low, suffix)} – {number(high, suffix)}"
    if low is not None:
        return f"at least {number(low, suffix)}"
    if high is not None:
        return f"up to {number(high, suffix)}"
    return "not set"


def score_bar(score: float | None) -> SafeString:
    """A 0–1 score as a bar coloured by its band, with a tick at 0.7 (success).

    Decorative (aria-hidden): the score itself is always printed next to it.
    """
    parts = [
        '<svg class="icon" viewBox="0 0 100 10" aria-hidden="true" focusable="false">',
        '<rect class="bar-track" width="100" height="10" rx="5"/>',
    ]
    if score is not None:
        width = round(min(max(float(score), 0.0), 1.0) * 100, 1)
        if width > 0:
            parts.append(
                f'<rect class="bar-fill band-{score_band(score)}" width="{max(width, 3)}" '
                f'height="10" rx="5"/>'
            )
    parts.append(f'<line class="bar-success" x1="{SUCCESS * 100}" x2="{SUCCESS * 100}" '
                 'y1="0" y2="10"/>')  # fmt: skip
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - numbers and fixed text only
