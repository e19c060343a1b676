"""An event committed by a process that died before queuing its fan-out is not lost: the
sweep (run at every worker start and every minute while work is outstanding) sends it."""

from keyloop.feedback import actions as feedback
from keyloop.feedback.models import Status
from keyloop.notifications.models import Delivery, Event
from keyloop.notifications.tasks import notifications_sweep


def test_the_sweep_fans_out_and_sends_an_event_whose_enqueue_was_lost(world, smtp_server):
    idea = feedback.idea_create(
        board=world.acme.boards.get(slug="feature-requests"), title="Dark mode", author=world.eve
    )
    # The after-commit callbacks never run here: as if the process died right after COMMIT.
    feedback.idea_change_status(
        idea=idea, status=Status.objects.get(workspace=world.acme, category="planned"),
        actor_user=world.alice,
    )  # fmt: skip
    event = Event.objects.get(idea=idea, kind="idea.status_changed")
    assert event.fanned_out_at is None and not Delivery.objects.exists()

    notifications_sweep.call()

    (message,) = smtp_server.wait_for(1)
    assert message["To"] == "eve@example.test" and "Dark mode" in message["Subject"]
    event.refresh_from_db()
    assert event.fanned_out_at is not None
    notifications_sweep.call()  # a second sweep finds nothing left to do
    assert len(smtp_server.messages) == 1
