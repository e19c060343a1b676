"""When the mail server is down, defers or rejects, each delivery ends in the right state with
a clear reason: temporary trouble is retried with backoff, a rejected recipient is not, and
nothing is lost or sent twice."""

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.utils import timezone

from keyloop.accounts.models import Person
from keyloop.feedback import actions as feedback
from keyloop.feedback.models import Status
from keyloop.notifications.channels.email.send import emails_send_due
from keyloop.notifications.models import Delivery

from .conftest import free_port


class Answers:
    """An SMTP server whose answer to each recipient the test decides."""

    def __init__(self):
        self.codes: dict[str, str] = {}
        self.accepted: list[str] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        code = self.codes.get(address)
        if code:
            return code
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.accepted.extend(envelope.rcpt_tos)
        return "250 Message accepted"


@pytest.fixture
def mail_server(settings):
    answers = Answers()
    port = free_port()
    controller = Controller(answers, hostname="127.0.0.1", port=port)
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "use_tls": False, "timeout": 5},
        }
    }
    yield answers
    controller.stop()


@pytest.fixture
def voters(world):
    idea = feedback.idea_create(
        board=world.acme.boards.get(slug="feature-requests"), title="Dark mode", author=None,
        actor_user=world.alice,
    )  # fmt: skip
    people = [
        Person.objects.create(workspace=world.acme, email=f"{name}@customers.test")
        for name in ("ann", "ben", "cat")
    ]
    for person in people:
        feedback.vote_add(idea=idea, person=person)
    return idea, people


def _ship(world, idea, capture):
    shipped = Status.objects.get(workspace=world.acme, category="shipped")
    with capture(execute=True):
        feedback.idea_change_status(idea=idea, status=shipped, actor_user=world.alice)


def _states(idea):
    return dict(
        Delivery.objects.filter(event__idea=idea, channel="email").values_list(
            "person__email", "status"
        )
    )


def test_a_rejected_recipient_fails_for_good_and_the_others_still_get_theirs(
    world, voters, mail_server, django_capture_on_commit_callbacks
):
    idea, _ = voters
    mail_server.codes["ben@customers.test"] = "550 5.1.1 No such user here"
    _ship(world, idea, django_capture_on_commit_callbacks)

    assert sorted(mail_server.accepted) == ["ann@customers.test", "cat@customers.test"]
    assert _states(idea)["ben@customers.test"] == "failed"
    ben = Delivery.objects.get(event__idea=idea, channel="email", person__email__startswith="ben")
    assert "Rejected by the mail server: 550" in ben.reason and "No such user" in ben.reason


def test_a_deferred_recipient_is_retried_later_and_then_delivered_once(
    world, voters, mail_server, django_capture_on_commit_callbacks
):
    idea, _ = voters
    mail_server.codes["cat@customers.test"] = "451 4.3.2 Try again later"
    _ship(world, idea, django_capture_on_commit_callbacks)
    cat = Delivery.objects.get(event__idea=idea, channel="email", person__email__startswith="cat")
    assert cat.status == "pending" and cat.attempts == 1
    assert "try later: 451" in cat.reason
    assert cat.next_attempt_at > timezone.now()

    assert emails_send_due() == 0  # not due yet: nothing happens
    mail_server.codes.clear()
    with time_machine.travel(cat.next_attempt_at + timezone.timedelta(seconds=1)):
        assert emails_send_due() == 1
    assert sorted(mail_server.accepted) == [
        "ann@customers.test", "ben@customers.test", "cat@customers.test"
    ]  # fmt: skip
    assert set(_states(idea).values()) == {"sent"}


def test_a_mail_server_that_is_down_loses_nothing_and_gives_up_visibly(
    world, voters, settings, django_capture_on_commit_callbacks
):
    idea, _ = voters
    closed_port = free_port()  # nothing listens there
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": closed_port, "timeout": 2},
        }
    }
    settings.NOTIFICATIONS_EMAIL_RETRY_SECONDS = [60, 300]
    _ship(world, idea, django_capture_on_commit_callbacks)
    deliveries = Delivery.objects.filter(event__idea=idea, channel="email")
    assert set(deliveries.values_list("status", flat=True)) == {"pending"}
    assert all("Mail server unavailable" in d.reason for d in deliveries)

    # Two more tries, each after its wait; then the schedule is used up: failed, with why.
    start = timezone.now()
    with time_machine.travel(start + timezone.timedelta(seconds=61)):
        emails_send_due()
    assert set(deliveries.values_list("status", flat=True)) == {"pending"}
    with time_machine.travel(start + timezone.timedelta(seconds=61 + 301)):
        emails_send_due()
    assert set(deliveries.values_list("status", flat=True)) == {"failed"}
    assert set(deliveries.values_list("attempts", flat=True)) == {3}


def test_after_the_server_comes_back_everyone_gets_exactly_one_email(
    world, voters, settings, mail_server, django_capture_on_commit_callbacks
):
    idea, _ = voters
    working = settings.MAILERS
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": free_port(), "timeout": 2},
        }
    }
    _ship(world, idea, django_capture_on_commit_callbacks)
    settings.MAILERS = working
    with time_machine.travel(timezone.now() + timezone.timedelta(minutes=2)):
        assert emails_send_due() == 3
        assert emails_send_due() == 0
    assert sorted(mail_server.accepted) == [
        "ann@customers.test", "ben@customers.test", "cat@customers.test"
    ]  # fmt: skip
