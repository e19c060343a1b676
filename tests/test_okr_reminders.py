"""Owners of key results with no check-in for 7 days are reminded once a week; after three
unanswered reminders they hear nothing more until they check in."""

from datetime import UTC, date, datetime, timedelta

import pytest

from keyloop.accounts.models import Membership, Person
from keyloop.notifications.models import Event
from keyloop.okrs import actions, queries
from keyloop.okrs.models import CheckInReminder
from keyloop.okrs.tasks import checkin_reminders_send, next_run_delay

from .okr_support import activation, on, onboarding

NEW_YEAR = datetime(2027, 1, 1, 9, 0, tzinfo=UTC)


def _run(day: date) -> int:
    """The daily run on `day`, as the worker would do it."""
    with on(datetime(day.year, day.month, day.day, 9, 0, tzinfo=UTC)):
        return checkin_reminders_send.enqueue().return_value


@pytest.fixture
def key_result(world):
    with on(NEW_YEAR):
        return activation(onboarding(world), owner=world.bob)


def test_nobody_is_reminded_in_the_first_week(world, key_result):
    assert _run(date(2027, 1, 7)) == 0
    assert not CheckInReminder.objects.exists()


def test_a_quiet_week_sends_one_reminder_in_app_and_by_notification(world, key_result):
    assert _run(date(2027, 1, 8)) == 1
    reminder = CheckInReminder.objects.get()
    assert (reminder.key_result, reminder.user, reminder.sequence) == (key_result, world.bob, 1)
    assert queries.open_reminders(workspace=world.acme, user=world.bob) == [reminder]
    event = Event.objects.get(kind="key_result.reminder")
    assert event.payload["title"] == key_result.title
    assert event.payload["days_since"] == 7
    assert event.payload["url"].endswith(f"/acme/admin/okrs/key-results/{key_result.pk}/check-in/")
    [recipient] = Person.objects.filter(pk__in=event.recipient_ids)
    assert recipient.user == world.bob
    # The next day brings no second reminder: one a week.
    assert _run(date(2027, 1, 9)) == 0


def test_it_backs_off_after_three_ignored_reminders_until_a_check_in(world, key_result):
    sent = {day: _run(day) for day in (date(2027, 1, 8) + timedelta(weeks=w) for w in range(5))}
    assert list(sent.values()) == [1, 1, 1, 0, 0]
    assert [r.sequence for r in CheckInReminder.objects.order_by("sent_at")] == [1, 2, 3]

    with on(date(2027, 2, 12)):
        actions.checkin_create(key_result=key_result, value=40, author=world.bob)
    assert queries.open_reminders(workspace=world.acme, user=world.bob) == []
    assert _run(date(2027, 2, 18)) == 0  # checked in 6 days ago
    assert _run(date(2027, 2, 19)) == 1
    assert CheckInReminder.objects.order_by("-sent_at").first().sequence == 1


def test_no_reminder_without_an_owner_a_running_cycle_or_membership(world, key_result):
    with on(NEW_YEAR):
        activation(key_result.objective, title="Ownerless", metric="Ownerless", owner=None)
    assert _run(date(2026, 12, 30)) == 0  # the cycle has not started
    assert _run(date(2027, 4, 8)) == 0  # the cycle is over
    Membership.objects.filter(workspace=world.acme, user=world.bob).delete()
    assert _run(date(2027, 1, 8)) == 0  # Bob left the workspace
    assert not CheckInReminder.objects.exists()


def test_the_next_run_is_the_next_morning(world):
    assert next_run_delay(datetime(2027, 1, 8, 8, 0, tzinfo=UTC)) == timedelta(hours=1)
    assert next_run_delay(datetime(2027, 1, 8, 9, 0, tzinfo=UTC)) == timedelta(days=1)
    assert next_run_delay(datetime(2027, 1, 8, 21, 30, tzinfo=UTC)) == timedelta(
        hours=11, minutes=30
    )
