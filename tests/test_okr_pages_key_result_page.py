"""A key result's page: its statement, score and band, pace against expected progress, the
projection from its check-ins, the chart of value against the pace line with confidence, the
check-in history; and a check-in form that takes ten seconds (value focused, Enter saves) and
says what the check-in did to the score, band and pace."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from keyloop.okrs import actions

from .okr_pages_support import running_cycle, tell, text_of


def page_of(world, key_result, who=None):
    url = reverse("okr_key_result", args=["acme", key_result.pk])
    return world.client_for(who or world.bob).get(url)


def test_the_page_shows_the_statement_score_band_and_pace(world):
    story = tell(world)
    actions.checkin_create(key_result=story.activation, value=44, confidence=7, author=world.bob)
    page = page_of(world, story.activation)
    text = text_of(page)
    deadline = story.cycle.end
    assert f"7-day activation rate from 35% to 50% by {deadline.day} {deadline:%b %Y}" in text
    stats = page.content.decode().split('id="kr-stats"', 1)[1].split("</dl>", 1)[0]
    assert 'id="kr-score">0.60<' in stats and "band-amber" in stats
    assert 'id="kr-current">44%<' in stats
    assert "pace-on_track" in stats
    assert "60% of the way; 50% expected by now" in text


def test_the_chart_draws_every_check_in_against_the_pace_line(world):
    story = tell(world)
    now = timezone.now()
    for days_ago, value, confidence in ((21, 38, 6), (14, 40, 6), (7, 43, 8)):
        actions.checkin_create(
            key_result=story.activation, value=value, confidence=confidence, author=world.bob,
            checked_in_at=now - timedelta(days=days_ago),
        )  # fmt: skip
    html = page_of(world, story.activation).content.decode()
    chart = html.split('<figure class="okr-chart">', 1)[1].split("</figure>", 1)[0]
    assert "<title>Increase 7-day activation rate from 35% to 50%: value over time" in chart
    assert chart.count('class="chart-value-dot"') == 3
    assert chart.count('class="chart-conf-dot"') == 3
    assert 'class="chart-pace"' in chart and 'class="chart-projection"' in chart
    assert "Projected at the deadline" in chart


def test_the_projection_extends_the_trend_of_the_check_ins(world):
    story = tell(world)
    now = timezone.now()
    for days_ago, value in ((20, 38), (10, 41)):
        actions.checkin_create(
            key_result=story.activation, value=value, author=world.bob,
            checked_in_at=now - timedelta(days=days_ago),
        )  # fmt: skip
    text = text_of(page_of(world, story.activation))
    # +3 points every 10 days; the deadline is 45 days away: 41 + 3 × 5.5 = 57.5 or so.
    projection = text.split("Projection", 1)[1].split("%", 1)[0].strip()
    assert 56 <= float(projection) <= 59
    assert "score 1.00" in text


def test_the_history_lists_who_checked_in_when_with_notes_and_next_actions(world):
    story = tell(world)
    actions.checkin_create(
        key_result=story.activation, value=39, confidence=5, note="Tooltips shipped",
        next_actions="Try the checklist", author=world.bob,
    )  # fmt: skip
    actions.checkin_create(key_result=story.activation, value=40, author=None, source="api")
    text = text_of(page_of(world, story.activation))
    history = text.split("Check-ins 2", 1)[1]
    assert history.index("40%") < history.index("39%")  # newest first
    assert "Bob Brown" in history and "5/10" in history
    assert "Tooltips shipped" in history and "Next: Try the checklist" in history
    assert "API" in history


def test_the_check_in_form_is_fast_value_first_enter_saves(world):
    story = tell(world)
    actions.checkin_create(key_result=story.activation, value=39, confidence=6, author=world.bob)
    html = page_of(world, story.activation).content.decode()
    form = html.split('class="okr-check-in"', 1)[1].split("</form>", 1)[0]
    assert form.index('name="value"') < form.index('name="confidence"')
    assert 'inputmode="decimal"' in form and "autofocus" in form.split('name="value"')[1][:200]
    assert '<option value="6" selected>' in form  # last confidence kept
    assert form.count('type="submit"') == 1  # Enter in any field submits it
    assert 'placeholder="Last: 39"' in form


def test_a_check_in_moves_the_score_band_and_pace_and_says_so(world):
    story = tell(world)
    bob = world.client_for(world.bob)
    url = reverse("okr_key_result_check_in", args=["acme", story.activation.pk])
    answer = bob.post(url, {"value": "47", "confidence": "8", "note": "Checklist live"})
    assert answer.status_code == 302
    page = bob.get(answer["Location"])
    text = text_of(page)
    assert "Checked in 47% on “Increase 7-day activation rate from 35% to 50%”: score 0.80" in text
    assert "(green), on track." in text
    assert 'id="kr-score">0.80<' in page.content.decode()
    story.activation.refresh_from_db()
    assert (story.activation.current, story.activation.confidence) == (47, 8)


def test_a_check_in_that_is_not_a_number_is_refused(world):
    story = tell(world)
    bob = world.client_for(world.bob)
    url = reverse("okr_key_result_check_in", args=["acme", story.activation.pk])
    answer = bob.post(url, {"value": "about forty"}, follow=True)
    assert "Not checked in: Enter a number, like 42 or 12.5." in text_of(answer)
    assert not story.activation.check_ins.exists()


def test_after_the_cycle_ends_check_ins_are_closed(world):
    ended = running_cycle(world, "Last quarter", days_in=120, days_left=-30)
    story = tell(world, ended)
    page = page_of(world, story.activation)
    assert "closed when it ended" in text_of(page)
    assert 'name="value"' not in page.content.decode()
    url = reverse("okr_key_result_check_in", args=["acme", story.activation.pk])
    answer = world.client_for(world.bob).post(url, {"value": "40"}, follow=True)
    assert "closed when it ended" in text_of(answer)
    assert not story.activation.check_ins.exists()


def test_a_key_result_with_no_check_ins_says_how_to_start(world):
    story = tell(world)
    text = text_of(page_of(world, story.onboarding_nps))
    assert "No check-ins yet" in text
    assert "Needs two check-ins on different days" in text
    assert "Threshold scoring" in text


def test_deleting_a_key_result_returns_to_its_objective(world):
    story = tell(world)
    url = reverse("okr_key_result_delete", args=["acme", story.launched.pk])
    answer = world.client_for(world.alice).post(url, follow=True)
    assert "“Guided setup used by new workspaces” was deleted." in text_of(answer)
    assert answer.request["PATH_INFO"] == reverse(
        "okr_objective", args=["acme", story.onboarding.pk]
    )
    assert story.onboarding.key_results.count() == 2
