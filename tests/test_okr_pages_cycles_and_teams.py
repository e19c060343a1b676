"""Cycles and teams: a new cycle is offered as the quarter we are in; overlapping quarters and
a last day before the first are refused next to the field; the cycles list says which is
running, upcoming, ended or graded; teams nest (company → tribe → squad) and a team cannot be
moved under its own sub-team."""

from datetime import timedelta

from django.urls import reverse

from keyloop.okrs.models import Cycle, Team

from .okr_pages_support import running_cycle, tell, text_of, today

NEW_CYCLE = reverse("okr_cycle_new", args=["acme"])
TEAMS = reverse("okr_teams", args=["acme"])


def test_the_new_cycle_form_proposes_the_current_quarter(world):
    form = world.client_for(world.alice).get(NEW_CYCLE).context["form"]
    start, end = form.initial["start"], form.initial["end"]
    assert start <= today() <= end
    assert start.day == 1 and (end + timedelta(days=1)).day == 1
    assert form.initial["name"] == f"{today().year} Q{(today().month - 1) // 3 + 1}"


def test_a_cycle_is_created_and_opens_the_tree(world):
    answer = world.client_for(world.alice).post(
        NEW_CYCLE, {"name": "2031 Q1", "kind": "quarterly", "start": "2031-01-01",
                    "end": "2031-03-31"}, follow=True,
    )  # fmt: skip
    cycle = Cycle.objects.get(workspace=world.acme, name="2031 Q1")
    assert answer.request["QUERY_STRING"] == f"cycle={cycle.pk}"
    assert "“2031 Q1” is ready. Add its first objective." in text_of(answer)


def test_bad_dates_are_refused_next_to_the_field(world):
    alice = world.client_for(world.alice)
    backwards = alice.post(
        NEW_CYCLE, {"name": "Oops", "kind": "custom", "start": "2031-03-01", "end": "2031-01-01"}
    )
    assert backwards.context["form"].errors["end"] == [
        "The last day must come after the first day."
    ]
    alice.post(NEW_CYCLE, {"name": "2031 Q1", "kind": "quarterly", "start": "2031-01-01",
                           "end": "2031-03-31"})  # fmt: skip
    overlap = alice.post(
        NEW_CYCLE, {"name": "2031 Q1 bis", "kind": "quarterly", "start": "2031-02-01",
                    "end": "2031-04-30"},
    )  # fmt: skip
    assert "overlaps “2031 Q1”" in overlap.context["form"].errors["start"][0]
    assert Cycle.objects.filter(workspace=world.acme).count() == 1


def test_the_cycles_list_says_where_each_cycle_stands(world):
    running_cycle(world, "Now")
    running_cycle(world, "Soon", days_in=-30, days_left=120)
    running_cycle(world, "Over", days_in=200, days_left=-100)
    text = text_of(world.client_for(world.bob).get(reverse("okr_cycles", args=["acme"])))
    assert "Now" in text and "Running" in text
    assert "Upcoming" in text and "Ended: grade it" in text


def test_editing_a_cycle_moves_its_dates(world):
    cycle = running_cycle(world)
    new_end = cycle.end + timedelta(days=7)
    world.client_for(world.alice).post(
        reverse("okr_cycle_edit", args=["acme", cycle.pk]),
        {"name": "This quarter, extended", "kind": "custom", "start": cycle.start.isoformat(),
         "end": new_end.isoformat()},
    )  # fmt: skip
    cycle.refresh_from_db()
    assert (cycle.name, cycle.end) == ("This quarter, extended", new_end)


def test_teams_nest_from_company_to_squad(world):
    alice = world.client_for(world.alice)
    alice.post(TEAMS, {"name": "Acme"})
    acme = Team.objects.get(name="Acme")
    alice.post(TEAMS, {"name": "Growth", "parent": acme.pk, "members": [world.bob.pk]})
    growth = Team.objects.get(name="Growth")
    assert growth.parent == acme and list(growth.members.all()) == [world.bob]
    page = alice.get(TEAMS)
    html = page.content.decode()
    assert html.index("<strong>Acme</strong>") < html.index("<strong>Growth</strong>")
    assert 'class="depth-1"' in html


def test_a_team_cannot_move_under_its_own_sub_team(world):
    story = tell(world)
    url = reverse("okr_team_edit", args=["acme", story.company.pk])
    form = world.client_for(world.alice).get(url).context["form"]
    offered = dict(form.fields["parent"].choices)
    assert str(story.squad.pk) not in offered and str(story.company.pk) not in offered
    world.client_for(world.alice).post(url, {"name": "Acme", "parent": story.squad.pk})
    story.company.refresh_from_db()
    assert story.company.parent is None


def test_a_team_is_renamed_and_moved(world):
    story = tell(world)
    url = reverse("okr_team_edit", args=["acme", story.squad.pk])
    world.client_for(world.alice).post(
        url, {"name": "Activation squad", "parent": story.company.pk}
    )
    story.squad.refresh_from_db()
    assert (story.squad.name, story.squad.parent) == ("Activation squad", story.company)


def test_a_duplicate_team_name_is_refused(world):
    tell(world)
    answer = world.client_for(world.alice).post(TEAMS, {"name": "growth TRIBE"})
    assert "There is already a team named" in text_of(answer)
