"""The OKR tree of a cycle: company → tribe → squad with each team's score, objectives with
score bars and bands, key results with their complete statement, value, score and pace; filters
by team, owner and status; a warning when an objective has too few key results; an empty state
that leads to the first cycle; and as many queries for 3 objectives as for 30."""

from datetime import timedelta

from django.urls import reverse

from keyloop.okrs import actions

from .okr_pages_support import count_queries, running_cycle, tell, text_of, today

TREE = reverse("okrs", args=["acme"])


def test_a_workspace_without_cycles_is_invited_to_create_its_first(world):
    page = world.client_for(world.bob).get(TREE)
    assert page.status_code == 200
    assert "Create your first cycle" in text_of(page)
    assert reverse("okr_cycle_new", args=["acme"]) in page.content.decode()


def test_the_nav_link_is_highlighted_on_every_okr_page(world):
    story = tell(world)
    alice = world.client_for(world.alice)
    for url in (TREE, reverse("okr_key_result", args=["acme", story.activation.pk])):
        html = alice.get(url).content.decode()
        assert f'<a href="{TREE}" aria-current="page">OKRs</a>' in html
    ideas = alice.get(reverse("team_ideas", args=["acme"])).content.decode()
    assert f'<a href="{TREE}" >OKRs</a>' in ideas


def test_the_tree_runs_from_the_company_down_to_the_squad_with_scores(world):
    story = tell(world)
    actions.checkin_create(key_result=story.activation, value=44, confidence=7, author=world.bob)
    page = world.client_for(world.alice).get(TREE)
    text = text_of(page)
    company, tribe, squad = (text.index(name) for name in ("Acme", "Growth tribe", "Onboarding"))
    assert company < tribe < squad
    html = page.content.decode()
    assert 'class="okr-team depth-0"' in html and 'class="okr-team depth-2"' in html
    # 44 is 60% of the way from 35 to 50: amber, and ahead of the 50% expected halfway through.
    row = html.split("Increase 7-day activation rate", 1)[1].split("</li>", 1)[0]
    assert "7-day activation rate from 35% to 50% by" in row
    assert "44%" in row and "0.60" in row
    assert "band-amber" in row and "On track" in row


def test_each_key_result_shows_its_complete_statement_and_pace(world):
    story = tell(world)
    text = text_of(world.client_for(world.alice).get(TREE))
    deadline = story.cycle.end
    assert f"Onboarding NPS from 28 to 45 by {deadline.day} {deadline:%b %Y}" in text
    # Nothing measured halfway through the cycle: at risk.
    assert text.count("At risk") == 4


def test_an_objective_with_fewer_than_two_key_results_is_flagged(world):
    story = tell(world)
    page = text_of(world.client_for(world.alice).get(TREE))
    assert "too-few-key-results" in page
    assert "“Build a product customers love” has 1 key result" in page
    actions.key_result_create(
        objective=story.loved, title="Improve monthly retention from 85% to 92%",
        metric="Monthly retention", unit="percent", baseline=85, target=92,
    )  # fmt: skip
    assert "too-few-key-results" not in text_of(world.client_for(world.alice).get(TREE))


def test_the_filters_show_one_team_one_owner_or_one_status(world):
    story = tell(world)
    actions.objective_create(
        cycle=story.cycle, team=story.tribe, title="Grow the top of the funnel", status="draft"
    )
    alice = world.client_for(world.alice)

    squad_only = text_of(alice.get(TREE, {"team": story.squad.pk}))
    assert "Deliver an exceptional onboarding experience" in squad_only
    assert "Build a product customers love" not in squad_only

    tribe_down = text_of(alice.get(TREE, {"team": story.tribe.pk}))
    assert "Grow the top of the funnel" in tribe_down and "Deliver an exceptional" in tribe_down

    bobs = text_of(alice.get(TREE, {"owner": world.bob.pk}))
    assert "Deliver an exceptional" in bobs and "Build a product customers love" not in bobs

    mine = text_of(alice.get(TREE, {"owner": "me"}))
    assert "Build a product customers love" in mine and "Deliver an exceptional" not in mine

    drafts = text_of(alice.get(TREE, {"status": "draft"}))
    assert "Grow the top of the funnel" in drafts and "Build a product" not in drafts


def test_a_filter_that_matches_nothing_says_so_and_offers_to_clear_it(world):
    tell(world)
    page = text_of(world.client_for(world.alice).get(TREE, {"status": "graded"}))
    assert "No objectives match these filters" in page
    assert "Clear the filters" in page


def test_the_filters_answer_htmx_with_the_tree_alone(world):
    tell(world)
    page = world.client_for(world.alice).get(
        TREE, {"status": "active"}, headers={"HX-Request": "true", "HX-Target": "okr-tree"}
    )
    html = page.content.decode()
    assert html.lstrip().startswith('<section id="okr-tree"')
    assert "Deliver an exceptional onboarding experience" in html


def test_the_cycle_switcher_opens_another_cycle(world):
    story = tell(world)
    past = actions.cycle_create(
        workspace=world.acme, name="Last quarter", kind="custom",
        start=today() - timedelta(days=200), end=today() - timedelta(days=110),
    )  # fmt: skip
    alice = world.client_for(world.alice)
    current = text_of(alice.get(TREE))
    assert "This quarter" in current and "Deliver an exceptional" in current
    earlier = text_of(alice.get(TREE, {"cycle": past.pk}))
    assert "No objectives in Last quarter yet" in earlier
    assert story.cycle.name in earlier  # still in the switcher


def test_an_empty_cycle_invites_the_first_objective(world):
    cycle = running_cycle(world)
    page = world.client_for(world.alice).get(TREE)
    assert "No objectives in This quarter yet" in text_of(page)
    assert f"{reverse('okr_objective_new', args=['acme'])}?cycle={cycle.pk}" in (
        page.content.decode()
    )


def test_the_tree_runs_the_same_queries_for_three_objectives_or_thirty(world):
    story = tell(world)
    alice = world.client_for(world.alice)
    few, _ = count_queries(alice, TREE)
    for n in range(27):
        objective = actions.objective_create(
            cycle=story.cycle, team=story.squad if n % 2 else story.tribe,
            title=f"Objective {n}", owner=world.bob,
        )  # fmt: skip
        for k in range(3):
            key_result = actions.key_result_create(
                objective=objective, title=f"KR {n}.{k}", metric="Things", baseline=0, target=10,
                owner=world.alice,
            )  # fmt: skip
            actions.checkin_create(key_result=key_result, value=k, author=world.alice)
    many, page = count_queries(alice, TREE)
    assert "Objective 26" in text_of(page)
    assert few == many
