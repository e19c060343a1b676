"""Objectives: written for a team of a cycle (then straight on to its key results), aligned to
an objective above it, edited, copied to the next cycle with the key results worth carrying,
deleted; the objective page shows its score, its key results, what it aligns to and what aligns
to it, and the warning when it has too few key results."""

from django.urls import reverse

from keyloop.okrs.models import Objective

from .okr_pages_support import running_cycle, tell, text_of


def test_a_new_objective_leads_straight_to_its_first_key_result(world):
    story = tell(world)
    alice = world.client_for(world.alice)
    url = reverse("okr_objective_new", args=["acme"])
    form = alice.get(url, {"cycle": story.cycle.pk, "team": story.tribe.pk})
    assert f'<option value="{story.tribe.pk}" selected>Acme › Growth tribe</option>' in (
        form.content.decode()
    )
    answer = alice.post(
        f"{url}?cycle={story.cycle.pk}",
        {"title": "Win the mid-market", "description": "", "team": story.tribe.pk,
         "owner": world.bob.pk, "parent": story.loved.pk, "status": "active"},
    )  # fmt: skip
    created = Objective.objects.get(title="Win the mid-market")
    assert answer["Location"] == reverse("okr_key_result_new", args=["acme", created.pk])
    assert (created.cycle, created.team, created.owner, created.parent) == (
        story.cycle, story.tribe, world.bob, story.loved,
    )  # fmt: skip


def test_an_objective_needs_a_title(world):
    story = tell(world)
    url = reverse("okr_objective_new", args=["acme"]) + f"?cycle={story.cycle.pk}"
    answer = world.client_for(world.alice).post(url, {"title": " ", "status": "active"})
    assert answer.status_code == 200
    assert "Say what you want to achieve." in text_of(answer)


def test_alignment_only_offers_objectives_of_the_same_cycle(world):
    story = tell(world)
    other = running_cycle(world, "Next year", days_in=-100, days_left=300)
    Objective.objects.create(workspace=world.acme, cycle=other, title="An objective of next year")
    page = world.client_for(world.alice).get(
        reverse("okr_objective_edit", args=["acme", story.onboarding.pk])
    )
    choices = dict(page.context["form"].fields["parent"].choices)
    assert "Build a product customers love" in choices.values()
    assert "An objective of next year" not in choices.values()
    assert "Deliver an exceptional onboarding experience" not in choices.values()  # itself


def test_the_objective_page_shows_score_key_results_and_alignment(world):
    from keyloop.okrs import actions

    story = tell(world)
    actions.checkin_create(key_result=story.activation, value=44, author=world.bob)
    actions.checkin_create(key_result=story.onboarding_nps, value=41, author=world.bob)
    alice = world.client_for(world.alice)
    page = alice.get(reverse("okr_objective", args=["acme", story.onboarding.pk]))
    text = text_of(page)
    # (0.6 + 0 + 0.7) / 3 key results of weight 1
    assert 'id="objective-score">0.43<' in page.content.decode()
    assert "Aligned to Build a product customers love" in text
    for title in ("Increase 7-day activation", "Guided setup", "Achieve onboarding NPS"):
        assert title in text
    parent = text_of(alice.get(reverse("okr_objective", args=["acme", story.loved.pk])))
    assert "Objectives aligned to this Deliver an exceptional onboarding experience" in parent
    assert "too-few-key-results" in parent
    assert "With aligned objectives" in parent


def test_copying_to_the_next_cycle_carries_the_chosen_key_results(world):
    story = tell(world)
    following = running_cycle(world, "Next quarter", days_in=-46, days_left=136)
    alice = world.client_for(world.alice)
    url = reverse("okr_objective_copy", args=["acme", story.onboarding.pk])
    form = alice.get(url)
    assert form.context["form"].initial["cycle"] == str(following.pk)
    answer = alice.post(
        url, {"cycle": following.pk,
              "key_results": [story.activation.pk, story.onboarding_nps.pk]}
    )  # fmt: skip
    copy = Objective.objects.get(cycle=following)
    assert answer["Location"] == reverse("okr_objective", args=["acme", copy.pk])
    assert (copy.title, copy.status, copy.team) == (story.onboarding.title, "draft", story.squad)
    carried = list(copy.key_results.values_list("title", "deadline"))
    assert carried == [
        (story.activation.title, following.end), (story.onboarding_nps.title, following.end),
    ]  # fmt: skip
    assert "Copied to “Next quarter” as a draft with 2 key results." in text_of(
        alice.get(answer["Location"])
    )


def test_with_no_other_cycle_copying_asks_for_one_first(world):
    story = tell(world)
    page = world.client_for(world.alice).get(
        reverse("okr_objective_copy", args=["acme", story.onboarding.pk])
    )
    assert "Create the next cycle first." in text_of(page)


def test_editing_an_objective_saves_it(world):
    story = tell(world)
    url = reverse("okr_objective_edit", args=["acme", story.loved.pk])
    world.client_for(world.alice).post(
        url, {"title": "Build a product customers can't live without", "team": story.company.pk,
              "owner": world.alice.pk, "status": "active"},
    )  # fmt: skip
    story.loved.refresh_from_db()
    assert story.loved.title == "Build a product customers can't live without"


def test_deleting_an_objective_takes_its_key_results(world):
    story = tell(world)
    url = reverse("okr_objective_delete", args=["acme", story.onboarding.pk])
    answer = world.client_for(world.alice).post(url, follow=True)
    assert "and its key results were deleted" in text_of(answer)
    assert not Objective.objects.filter(pk=story.onboarding.pk).exists()
    assert story.cycle.objectives.count() == 1
