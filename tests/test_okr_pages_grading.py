"""Grading a cycle: reflections can be written any time; from the cycle's last day the team
grades it, which needs a reflection on every key result ("why did we hit or miss, what did we
learn"), freezes the scores as final and closes check-ins."""

from django.urls import reverse

from keyloop.okrs import actions

from .okr_pages_support import running_cycle, tell, text_of


def grade_url(cycle):
    return reverse("okr_cycle_grade", args=["acme", cycle.pk])


def reflections(story, text="We learned something") -> dict:
    key_results = (story.nps, story.activation, story.launched, story.onboarding_nps)
    return {f"reflection-{kr.pk}": f"{text} about {kr.metric}" for kr in key_results}


def ended_story(world):
    return tell(world, running_cycle(world, "Last quarter", days_in=90, days_left=0))


def test_before_the_last_day_reflections_are_saved_but_grading_waits(world):
    story = tell(world)
    alice = world.client_for(world.alice)
    page = alice.get(grade_url(story.cycle))
    text = text_of(page)
    assert "Grading opens on its last day" in text
    assert 'name="grade"' not in page.content.decode()
    saved = alice.post(
        grade_url(story.cycle), {f"reflection-{story.nps.pk}": "Support fixed the top 3 bugs"},
        follow=True,
    )  # fmt: skip
    assert "Your reflections are saved." in text_of(saved)
    story.nps.refresh_from_db()
    assert story.nps.reflection == "Support fixed the top 3 bugs"
    early = alice.post(grade_url(story.cycle), {"grade": "1", **reflections(story)}, follow=True)
    assert "grade it from its last day on" in text_of(early)
    story.cycle.refresh_from_db()
    assert not story.cycle.is_graded


def test_the_tree_offers_grading_on_the_cycles_last_day(world):
    story = ended_story(world)
    tree = world.client_for(world.alice).get(reverse("okrs", args=["acme"]))
    assert f'href="{grade_url(story.cycle)}">Grade this cycle<' in tree.content.decode()


def test_grading_needs_a_reflection_on_every_key_result(world):
    story = ended_story(world)
    actions.checkin_create(key_result=story.activation, value=44, author=world.bob)
    alice = world.client_for(world.alice)
    page = text_of(alice.get(grade_url(story.cycle)))
    assert "4 key results still need a reflection before grading." in page
    partial = reflections(story)
    partial[f"reflection-{story.launched.pk}"] = ""
    answer = alice.post(grade_url(story.cycle), {"grade": "1", **partial})
    assert answer.status_code == 200
    assert "Guided setup used by new workspaces" in text_of(answer).split("Write a reflection")[1]
    # What was typed is still there to finish.
    assert "We learned something about 7-day activation rate" in answer.content.decode()
    story.cycle.refresh_from_db()
    assert not story.cycle.is_graded


def test_grading_freezes_the_scores_and_closes_check_ins(world):
    story = ended_story(world)
    actions.checkin_create(key_result=story.activation, value=44, author=world.bob)
    actions.checkin_create(key_result=story.onboarding_nps, value=41, author=world.bob)
    alice = world.client_for(world.alice)
    answer = alice.post(grade_url(story.cycle), {"grade": "1", **reflections(story)}, follow=True)
    text = text_of(answer)
    assert "“Last quarter” is graded." in text
    assert "Graded on" in text and "These scores are final" in text
    story.activation.refresh_from_db()
    story.onboarding_nps.refresh_from_db()
    assert (story.activation.final_score, story.onboarding_nps.final_score) == (0.6, 0.7)
    assert 'name="grade"' not in answer.content.decode()
    page = text_of(alice.get(reverse("okr_key_result", args=["acme", story.activation.pk])))
    assert "is graded: check-ins are closed" in page
    assert "Final score 0.60" in page
    assert "We learned something about 7-day activation rate" in page


def test_a_reflection_can_be_rewritten_after_grading(world):
    story = ended_story(world)
    alice = world.client_for(world.alice)
    alice.post(grade_url(story.cycle), {"grade": "1", **reflections(story)})
    alice.post(grade_url(story.cycle), {f"reflection-{story.nps.pk}": "On second thought: pricing"})
    story.nps.refresh_from_db()
    assert story.nps.reflection == "On second thought: pricing"
    assert story.nps.final_score == 0.0
