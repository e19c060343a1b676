"""Key results score as a team would work them out by hand: linear, binary and threshold, up and
down, staying inside a band, objectives as weighted means, and the red/amber/green bands."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from keyloop.okrs.scoring import (
    Band,
    Direction,
    Figures,
    ScoringType,
    band,
    check_figures,
    progress,
    rounded,
    score,
    weighted_mean,
)

LEVELS_UP = ((40, 0.3), (45, 0.7), (50, 1.0))
# "Reduce inbox load time to under 1 second (p95)", from 3 s: 2 s earns 0.3, 1.5 s 0.7, 1 s 1.0.
LEVELS_DOWN = ((2, 0.3), (1.5, 0.7), (1, 1.0))


def linear(baseline, target, current, direction="increase"):
    return Figures(
        direction=direction, scoring="linear", baseline=baseline, target=target, current=current
    )


def binary(target, current, direction="increase", baseline=None):
    return Figures(
        direction=direction, scoring="binary", baseline=baseline, target=target, current=current
    )


def threshold(current, levels=LEVELS_UP, direction="increase", baseline=35, target=50):
    return Figures(
        direction=direction,
        scoring="threshold",
        baseline=baseline,
        target=target,
        current=current,
        levels=levels,
    )


def errors_of(figures):
    with pytest.raises(ValidationError) as raised:
        check_figures(figures)
    return {
        field: [str(m) for m in messages] for field, messages in raised.value.message_dict.items()
    }


# Linear, increasing: "Increase 7-day activation rate from 35% to 50%".


@pytest.mark.parametrize(
    ("current", "expected"),
    [
        (35, 0.0),  # still at the baseline
        (30, 0.0),  # worse than the baseline never goes below 0
        (38, 0.2),  # 3 of 15 points
        (42.5, 0.5),
        (44, 0.6),
        (45.5, 0.7),  # success
        (50, 1.0),
        (55, 1.0),  # beating the target never goes above 1
    ],
)
def test_a_linear_increasing_key_result_scores_the_fraction_of_the_way_covered(current, expected):
    assert score(linear(35, 50, current)) == pytest.approx(expected)


def test_net_promoter_score_from_32_to_50_at_41_is_halfway():
    assert score(linear(32, 50, 41)) == 0.5


def test_monthly_retention_from_85_to_92_percent_at_89_9_is_a_success():
    result = score(linear(Decimal("85"), Decimal("92"), Decimal("89.9")))
    assert result == 0.7
    assert band(result) == "green"


def test_database_decimals_and_json_floats_score_the_same():
    as_decimals = linear(Decimal("35.0000"), Decimal("50.0000"), Decimal("42.5000"))
    as_floats = linear(35.0, 50.0, 42.5)
    assert score(as_decimals) == score(as_floats) == 0.5


def test_decimal_fractions_are_not_spoiled_by_float_arithmetic():
    # In floats (0.2 - 0.1) / (0.3 - 0.1) is 0.4999999999999999; people typed 0.1, 0.2, 0.3.
    assert score(linear(0.1, 0.3, 0.2)) == 0.5
    # 4.9 of 7 points is 0.7 exactly (floats say 0.7000000000000008).
    assert score(linear(85, 92, 89.9)) == 0.7


# Linear, decreasing: "Reduce time to first value from 4 days to 1 day".


@pytest.mark.parametrize(
    ("current", "expected"),
    [
        (4, 0.0),
        (5, 0.0),  # it got worse: 0, not negative
        (3.4, 0.2),
        (2.5, 0.5),
        (2, 2 / 3),
        (1.9, 0.7),
        (1, 1.0),
        (0.5, 1.0),  # better than the target: 1, not more
    ],
)
def test_a_linear_decreasing_key_result_scores_the_fraction_of_the_fall_achieved(current, expected):
    assert score(linear(4, 1, current, direction="decrease")) == pytest.approx(expected)


def test_support_tickets_down_40_percent_from_200_at_150_is_amber():
    # "Decrease onboarding-related support tickets by 40%": 200 → 120; 150 is 50 of 80.
    result = score(linear(200, 120, 150, direction="decrease"))
    assert result == 0.625
    assert band(result) == "amber"


def test_a_linear_key_result_whose_target_equals_its_baseline_scores_without_dividing_by_zero():
    # check_figures refuses these; score() must still never crash on one that slipped in.
    assert score(linear(40, 40, 40)) == 1.0
    assert score(linear(40, 40, 39)) == 0.0
    assert score(linear(40, 40, 39, direction="decrease")) == 1.0


# Binary.


@pytest.mark.parametrize(
    ("direction", "target", "current", "expected"),
    [
        # "Achieve onboarding NPS of 45 (currently 28)"
        ("increase", 45, 28, 0.0),
        ("increase", 45, 44.99, 0.0),
        ("increase", 45, 45, 1.0),
        ("increase", 45, 60, 1.0),
        # "Reduce time to first value to 1 day"
        ("decrease", 1, 4, 0.0),
        ("decrease", 1, 1.01, 0.0),
        ("decrease", 1, 1, 1.0),
        ("decrease", 1, 0.5, 1.0),
    ],
)
def test_a_binary_key_result_scores_1_when_its_target_is_met_else_0(
    direction, target, current, expected
):
    assert score(binary(target, current, direction=direction, baseline=28)) == expected
    assert score(binary(target, current, direction=direction)) == expected


def test_a_binary_key_result_never_scores_in_between():
    # Two thirds of the way from 28 to 45 is still 0: binary means hit or miss.
    assert score(binary(45, 39.5, baseline=28)) == 0.0


# Threshold: ≥ 40 → 0.3, ≥ 45 → 0.7, ≥ 50 → 1.0.


@pytest.mark.parametrize(
    ("current", "expected"),
    [
        (35, 0.0),
        (39.99, 0.0),
        (40, 0.3),
        (44, 0.3),
        (45, 0.7),
        (49.9, 0.7),
        (50, 1.0),
        (60, 1.0),
    ],
)
def test_a_threshold_key_result_scores_the_highest_level_reached(current, expected):
    assert score(threshold(current)) == expected


@pytest.mark.parametrize(
    ("current", "expected"),
    [
        (3, 0.0),
        (2.01, 0.0),
        (2, 0.3),
        (1.6, 0.3),
        (1.5, 0.7),
        (1.2, 0.7),
        (1, 1.0),
        (0.8, 1.0),
    ],
)
def test_a_decreasing_threshold_key_result_reaches_a_level_at_or_below_its_value(current, expected):
    figures = threshold(current, levels=LEVELS_DOWN, direction="decrease", baseline=3, target=1)
    assert score(figures) == expected


def test_a_threshold_level_can_score_below_0_3_and_the_first_level_need_not_be_the_baseline():
    levels = ((10, 0.1), (20, 0.5), (30, 1.0))
    assert score(threshold(15, levels=levels, baseline=0, target=30)) == 0.1
    assert score(threshold(5, levels=levels, baseline=0, target=30)) == 0.0


# Staying inside a band.


@pytest.mark.parametrize("scoring", ScoringType.values)
def test_a_stay_above_key_result_scores_1_at_or_above_its_bound_else_0(scoring):
    # "Keep monthly retention above 85%"
    def figures(current):
        return Figures(
            direction="stay_above", scoring=scoring, baseline=88, target=85, current=current
        )

    assert score(figures(90)) == 1.0
    assert score(figures(85)) == 1.0
    assert score(figures(84.9)) == 0.0


@pytest.mark.parametrize("scoring", ScoringType.values)
def test_a_stay_below_key_result_scores_1_at_or_below_its_bound_else_0(scoring):
    # "Keep p95 inbox load time below 2 seconds"
    def figures(current):
        return Figures(
            direction="stay_below", scoring=scoring, baseline=None, target=2, current=current
        )

    assert score(figures(1.2)) == 1.0
    assert score(figures(2)) == 1.0
    assert score(figures(2.1)) == 0.0


# No value yet.


@pytest.mark.parametrize("direction", Direction.values)
@pytest.mark.parametrize("scoring", ScoringType.values)
def test_a_key_result_without_a_current_value_scores_0(direction, scoring):
    figures = Figures(
        direction=direction,
        scoring=scoring,
        baseline=10,
        target=20 if direction != "decrease" else 5,
        current=None,
        levels=((15, 0.5), (20, 1.0)) if direction != "decrease" else ((8, 0.5), (5, 1.0)),
    )
    assert score(figures) == 0.0
    assert progress(figures) == 0.0


def test_a_key_result_without_a_target_scores_0_rather_than_guessing():
    assert score(linear(35, None, 40)) == 0.0
    assert score(linear(None, 50, 40)) == 0.0
    assert score(binary(None, 40)) == 0.0


# Progress, which pace compares with the calendar.


def test_progress_is_the_fraction_from_baseline_to_target_whatever_the_scoring():
    assert progress(linear(35, 50, 42.5)) == 0.5
    assert progress(binary(50, 42.5, baseline=35)) == 0.5
    # Halfway to the target but below the first level: the score is 0, the progress is not.
    assert score(threshold(42.5, levels=((45, 0.7), (50, 1.0)))) == 0.0
    assert progress(threshold(42.5, levels=((45, 0.7), (50, 1.0)))) == 0.5
    assert progress(linear(4, 1, 2.5, direction="decrease")) == 0.5


def test_progress_is_clamped_and_met_or_not_without_a_baseline_or_inside_a_band():
    assert progress(linear(35, 50, 20)) == 0.0
    assert progress(linear(35, 50, 70)) == 1.0
    assert progress(binary(45, 44)) == 0.0
    assert progress(binary(45, 45)) == 1.0
    stay = Figures(direction="stay_above", scoring="binary", baseline=90, target=85, current=86)
    assert progress(stay) == 1.0


# An objective's score.


def test_an_objective_scores_the_weighted_mean_of_its_key_results():
    assert weighted_mean([(0.5, 1), (1.0, 3)]) == 0.875
    assert weighted_mean([(0.3, 2), (0.7, 2), (1.0, 1)]) == pytest.approx(0.6)
    assert weighted_mean([(Decimal("0.4"), Decimal("1.5")), (0.8, 0.5)]) == pytest.approx(0.5)


def test_equal_weights_give_the_plain_mean():
    assert weighted_mean([(0.2, 1), (0.6, 1), (1.0, 1)]) == pytest.approx(0.6)


def test_a_weight_0_key_result_does_not_count():
    assert weighted_mean([(0.9, 1), (0.0, 0)]) == 0.9


def test_an_objective_with_nothing_weighted_has_no_score_rather_than_0():
    assert weighted_mean([]) is None
    assert weighted_mean(iter([])) is None
    assert weighted_mean([(0.5, 0), (1.0, 0)]) is None


def test_a_negative_weight_is_refused():
    with pytest.raises(ValueError, match="weight"):
        weighted_mean([(0.5, 1), (1.0, -1)])


# Bands: 0–0.3 red, 0.4–0.6 amber, 0.7–1.0 green; the gaps go to the band below.


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0.0, "red"),
        (0.3, "red"),
        (0.35, "red"),
        (0.39, "red"),
        (0.394, "red"),
        (0.395, "amber"),  # shown as 0.40
        (0.4, "amber"),
        (0.6, "amber"),
        (0.65, "amber"),
        (0.69, "amber"),
        (0.694, "amber"),
        (0.695, "green"),  # shown as 0.70
        (0.7, "green"),
        (1.0, "green"),
        (None, None),
    ],
)
def test_a_score_falls_in_the_band_of_the_lower_edge_it_has_reached(value, expected):
    assert band(value) == expected


def test_a_score_shown_as_0_70_is_green_even_if_arithmetic_left_it_just_below():
    just_below = 0.7 - 1e-12
    assert str(rounded(just_below)) == "0.70"
    assert band(just_below) == Band.GREEN


def test_band_values_are_the_plain_strings_the_api_returns():
    assert [band(0.1), band(0.5), band(0.9)] == ["red", "amber", "green"]


# Checking the figures before they are saved.


def test_good_figures_of_every_kind_pass_the_check():
    check_figures(linear(35, 50, None))
    check_figures(linear(4, 1, 2, direction="decrease"))
    check_figures(binary(45, None))
    check_figures(threshold(None))
    check_figures(threshold(None, levels=LEVELS_DOWN, direction="decrease", baseline=3, target=1))
    check_figures(
        Figures(direction="stay_above", scoring="linear", baseline=None, target=85, current=None)
    )
    check_figures(
        Figures(direction="stay_below", scoring="threshold", baseline=None, target=2, current=1)
    )


def test_a_linear_target_equal_to_its_baseline_is_refused_as_nothing_to_measure():
    errors = errors_of(linear(40, 40, None))
    assert errors == {"target": ["The target equals the baseline: nothing to measure."]}


def test_a_target_equal_to_the_baseline_is_refused_for_binary_and_threshold_too():
    assert "nothing to measure" in errors_of(binary(40, None, baseline=40))["target"][0]
    assert "nothing to measure" in errors_of(threshold(None, baseline=50, target=50))["target"][0]


def test_a_linear_key_result_needs_a_baseline_and_a_target():
    errors = errors_of(linear(None, None, None))
    assert set(errors) == {"baseline", "target"}
    assert "baseline" in errors["baseline"][0]


def test_a_binary_key_result_needs_a_target_but_not_a_baseline():
    assert set(errors_of(binary(None, None))) == {"target"}
    check_figures(binary(45, None))


def test_a_threshold_key_result_needs_a_baseline_a_target_and_levels():
    errors = errors_of(threshold(None, levels=(), baseline=None, target=None))
    assert set(errors) == {"baseline", "target", "levels"}


def test_a_stay_key_result_needs_its_bound():
    figures = Figures(direction="stay_below", scoring="binary", baseline=1, target=None, current=1)
    assert set(errors_of(figures)) == {"target"}


def test_an_increasing_key_result_with_its_target_below_its_baseline_is_refused():
    errors = errors_of(linear(50, 35, None))
    assert "below the baseline" in errors["target"][0]


def test_a_decreasing_key_result_with_its_target_above_its_baseline_is_refused():
    errors = errors_of(linear(1, 4, None, direction="decrease"))
    assert "above the baseline" in errors["target"][0]


def test_threshold_levels_out_of_order_are_refused():
    errors = errors_of(threshold(None, levels=((45, 0.7), (40, 0.3), (50, 1.0))))
    assert errors == {"levels": ["Level values must go up, each higher than the one before."]}


def test_two_levels_at_the_same_value_are_refused():
    assert "levels" in errors_of(threshold(None, levels=((40, 0.3), (40, 0.7))))


def test_decreasing_threshold_levels_must_go_down():
    figures = threshold(
        None, levels=((1, 1.0), (1.5, 0.7), (2, 0.3)), direction="decrease", baseline=3, target=1
    )
    assert "must go down" in errors_of(figures)["levels"][0]


def test_threshold_level_scores_must_stay_between_0_and_1():
    errors = errors_of(threshold(None, levels=((40, 0.3), (45, 0.7), (50, 1.5))))
    assert errors == {"levels": ["Level scores must be between 0 and 1."]}
    assert "levels" in errors_of(threshold(None, levels=((40, -0.1), (50, 1.0))))


def test_threshold_level_scores_must_go_up_with_the_levels():
    errors = errors_of(threshold(None, levels=((40, 0.7), (45, 0.3), (50, 1.0))))
    assert errors == {"levels": ["Each level must score more than the one before it."]}


def test_malformed_levels_are_refused_not_crashed_on():
    assert "levels" in errors_of(threshold(None, levels=((40,),)))
    assert "levels" in errors_of(threshold(None, levels=(("forty", 0.3),)))


def test_non_numbers_and_infinities_are_refused_with_the_field_named():
    figures = Figures(
        direction="increase",
        scoring="linear",
        baseline="35",
        target=float("inf"),
        current=float("nan"),
    )
    assert set(errors_of(figures)) == {"baseline", "target", "current"}


def test_an_unknown_direction_or_scoring_type_is_refused():
    figures = Figures(direction="sideways", scoring="vibes", baseline=1, target=2, current=None)
    assert set(errors_of(figures)) == {"direction", "scoring"}


def test_every_problem_is_reported_at_once():
    figures = Figures(
        direction="increase",
        scoring="threshold",
        baseline=None,
        target=50,
        current="high",
        levels=((45, 0.7), (40, 0.3)),
    )
    assert set(errors_of(figures)) == {"baseline", "current", "levels"}


def test_figures_that_pass_the_check_always_score_inside_0_and_1():
    for figures in (
        linear(35, 50, 1000),
        linear(4, 1, -1000, direction="decrease"),
        threshold(10**9),
    ):
        check_figures(figures)
        assert 0.0 <= score(figures) <= 1.0


def test_the_choices_carry_the_strings_the_api_uses():
    assert Direction.values == ["increase", "decrease", "stay_above", "stay_below"]
    assert ScoringType.values == ["linear", "binary", "threshold"]
    assert Band.values == ["red", "amber", "green"]


def test_a_value_outside_0_and_1_is_banded_at_the_nearest_edge_and_nan_has_no_band():
    assert band(1.5) == "green"
    assert band(-0.2) == "red"
    assert band(float("nan")) is None
