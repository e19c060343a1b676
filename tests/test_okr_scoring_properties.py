"""Properties every key result's score keeps, whatever its numbers: it stays in [0, 1], it never
drops when the number moves the way the key result wants, a decreasing key result scores as its
mirror-image increasing one, and a threshold score is always one of its levels' scores (or 0)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from hypothesis import assume, given
from hypothesis import strategies as st

from keyloop.okrs.scoring import (
    Direction,
    Figures,
    ScoringType,
    band,
    check_figures,
    progress,
    score,
)

# Numbers as a DecimalField(max_digits=20, decimal_places=4) holds them, and as JSON sends them.
decimals = st.decimals(
    min_value=Decimal("-1e9"), max_value=Decimal("1e9"), places=4, allow_nan=False
)
floats = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False)
numbers = st.one_of(decimals, floats, st.integers(min_value=-(10**9), max_value=10**9))
level_scores = st.lists(
    st.decimals(min_value=0, max_value=1, places=2), min_size=1, max_size=5, unique=True
).map(sorted)
directions = st.sampled_from(Direction.values)
scorings = st.sampled_from(ScoringType.values)


def _upward(direction):
    return direction in ("increase", "stay_above")


def _strategy(choice, default):
    if choice is None:
        return default
    if isinstance(choice, str):
        return st.just(choice)
    return choice


@st.composite
def figures(draw, direction=None, scoring=None, current=numbers):
    """Any figures that check_figures accepts, with a current value drawn from `current`."""
    direction = draw(_strategy(direction, directions))
    scoring = draw(_strategy(scoring, scorings))
    baseline = draw(numbers)
    distance = draw(st.decimals(min_value=Decimal("0.0001"), max_value=Decimal("1e9"), places=4))
    sign = 1 if direction in ("increase", "stay_below") else -1
    target = Decimal(str(baseline)) + sign * distance
    levels = ()
    if scoring == "threshold":
        scores = draw(level_scores)
        values = sorted(
            draw(st.lists(numbers, min_size=len(scores), max_size=len(scores), unique=True)),
            key=Decimal,
            reverse=not _upward(direction),
        )
        assume(len({Decimal(str(v)) for v in values}) == len(values))
        levels = tuple(zip(values, scores, strict=True))
    result = Figures(
        direction=direction,
        scoring=scoring,
        baseline=baseline,
        target=target,
        current=draw(current),
        levels=levels,
    )
    try:
        check_figures(result)
    except ValidationError:
        assume(False)
    return result


def _with_current(f: Figures, current) -> Figures:
    return Figures(
        direction=f.direction,
        scoring=f.scoring,
        baseline=f.baseline,
        target=f.target,
        current=current,
        levels=f.levels,
    )


@given(figures(current=st.one_of(st.none(), numbers)))
def test_every_score_and_progress_is_between_0_and_1(f):
    assert 0.0 <= score(f) <= 1.0
    assert 0.0 <= progress(f) <= 1.0
    assert band(score(f)) in ("red", "amber", "green")


@given(figures(), st.decimals(min_value=0, max_value=Decimal("1e9"), places=4))
def test_moving_the_number_the_way_the_key_result_wants_never_lowers_its_score(f, step):
    better = Decimal(str(f.current)) + (step if _upward(f.direction) else -step)
    assert score(_with_current(f, better)) >= score(f)
    assert progress(_with_current(f, better)) >= progress(f)


@given(figures(), st.fractions(min_value=0, max_value=1))
def test_moving_the_number_towards_its_target_never_lowers_its_score(f, share):
    # Any point between the current value and the target: for linear, binary and the stay
    # directions, closer to the target is never worse. (Threshold levels may lie beyond the
    # target, so "past the target and coming back" is covered by the property above instead.)
    assume(f.scoring != "threshold" or f.direction in ("stay_above", "stay_below"))
    current = Decimal(str(f.current))
    target = Decimal(f.target)
    closer = current + (target - current) * Decimal(share.numerator) / Decimal(share.denominator)
    assert score(_with_current(f, closer)) >= score(f)


@given(figures(direction="increase"))
def test_a_decreasing_key_result_scores_as_its_mirrored_increasing_one(f):
    def negate(x):
        return -Decimal(str(x))

    mirrored = Figures(
        direction="decrease",
        scoring=f.scoring,
        baseline=negate(f.baseline),
        target=negate(f.target),
        current=negate(f.current),
        levels=tuple((negate(value), points) for value, points in f.levels),
    )
    check_figures(mirrored)
    assert score(mirrored) == score(f)
    assert progress(mirrored) == progress(f)


@given(figures(direction="stay_above"))
def test_staying_below_mirrors_staying_above(f):
    mirrored = Figures(
        direction="stay_below",
        scoring=f.scoring,
        baseline=None,
        target=-Decimal(str(f.target)),
        current=-Decimal(str(f.current)),
    )
    assert score(mirrored) == score(f)


@given(figures(scoring="threshold", direction=st.sampled_from(["increase", "decrease"])))
def test_a_threshold_score_is_always_one_of_its_level_scores_or_0(f):
    allowed = {0.0} | {float(points) for _, points in f.levels}
    assert score(f) in allowed


@given(figures(scoring="binary"))
def test_a_binary_score_is_0_or_1(f):
    assert score(f) in (0.0, 1.0)


@given(figures(scoring="linear", direction=st.sampled_from(["increase", "decrease"])))
def test_linear_scoring_is_the_clamped_fraction_of_the_way(f):
    baseline, target, current = (Decimal(str(x)) for x in (f.baseline, f.target, f.current))
    fraction = (current - baseline) / (target - baseline)
    assert score(f) == float(min(max(fraction, Decimal(0)), Decimal(1)))
