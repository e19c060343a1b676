"""The team's overview lists the ideas nobody has looked at yet, most wanted first."""

from django.urls import reverse

from keyloop.feedback import actions
from keyloop.feedback.models import Status


def test_the_overview_lists_untriaged_ideas_most_voted_first(world):
    board = world.acme.boards.get(slug="feature-requests")
    quiet = actions.idea_create(board=board, title="Quiet idea", body="", author=None)
    loud = actions.idea_create(board=board, title="Loud idea", body="", author=world.dana)
    actions.vote_add(idea=loud, person=world.eve)
    triaged = actions.idea_create(board=board, title="Already planned", body="", author=None)
    planned = Status.objects.get(workspace=world.acme, name="Planned")
    actions.idea_change_status(idea=triaged, status=planned, actor_user=world.alice)

    html = world.client_for(world.bob).get(reverse("team_dashboard", args=["acme"]))
    html = html.content.decode()

    card = html.split('id="attention-title"', 1)[1].split("</section>", 1)[0]
    assert card.index("Loud idea") < card.index("Quiet idea")
    assert "Already planned" not in card
    assert reverse("team_idea", args=["acme", quiet.pk]) in card
    assert "See all 2" in card


def test_with_nothing_to_triage_the_card_says_so(world):
    html = world.client_for(world.bob).get(reverse("team_dashboard", args=["acme"]))

    assert "Every idea has been looked at." in html.content.decode()
