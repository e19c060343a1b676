"""The quality check of a whole cycle: the seeds' bad key results are each flagged with their
rule, an objective with too few key results is flagged, and good key results pass."""

from django.urls import reverse

from keyloop.okrs import actions

from .okr_pages_support import tell, text_of


def test_the_report_flags_the_seeds_bad_key_results_and_passes_the_good_ones(world):
    story = tell(world)
    # Entered the way they are written: a milestone, and targets without a baseline.
    actions.key_result_create(objective=story.loved, title="Launch mobile app", kind="milestone")
    for title in ("Achieve 40% activation rate", "Improve activation"):
        actions.key_result_create(
            objective=story.loved, title=title, metric="Activation rate", unit="percent",
            target=40, scoring="binary",
        )  # fmt: skip
    page = world.client_for(world.alice).get(
        reverse("okr_cycle_lint", args=["acme", story.cycle.pk])
    )
    html = page.content.decode()

    def findings_of(title):
        return html.split(f">{title}</a>", 1)[1].split("</li>", 1)[0]

    assert 'data-rule="output-not-outcome"' in findings_of("Launch mobile app")
    assert 'data-rule="no-baseline"' in findings_of("Improve activation")
    assert 'data-rule="no-baseline"' in findings_of("Achieve 40% activation rate")
    assert "Complete" in findings_of("Increase 7-day activation rate from 35% to 50%")
    text = text_of(page)
    assert "findings in 2 objectives" in text
    assert "too-many-key-results" not in text  # 4 is fine


def test_an_empty_cycle_has_nothing_to_check(world):
    from .okr_pages_support import running_cycle

    cycle = running_cycle(world)
    page = world.client_for(world.bob).get(reverse("okr_cycle_lint", args=["acme", cycle.pk]))
    assert "Nothing to check yet" in text_of(page)
