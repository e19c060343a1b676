"""A key result written as its complete statement — "… from 0 to 5,000" — is scored on the
numbers it states when the figure fields were left empty (as after "Use this"), so the page
never says "no baseline" under a title that names one."""

from django.urls import reverse

from keyloop.okrs.queries import key_result_lint

from .okr_pages_support import tell
from .test_okr_pages_key_result_form import fields


def test_empty_figures_are_taken_from_the_statement_in_the_title(world):
    story = tell(world)
    url = reverse("okr_key_result_new", args=["acme", story.loved.pk])
    answer = world.client_for(world.alice).post(
        url,
        fields(title="Reduce weekly support tickets from 400 to 250", metric="", baseline="",
               target="", direction="increase", unit="number"),
    )  # fmt: skip
    assert answer.status_code == 302
    added = story.loved.key_results.get(title="Reduce weekly support tickets from 400 to 250")
    assert (added.baseline, added.target, added.direction) == (400, 250, "decrease")
    assert added.metric == "Weekly support tickets"
    assert [f.rule for f in key_result_lint(key_result=added, cycle=story.cycle)] == []


def test_figures_typed_in_their_fields_win_over_the_title(world):
    story = tell(world)
    url = reverse("okr_key_result_new", args=["acme", story.loved.pk])
    world.client_for(world.alice).post(
        url, fields(title="Monthly retention from 85% to 92%", baseline="80", target="90")
    )
    added = story.loved.key_results.get(title="Monthly retention from 85% to 92%")
    assert (added.baseline, added.target) == (80, 90)
