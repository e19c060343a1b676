""" "My key results": the key results the logged-in member owns in the current cycle, the ones
waiting for this week's check-in first, each with an inline check-in form that HTMX swaps for
the updated row; the same number of queries for 4 key results or 40."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from keyloop.okrs import actions

from .okr_pages_support import count_queries, tell, text_of

MINE = reverse("okr_mine", args=["acme"])


def test_it_lists_only_the_members_own_key_results(world):
    tell(world)
    bobs = text_of(world.client_for(world.bob).get(MINE))
    assert "Increase 7-day activation rate" in bobs
    assert "Achieve onboarding NPS of 45" in bobs
    assert "Increase Net Promoter Score" not in bobs  # Alice's
    alices = text_of(world.client_for(world.alice).get(MINE))
    assert "Increase Net Promoter Score" in alices and "7-day activation" not in alices


def test_the_ones_due_for_a_check_in_come_first_and_are_counted(world):
    story = tell(world)
    long_ago = timezone.now() - timedelta(days=20)
    for key_result in (story.activation, story.launched, story.onboarding_nps):
        type(key_result).objects.filter(pk=key_result.pk).update(created_at=long_ago)
    actions.checkin_create(key_result=story.launched, value=0, author=world.bob)
    page = world.client_for(world.bob).get(MINE)
    text = text_of(page)
    assert "2 of 3 need a check-in this week." in text
    rows = page.content.decode().split('class="card okr-mine-row')[1:]
    assert ["is-due" in row[:20] for row in rows] == [True, True, False]
    assert "Guided setup used by new workspaces" in rows[2]


def test_an_inline_check_in_swaps_in_the_updated_row(world):
    story = tell(world)
    bob = world.client_for(world.bob)
    url = reverse("okr_key_result_check_in", args=["acme", story.activation.pk])
    answer = bob.post(
        url, {"value": "44", "confidence": "7", "inline": "1"}, headers={"HX-Request": "true"}
    )
    html = answer.content.decode()
    assert html.lstrip().startswith("<li") and f'id="mine-{story.activation.pk}"' in html
    assert "Checked in" in html and "44%" in html and "0.60" in html and "band-amber" in html
    assert f'id="kr-{story.activation.pk}-value"' in html  # a fresh form for next week


def test_an_inline_check_in_with_a_mistake_keeps_the_row_and_says_why(world):
    story = tell(world)
    url = reverse("okr_key_result_check_in", args=["acme", story.activation.pk])
    answer = world.client_for(world.bob).post(
        url, {"value": "", "note": "forgot", "inline": "1"}, headers={"HX-Request": "true"}
    )
    assert "Enter the value." in text_of(answer)
    assert 'value="forgot"' in answer.content.decode()
    assert not story.activation.check_ins.exists()


def test_without_javascript_the_check_in_comes_back_to_the_list(world):
    story = tell(world)
    url = reverse("okr_key_result_check_in", args=["acme", story.activation.pk])
    answer = world.client_for(world.bob).post(url, {"value": "41", "inline": "1", "next": MINE})
    assert answer.status_code == 302 and answer["Location"] == MINE


def test_a_member_who_owns_nothing_is_told_where_to_look(world):
    story = tell(world)
    actions.key_result_update(key_result=story.nps, actor=None, owner=None)
    text = text_of(world.client_for(world.alice).get(MINE))
    assert "You own no key results in This quarter" in text


def test_the_list_runs_the_same_queries_for_four_key_results_or_forty(world):
    story = tell(world)
    bob = world.client_for(world.bob)
    actions.checkin_create(key_result=story.activation, value=40, author=world.bob)
    few, _ = count_queries(bob, MINE)
    for n in range(36):
        key_result = actions.key_result_create(
            objective=story.onboarding, title=f"KR {n}", metric="Things", baseline=0, target=10,
            owner=world.bob,
        )  # fmt: skip
        actions.checkin_create(key_result=key_result, value=n % 10, confidence=5, author=world.bob)
    many, page = count_queries(bob, MINE)
    assert "KR 35" in text_of(page)
    assert few == many
