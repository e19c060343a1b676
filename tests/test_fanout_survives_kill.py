"""A worker killed with SIGKILL in the middle of a fan-out, then restarted, sends every
remaining e-mail once: nobody is skipped, and only what was in flight at the kill can go
out twice — at most one per SMTP connection (the test measures it). Real processes, a real
SMTP server, this suite's database."""

import asyncio
import collections
import os
import signal
import subprocess
import sys
import time

import pytest
from django.db import connection

from keyloop.accounts.models import Person
from keyloop.feedback import actions as feedback
from keyloop.feedback.models import Status, Vote
from keyloop.notifications.models import Delivery

from .conftest import free_port, shared_database_url

PEOPLE = 300
CONNECTIONS = 2  # SMTP connections (sender threads) per worker


def wait_until(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.02)
    pytest.fail(f"timed out waiting for {what}")


@pytest.fixture
def slow_smtp_server():
    """aiosmtpd that takes a few milliseconds per message, so a kill lands mid-fan-out."""
    from aiosmtpd.controller import Controller

    received = collections.Counter()

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            await asyncio.sleep(0.004)
            for recipient in envelope.rcpt_tos:
                received[recipient] += 1
            return "250 OK"

    port = free_port()
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, received
    finally:
        controller.stop()


def _start_worker(tmp_path, smtp_port):
    env = {
        **os.environ,
        "DATABASE_URL": shared_database_url(),
        "KEYLOOP_DATA_DIR": str(tmp_path),
        "SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(smtp_port), "SMTP_TLS": "false",
        "NOTIFICATIONS_BATCH": "20", "NOTIFICATIONS_LEASE_SECONDS": "3",
        "NOTIFICATIONS_SWEEP_SECONDS": "1", "NOTIFICATIONS_EMAIL_CONNECTIONS": str(CONNECTIONS),
        "LOG_LEVEL": "WARNING",
    }  # fmt: skip
    return subprocess.Popen(
        [sys.executable, "-m", "keyloop.cli", "worker", "--interval", "0.1"],
        env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip


def _stop(worker):
    if worker.poll() is None:
        os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)


@pytest.mark.django_db(transaction=True)
def test_a_killed_worker_restarted_skips_nobody_and_resends_only_what_was_in_flight(
    world, settings, tmp_path, slow_smtp_server
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    smtp_port, received = slow_smtp_server
    idea = feedback.idea_create(
        board=world.acme.boards.get(slug="feature-requests"), title="Export to CSV", author=None,
        actor_user=world.alice,
    )  # fmt: skip
    people = Person.objects.bulk_create(
        Person(workspace=world.acme, email=f"voter{n:04d}@customers.test") for n in range(PEOPLE)
    )
    Vote.objects.bulk_create(Vote(idea=idea, person=person) for person in people)
    shipped = Status.objects.get(workspace=world.acme, category="shipped")
    feedback.idea_change_status(idea=idea, status=shipped, actor_user=world.alice)  # commits

    worker = _start_worker(tmp_path, smtp_port)
    try:
        wait_until(lambda: sum(received.values()) >= PEOPLE // 2, 120, "half of the e-mails")
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
        emails = Delivery.objects.filter(event__idea=idea, channel="email")
        in_flight = emails.filter(status="sending").count()
        sent_before_restart = sum(received.values())
        assert 0 < sent_before_restart < PEOPLE, "the kill must land mid-fan-out"
    finally:
        _stop(worker)

    worker = _start_worker(tmp_path, smtp_port)
    try:
        wait_until(
            lambda: not emails.exclude(status="sent").exists(), 120, "every delivery to be sent"
        )
    finally:
        _stop(worker)

    duplicates = sum(count - 1 for count in received.values())
    print(
        f"\nkill -9 mid-fan-out ({connection.vendor}): {PEOPLE} people, "
        f"{sent_before_restart} sent before the kill, {in_flight} claimed in flight, "
        f"{duplicates} sent twice, {PEOPLE - len(received)} lost"
    )
    assert len(received) == PEOPLE  # nobody skipped
    assert set(received) == {person.email for person in people}
    assert duplicates <= in_flight
    # Each e-mail is marked sent right after the server accepts it: at most the one message
    # per connection between "accepted" and "marked" can go out again.
    assert duplicates <= CONNECTIONS
    assert emails.filter(status="sent").count() == PEOPLE
