"""The OKR charts are server-side SVG that a reader can trust and a screen reader can read:
the pace line runs from the baseline on the first day to the target on the deadline, every
check-in is a point with its value and confidence, and the score bar takes its band's colour."""

import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal

from keyloop.okrs.charts import Point, key_result_chart, kpi_chart, number, score_bar, value_ticks

from .test_markdown_xss import PAYLOADS, assert_not_executable

SVG = "{http://www.w3.org/2000/svg}"

START, DEADLINE = date(2027, 1, 1), date(2027, 3, 31)


def parse(markup) -> ET.Element:
    # The markup has no xmlns (it is inline HTML); give it one to parse it as SVG.
    return ET.fromstring(str(markup).replace("<svg ", f'<svg xmlns="{SVG[1:-1]}" ', 1))


def find_all(root, tag, css=None):
    return [e for e in root.iter(f"{SVG}{tag}") if css is None or e.get("class") == css]


def activation_chart(**overrides):
    arguments = {
        "title": "7-day activation rate",
        "start": START,
        "deadline": DEADLINE,
        "baseline": Decimal("35"),
        "target": Decimal("50"),
        "points": [
            Point(date(2027, 1, 15), Decimal("37"), 6),
            Point(date(2027, 2, 1), Decimal("41.5"), 8),
        ],
        "today": date(2027, 2, 3),
        "projection": Decimal("48"),
        "suffix": "%",
    }
    arguments.update(overrides)
    return key_result_chart(**arguments)


def test_the_pace_line_runs_from_the_baseline_on_the_first_day_to_the_target_on_the_deadline():
    root = parse(activation_chart())
    (pace,) = find_all(root, "line", "chart-pace")
    x1, y1, x2, y2 = (float(pace.get(name)) for name in ("x1", "y1", "x2", "y2"))
    grid_x = [float(line.get("x1")) for line in find_all(root, "line", "chart-baseline")]
    assert x1 == grid_x[0]  # the first day is the left edge
    assert x2 > x1 and y2 < y1  # rising to the right: 50 is drawn above 35
    assert "35% on 1 Jan 2027 to 50% on 31 Mar 2027" in pace.find(f"{SVG}title").text


def test_every_check_in_is_a_point_that_says_its_day_value_and_confidence():
    root = parse(activation_chart())
    dots = find_all(root, "circle", "chart-value-dot")
    assert [dot.find(f"{SVG}title").text for dot in dots] == [
        "15 Jan 2027: 37%, confidence 6/10",
        "1 Feb 2027: 41.5%, confidence 8/10",
    ]
    assert float(dots[1].get("cy")) < float(dots[0].get("cy"))  # 41.5 is higher up than 37
    confidence = find_all(root, "circle", "chart-conf-dot")
    assert [c.find(f"{SVG}title").text for c in confidence] == [
        "15 Jan 2027: confidence 6/10",
        "1 Feb 2027: confidence 8/10",
    ]
    assert len(find_all(root, "polyline", "chart-value-line")) == 1


def test_the_chart_has_a_title_and_a_description_in_words():
    root = parse(activation_chart())
    assert root.find(f"{SVG}title").text == (
        "7-day activation rate: value over time against the pace line"
    )
    desc = root.find(f"{SVG}desc").text
    assert "Pace line from 35% on 1 Jan 2027 to 50% on 31 Mar 2027." in desc
    assert "2 check-ins; the latest, on 1 Feb 2027, is 41.5% with confidence 8/10." in desc
    assert "Projected at the deadline: 48%." in desc


def test_the_chart_scales_with_its_container_through_its_viewbox_only():
    root = parse(activation_chart())
    assert root.get("viewBox").startswith("0 0 640 ")
    assert root.get("width") is None and root.get("height") is None


def test_today_and_the_projection_are_drawn_while_the_cycle_runs():
    root = parse(activation_chart())
    assert len(find_all(root, "line", "chart-today")) == 1
    (projection,) = find_all(root, "line", "chart-projection")
    assert "48%" in projection.find(f"{SVG}title").text
    later = parse(activation_chart(today=date(2027, 6, 1), projection=None))
    assert not find_all(later, "line", "chart-today")
    assert not find_all(later, "line", "chart-projection")


def test_a_key_result_without_check_ins_says_so():
    root = parse(activation_chart(points=[], projection=None))
    assert root.find(f"{SVG}desc").text.endswith("No check-ins yet.")
    assert not find_all(root, "circle", "chart-value-dot")


def test_a_stay_below_key_result_draws_its_bound_flat():
    root = parse(
        activation_chart(direction="stay_below", baseline=None, target=Decimal("2"),
                         points=[Point(date(2027, 1, 10), Decimal("1.4"), None)], suffix="s")
    )  # fmt: skip
    (bound,) = find_all(root, "line", "chart-pace")
    assert bound.get("y1") == bound.get("y2")
    assert "Must stay below 2s until 31 Mar 2027." in root.find(f"{SVG}desc").text


def test_the_y_axis_covers_the_baseline_the_target_and_every_value():
    root = parse(activation_chart(points=[Point(date(2027, 1, 5), Decimal("12"), None)]))
    numbers = [float(t.text.rstrip("%")) for t in find_all(root, "text", "chart-y")]
    assert min(numbers) <= 12 and max(numbers) >= 50


def test_a_title_with_markup_stays_text_in_the_chart():
    for payload in PAYLOADS:
        markup = str(activation_chart(title=payload))
        assert_not_executable(markup, "key result chart")
        assert_not_executable(str(kpi_chart(title=payload, points=[])), "kpi chart")


def test_the_kpi_chart_shades_its_healthy_band():
    root = parse(
        kpi_chart(
            title="Monthly active users",
            points=[Point(date(2027, 1, 1), 100_000), Point(date(2027, 2, 1), 120_000)],
            healthy_min=90_000,
            healthy_max=150_000,
        )
    )
    (band,) = find_all(root, "rect", "chart-healthy")
    assert float(band.get("height")) > 0
    assert "the latest is 120,000. Healthy: 90,000 – 150,000." in root.find(f"{SVG}desc").text


def test_the_score_bar_takes_the_colour_of_its_band_and_marks_success_at_0_7():
    def fill(score):
        fills = find_all(parse(score_bar(score)), "rect")
        return [rect.get("class") for rect in fills][1:]

    assert fill(0.35) == ["bar-fill band-red"]
    assert fill(0.65) == ["bar-fill band-amber"]
    assert fill(0.7) == ["bar-fill band-green"]
    assert fill(None) == [] and fill(0) == []
    widths = [float(find_all(parse(score_bar(s)), "rect")[1].get("width")) for s in (0.2, 0.9)]
    assert widths == [20.0, 90.0]
    (success,) = find_all(parse(score_bar(0.5)), "line", "bar-success")
    assert success.get("x1") == "70.0"


def test_numbers_read_as_people_write_them():
    assert number(Decimal("1250.0000")) == "1,250"
    assert number(Decimal("42.5000"), "%") == "42.5%"
    assert number(0.35) == "0.35"
    assert number(None) == "—"


def test_axis_ticks_are_round_numbers_covering_the_range():
    assert value_ticks(35, 50) == [35, 40, 45, 50]
    ticks = value_ticks(3, 3)
    assert ticks[0] < 3 < ticks[-1]


def test_a_healthy_band_open_on_one_side_reads_as_a_bound():
    from keyloop.okrs.charts import band_words

    assert band_words(90_000, 200_000) == "90,000 – 200,000"
    assert band_words(None, 120, " tickets") == "up to 120 tickets"
    assert band_words(Decimal("99.5"), None, "%") == "at least 99.5%"
