"""Writing a key result: the quality check runs as it is typed (HTMX), each finding names its
rule, explains it and offers a complete rewrite that "Use this" puts into the title; a good key
result is saved; once the cycle has started, changing the baseline or target needs a reason,
which is kept in the key result's history."""

from datetime import timedelta

from django.urls import reverse

from keyloop.okrs import actions
from keyloop.okrs.models import KeyResult, KeyResultChange

from .okr_pages_support import running_cycle, tell, text_of, today


def fields(**overrides) -> dict:
    data = {
        "title": "Increase 7-day activation rate from 35% to 50%",
        "metric": "7-day activation rate",
        "unit": "percent",
        "unit_label": "",
        "direction": "increase",
        "baseline": "35",
        "target": "50",
        "deadline": "",
        "kind": "metric",
        "scoring": "linear",
        "levels": "",
        "weight": "1",
        "owner": "",
        "data_source": "manual",
    }
    return data | overrides


def test_the_form_checks_the_key_result_as_it_is_typed(world):
    story = tell(world)
    alice = world.client_for(world.alice)
    page = alice.get(reverse("okr_key_result_new", args=["acme", story.onboarding.pk]))
    html = page.content.decode()
    lint_url = reverse("okr_key_result_lint", args=["acme", story.onboarding.pk])
    assert f'hx-post="{lint_url}"' in html
    assert 'hx-trigger="input delay:350ms from:#kr-form, change from:#kr-form"' in html
    assert "the check starts as you type" in text_of(page)

    typed = alice.post(lint_url, {"title": "Launch mobile app"}, headers={"HX-Request": "true"})
    assert typed.status_code == 200
    findings = typed.content.decode()
    assert "<html" not in findings  # the panel alone
    assert 'data-rule="output-not-outcome"' in findings
    assert "“Launch” is a task, not a key result" in text_of(typed)
    assert 'name="use_suggestion"' in findings and "Use this" in findings


def test_a_complete_key_result_passes_the_check(world):
    story = tell(world)
    lint_url = reverse("okr_key_result_lint", args=["acme", story.onboarding.pk])
    answer = world.client_for(world.alice).post(lint_url, fields())
    assert "data-rule" not in answer.content.decode()
    assert "A complete key result" in text_of(answer)


def test_use_this_puts_the_suggested_rewrite_into_the_title_without_saving(world):
    story = tell(world)
    alice = world.client_for(world.alice)
    url = reverse("okr_key_result_new", args=["acme", story.onboarding.pk])
    suggestion = "Mobile app weekly active users from [baseline] to [target] by 30 Jun 2027"
    page = alice.post(url, fields(title="Launch mobile app", use_suggestion=suggestion))
    assert page.status_code == 200
    assert page.context["form"]["title"].value() == suggestion
    assert f'value="{suggestion}"' in page.content.decode()
    assert "The suggestion is in the title" in text_of(page)
    assert not KeyResult.objects.filter(title__startswith="Mobile app").exists()


def test_a_key_result_is_added_to_its_objective(world):
    story = tell(world)
    alice = world.client_for(world.alice)
    url = reverse("okr_key_result_new", args=["acme", story.loved.pk])
    answer = alice.post(
        url,
        fields(title="Improve monthly retention from 85% to 92%", metric="Monthly retention",
               baseline="85", target="92", owner=str(world.bob.pk)),
    )  # fmt: skip
    assert answer.status_code == 302
    assert answer["Location"] == reverse("okr_objective", args=["acme", story.loved.pk])
    added = story.loved.key_results.get(title="Improve monthly retention from 85% to 92%")
    assert (added.baseline, added.target, added.owner, added.deadline) == (
        85, 92, world.bob, story.cycle.end,
    )  # fmt: skip
    another = alice.post(url, fields(title="Cut churn from 5% to 3%", direction="decrease",
                                     baseline="5", target="3", another="1"))  # fmt: skip
    assert another["Location"] == url


def test_threshold_levels_are_written_one_per_line(world):
    story = tell(world)
    url = reverse("okr_key_result_new", args=["acme", story.loved.pk])
    world.client_for(world.alice).post(
        url,
        fields(title="Reach an NPS of 50", metric="NPS", unit="number", baseline="30",
               target="50", scoring="threshold", levels="≥ 40 → 0.3\n45 = 0.7\n50, 1"),
    )  # fmt: skip
    saved = story.loved.key_results.get(title="Reach an NPS of 50")
    assert saved.levels == [[40.0, 0.3], [45.0, 0.7], [50.0, 1.0]]


def test_figures_that_cannot_score_are_refused_next_to_their_field(world):
    story = tell(world)
    alice = world.client_for(world.alice)
    url = reverse("okr_key_result_new", args=["acme", story.loved.pk])
    same = alice.post(url, fields(baseline="40", target="40"))
    assert same.status_code == 200
    assert "target" in same.context["form"].errors or same.context["form"].non_field_errors()
    assert "nothing to measure" in text_of(same).lower()
    words = alice.post(url, fields(target="lots"))
    assert "Enter a number, like 42 or 12.5." in text_of(words)
    disorder = alice.post(url, fields(scoring="threshold", levels="45 → 0.7\n40 → 0.3"))
    assert disorder.status_code == 200
    early = alice.post(url, fields(deadline=(story.cycle.start - timedelta(days=3)).isoformat()))
    assert "before the cycle" in text_of(early)
    assert story.loved.key_results.count() == 1


def test_changing_a_locked_target_asks_why_and_keeps_the_reason(world):
    story = tell(world)
    alice = world.client_for(world.alice)
    url = reverse("okr_key_result_edit", args=["acme", story.activation.pk])
    page = alice.get(url)
    assert "This quarter has started." in text_of(page)
    assert 'name="reason"' in page.content.decode()

    refused = alice.post(url, fields(target="45", owner=str(world.bob.pk)))
    assert refused.status_code == 200
    (why,) = refused.context["form"].errors["reason"]
    assert "has started" in why and why in text_of(refused)  # next to the reason field
    story.activation.refresh_from_db()
    assert story.activation.target == 50

    saved = alice.post(
        url, fields(target="45", owner=str(world.bob.pk), reason="The market shrank by half")
    )
    assert saved.status_code == 302
    change = KeyResultChange.objects.get(key_result=story.activation)
    assert (change.field, change.old, change.new, change.reason, change.actor) == (
        "target", "50", "45", "The market shrank by half", world.alice,
    )  # fmt: skip
    history = text_of(alice.get(reverse("okr_key_result", args=["acme", story.activation.pk])))
    assert "Target 50 → 45 by Alice Adams: “The market shrank by half”" in history


def test_before_the_cycle_starts_the_figures_change_freely(world):
    upcoming = running_cycle(world, "Next quarter", days_in=-10, days_left=100)
    story = tell(world, upcoming)
    alice = world.client_for(world.alice)
    url = reverse("okr_key_result_edit", args=["acme", story.activation.pk])
    assert 'name="reason"' not in alice.get(url).content.decode()
    assert alice.post(url, fields(target="55", owner=str(world.bob.pk))).status_code == 302
    story.activation.refresh_from_db()
    assert story.activation.target == 55
    assert not KeyResultChange.objects.exists()
    assert upcoming.start > today()


def test_a_draft_objective_takes_key_results_while_it_is_being_written(world):
    story = tell(world)
    actions.objective_update(objective=story.loved, status="draft")
    url = reverse("okr_key_result_new", args=["acme", story.loved.pk])
    assert world.client_for(world.alice).post(url, fields()).status_code == 302
    assert story.loved.key_results.count() == 2
