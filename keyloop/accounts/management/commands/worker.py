"""`keyloop worker`: the background worker (django-tasks-db's db_worker), after a sweep.

A worker that was killed leaves work behind: notification deliveries it had claimed, events
it had not fanned out. Queuing the notifications sweep first means a restarted worker (or a
fresh one) picks all of that up without waiting for anything else to happen.

It runs at a lower CPU priority than the web server (WORKER_NICENESS), so background work
never slows down the answers to requests.
"""

import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the background worker (queues the notifications sweep first)."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=0.5, help="Seconds between polls.")

    def handle(self, *args, interval, **options):
        from keyloop.lib.tasks import enqueue_unless_waiting
        from keyloop.notifications.tasks import notifications_sweep, team_digests_send

        if settings.WORKER_NICENESS > 0:
            os.nice(settings.WORKER_NICENESS)
        notifications_sweep.enqueue()
        enqueue_unless_waiting(team_digests_send)  # hourly from then on
        call_command("db_worker", "--no-reload", "--no-startup-delay", f"--interval={interval}")
