"""A key result's pace: how far along it should be on a date, whether it is on track, behind or at
risk against that line, and where its check-ins project it by the deadline (hand-computed)."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from keyloop.okrs.pace import Pace, expected_progress, pace, projection
from keyloop.okrs.scoring import Figures, progress

# A ten-week cycle: 70 days from Monday 4 January to Monday 15 March 2027.
START = date(2027, 1, 4)
END = date(2027, 3, 15)


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2026, 12, 1), 0.0),  # before the cycle: nothing expected yet
        (START, 0.0),
        (date(2027, 1, 11), 0.1),  # one week of ten
        (date(2027, 2, 8), 0.5),  # day 35 of 70
        (date(2027, 3, 1), 0.8),  # day 56
        (END, 1.0),
        (date(2027, 6, 1), 1.0),  # after the deadline it is all expected
    ],
)
def test_expected_progress_is_the_elapsed_fraction_of_the_period(on, expected):
    assert expected_progress(start=START, end=END, on=on) == pytest.approx(expected)


def test_expected_progress_over_a_calendar_quarter():
    # 1 January to 31 March 2027 is 89 days; 15 February is day 45.
    value = expected_progress(start=date(2027, 1, 1), end=date(2027, 3, 31), on=date(2027, 2, 15))
    assert value == 45 / 89


def test_a_one_day_period_is_all_expected_on_that_day_and_nothing_before():
    day = date(2027, 1, 4)
    assert expected_progress(start=day, end=day, on=day) == 1.0
    assert expected_progress(start=day, end=day, on=date(2027, 1, 5)) == 1.0
    assert expected_progress(start=day, end=day, on=date(2027, 1, 3)) == 0.0


def test_a_datetime_counts_as_its_calendar_day():
    noon = datetime(2027, 2, 8, 12, 0, tzinfo=UTC)
    assert expected_progress(start=START, end=END, on=noon) == 0.5


@pytest.mark.parametrize(
    ("progress_made", "expected", "result"),
    [
        (0.5, 0.5, "on_track"),
        (0.8, 0.5, "on_track"),  # ahead is on track
        (0.45, 0.5, "on_track"),  # 90% of the expected progress
        (0.449, 0.5, "behind"),
        (0.3, 0.5, "behind"),  # 60%
        (0.299, 0.5, "at_risk"),
        (0.0, 0.5, "at_risk"),
        (0.0, 0.0, "on_track"),  # the period has not started: nothing is late
        (1.0, 1.0, "on_track"),
        (0.85, 1.0, "behind"),  # deadline passed, 85% of the way
        (0.5, 1.0, "at_risk"),
    ],
)
def test_pace_compares_progress_with_the_progress_expected_by_now(progress_made, expected, result):
    assert pace(progress=progress_made, expected=expected) == result


def test_a_key_result_exactly_on_a_threshold_is_not_pushed_over_it_by_float_arithmetic():
    # 0.063 / 0.07 is 0.8999999999999999 in floats; 0.102 / 0.17 is 0.5999999999999999.
    assert pace(progress=0.063, expected=0.07) == Pace.ON_TRACK
    assert pace(progress=0.102, expected=0.17) == Pace.BEHIND


def test_the_same_shortfall_is_worse_early_in_the_cycle():
    # Ten points short in week 2 of 10 versus in week 9 of 10.
    assert pace(progress=0.1, expected=0.2) == Pace.AT_RISK
    assert pace(progress=0.8, expected=0.9) == Pace.BEHIND


def test_pace_thresholds_are_configurable():
    assert pace(progress=0.4, expected=0.5, behind_below=0.8, at_risk_below=0.5) == "on_track"
    assert pace(progress=0.3, expected=0.5, behind_below=0.8, at_risk_below=0.5) == "behind"
    assert pace(progress=0.2, expected=0.5, behind_below=0.8, at_risk_below=0.5) == "at_risk"
    assert pace(progress=0.49, expected=0.5, behind_below=1.0, at_risk_below=1.0) == "at_risk"


def test_thresholds_in_the_wrong_order_are_refused():
    with pytest.raises(ValueError, match="at_risk_below"):
        pace(progress=0.5, expected=0.5, behind_below=0.5, at_risk_below=0.9)


def test_a_key_result_reads_behind_from_its_figures_and_the_calendar():
    # "Increase 7-day activation rate from 35% to 50%" at 40% on day 35 of 70:
    # a third of the way when half is expected → ratio 0.67 → behind.
    figures = Figures(direction="increase", scoring="linear", baseline=35, target=50, current=40)
    expected = expected_progress(start=START, end=END, on=date(2027, 2, 8))
    assert pace(progress=progress(figures), expected=expected) == Pace.BEHIND


def test_pace_values_are_the_strings_the_api_returns():
    assert Pace.values == ["on_track", "behind", "at_risk"]


# Projection: least squares over the check-ins so far.


def test_check_ins_on_a_straight_line_project_along_it():
    # 35 on day 0, 37 on day 14: 1/7 a day, so 45 on day 70.
    points = [(START, 35), (date(2027, 1, 18), 37)]
    assert projection(points=points, deadline=END) == pytest.approx(45)


def test_the_projection_is_the_least_squares_line_through_every_check_in():
    # Days 0, 7, 14 with 35, 36, 38: mean day 7, mean value 109/3,
    # slope = ((-7)(-4/3) + 0 + 7(5/3)) / (49 + 0 + 49) = 21/98 a day.
    # On day 70: 109/3 + 21/98 × 63 = 109/3 + 13.5 = 49.8333…
    points = [(START, 35), (date(2027, 1, 11), 36), (date(2027, 1, 18), 38)]
    assert projection(points=points, deadline=END) == pytest.approx(109 / 3 + 13.5)


def test_a_falling_metric_projects_downwards():
    # Time to first value: 4, 3.5, 3 days at weekly check-ins → 1/14 of a day lost per day;
    # from 3 on day 14 to day 42: 3 − 2 = 1.
    points = [
        (START, Decimal("4")),
        (date(2027, 1, 11), Decimal("3.5")),
        (date(2027, 1, 18), Decimal("3")),
    ]
    assert projection(points=points, deadline=date(2027, 2, 15)) == pytest.approx(1.0)


def test_the_order_of_the_check_ins_does_not_matter():
    points = [(START, 35), (date(2027, 1, 11), 36), (date(2027, 1, 18), 38)]
    assert projection(points=points[::-1], deadline=END) == projection(points=points, deadline=END)


def test_a_level_zigzag_projects_its_mean_and_a_rising_one_its_rise():
    days = [START, date(2027, 1, 11), date(2027, 1, 18), date(2027, 1, 25)]
    # Days 0, 7, 14, 21 (mean 10.5); 40, 42, 42, 40 (mean 41): deviations cancel, slope 0.
    level = list(zip(days, [40, 42, 42, 40], strict=True))
    assert projection(points=level, deadline=END) == pytest.approx(41)
    # 40, 42, 40, 42: Σ dx·dy = 10.5 − 3.5 − 3.5 + 10.5 = 14, Σ dx² = 245, slope 14/245;
    # day 70 is 59.5 days past the mean: 41 + 3.4 = 44.4.
    rising = list(zip(days, [40, 42, 40, 42], strict=True))
    assert projection(points=rising, deadline=END) == pytest.approx(44.4)


def test_check_ins_at_different_times_of_one_day_still_make_a_trend():
    morning = datetime(2027, 1, 4, 0, 0, tzinfo=UTC)
    noon = datetime(2027, 1, 4, 12, 0, tzinfo=UTC)
    # 10 at midnight, 11 at noon: 2 a day; a week later, 24.
    points = [(morning, 10), (noon, 11)]
    assert projection(points=points, deadline=date(2027, 1, 11)) == pytest.approx(24)


@pytest.mark.parametrize(
    "points",
    [
        [],
        [(START, 35)],
        [(START, 35), (START, 40)],  # two check-ins on one day: no trend over time
    ],
)
def test_there_is_no_projection_without_two_check_ins_on_different_days(points):
    assert projection(points=points, deadline=END) is None
