"""Template helpers of the OKR pages: scores, bands, pace badges, numbers with their unit.

Load with `{% load okr_tags %}`.
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from .. import charts, scoring
from ..pace import Pace

register = template.Library()

BAND_LABELS = {"red": "Red", "amber": "Amber", "green": "Green"}
PACE_LABELS = dict(Pace.choices)


def unit_suffix(unit: str, unit_label: str = "") -> str:
    """How a number of this unit reads: "42%", "1,200 EUR", "3 days", "17"."""
    if unit == "percent":
        return "%"
    if unit_label:
        return f" {unit_label}"
    if unit == "duration":
        return " days"
    return ""


@register.filter
def score(value) -> str:
    """A 0–1 score as people read it: 0.62 (two decimals); — for none."""
    if value is None or value == "":
        return "—"
    return f"{scoring.rounded(value):.2f}"


@register.filter
def percent(value) -> str:
    """A fraction as a whole percentage: 0.625 → 63%."""
    if value is None or value == "":
        return "—"
    return f"{round(float(value) * 100)}%"


@register.filter
def band_of(value) -> str:
    return scoring.band(value) or ""


@register.simple_tag
def score_bar(value) -> SafeString:
    return charts.score_bar(value)


@register.simple_tag
def band_badge(value) -> SafeString:
    """The band of a score as a badge, in words (colour is never the only signal)."""
    band = scoring.band(value)
    if band is None:
        return format_html('<span class="badge okr-band">{}</span>', "Not scored")
    return format_html(
        '<span class="badge okr-band band-{}">{}</span>', band, BAND_LABELS.get(band, band)
    )


@register.simple_tag
def pace_badge(value) -> SafeString:
    if not value:
        return format_html('<span class="badge okr-pace">{}</span>', "No pace yet")
    return format_html(
        '<span class="badge okr-pace pace-{}">{}</span>', value, PACE_LABELS.get(value, value)
    )


@register.filter
def with_unit(value, item) -> str:
    """`{{ kr.current|with_unit:kr }}`: 42.5% · 1,200 EUR · —."""
    return charts.number(value, unit_suffix(item.unit, getattr(item, "unit_label", "")))


@register.filter
def plain_number(value) -> str:
    """A value without its unit, as it would be typed: 86.2, 1250 (no separators)."""
    if value is None or value == "":
        return ""
    return charts.number(value).replace(",", "")


@register.filter
def rounded(value):
    """A computed value (a projection) to a sensible precision: 61.83 → 61.8, 1234.5 → 1235."""
    if value is None or value == "":
        return None
    value = float(value)
    return round(value) if abs(value) >= 1000 else round(value, 1)


@register.filter
def healthy_band(kpi) -> str:
    """The KPI's healthy band in words: "90,000 – 200,000", "at least 90%", "up to 120"."""
    return charts.band_words(
        kpi.healthy_min, kpi.healthy_max, unit_suffix(kpi.unit, kpi.unit_label)
    )
