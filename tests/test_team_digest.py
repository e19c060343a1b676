"""Team members who turn on the daily digest get one e-mail a day with the new feedback and
the ideas gaining votes; others get none, a quiet day sends nothing, and no day sends two."""

from datetime import timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone

from keyloop.accounts.models import Membership
from keyloop.feedback import actions as feedback
from keyloop.inbox import actions as inbox
from keyloop.notifications.digest import team_digests_send_due

from .conftest import body_of


def _turn_on(world, user):
    response = world.client_for(user).post(
        reverse("team_digest_setting", args=["acme"]), {"daily_digest": "on"}
    )
    assert response.status_code == 302


def test_a_member_who_asked_gets_new_feedback_and_top_movers_once_a_day(world, smtp_server):
    _turn_on(world, world.bob)
    idea = feedback.idea_create(
        board=world.acme.boards.get(slug="feature-requests"), title="Gantt charts",
        author=world.dana,
    )  # fmt: skip
    feedback.vote_add(idea=idea, person=world.eve)
    inbox.feedback_receive(
        workspace=world.acme, text="Please add SAML", channel="email", person=world.eve
    )

    assert team_digests_send_due() == 1
    assert team_digests_send_due() == 0  # the same day: nothing more
    (message,) = smtp_server.wait_for(1)
    assert message["To"] == "bob@acme.test"  # Alice did not turn it on
    text = body_of(message)
    assert "1 new piece of feedback (1 email)" in text
    assert "Please add SAML" in text
    assert "Gantt charts: +2" in text

    with time_machine.travel(timezone.now() + timedelta(days=1, minutes=1)):
        assert team_digests_send_due() == 0  # nothing new since: no e-mail
    assert len(smtp_server.messages) == 1


def test_turning_it_off_stops_it(world, smtp_server):
    _turn_on(world, world.bob)
    world.client_for(world.bob).post(reverse("team_digest_setting", args=["acme"]), {})
    assert Membership.objects.get(user=world.bob, workspace=world.acme).daily_digest is False
    inbox.feedback_receive(workspace=world.acme, text="Anything", channel="email")
    assert team_digests_send_due() == 0
    assert smtp_server.wait_for(1, timeout=0.3) == []
