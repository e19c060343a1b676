"""Background work of OKRs: the daily run that reminds owners of key results to check in.

The run re-queues itself for the next morning, like the sentiment sweep re-queues itself
(keyloop/inbox/tasks.py); creating a cycle or a key result makes sure one is waiting, so a
new installation starts reminding without any set-up.
"""

from datetime import datetime, time, timedelta

from django.tasks import task
from django.utils import timezone

REMINDER_TIME = time(9, 0)  # local time (settings.TIME_ZONE)


def next_run_delay(now: datetime | None = None) -> timedelta:
    """How long until the next reminder run: 09:00 local time today if still to come, else
    tomorrow."""
    now = timezone.localtime(now or timezone.now())
    run = now.replace(hour=REMINDER_TIME.hour, minute=REMINDER_TIME.minute, second=0, microsecond=0)
    if run <= now:
        run += timedelta(days=1)
    return run - now


@task()
def checkin_reminders_send() -> int:
    """Remind owners whose key results had no check-in for 7 days (backing off after 3
    unanswered reminders); returns how many reminders were sent. Queues tomorrow's run."""
    from keyloop.lib.tasks import enqueue_unless_waiting

    from .actions import checkin_reminders_record

    try:
        return len(checkin_reminders_record())
    finally:  # a failed run still books tomorrow's
        enqueue_unless_waiting(checkin_reminders_send, delay=next_run_delay())
