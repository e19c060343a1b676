"""Score (or re-score) feedback sentiment now, with a progress line."""

import sys

from django.core.management.base import BaseCommand, CommandError

from keyloop.accounts.models import Workspace
from keyloop.inbox.actions import feedback_score_sentiment
from keyloop.inbox.models import FeedbackItem

BATCH = 500


class Command(BaseCommand):
    help = "Score the sentiment of feedback items: the unscored ones, or all with --all."

    def add_arguments(self, parser):
        parser.add_argument("--workspace", metavar="SLUG", help="Only this workspace.")
        parser.add_argument("--all", action="store_true", help="Re-score items already scored.")

    def handle(self, *args, workspace=None, all=False, **options):
        items = FeedbackItem.objects.all()
        if workspace:
            if not Workspace.objects.filter(slug=workspace).exists():
                raise CommandError(f"No workspace with the slug {workspace!r}.")
            items = items.filter(workspace__slug=workspace)
        if not all:
            items = items.filter(sentiment=None)
        total = items.count()
        done, last_id = 0, 0
        tty = sys.stdout.isatty()
        while True:
            batch = list(
                items.filter(id__gt=last_id).order_by("id").only("id", "title", "text")[:BATCH]
            )
            if not batch:
                break
            done += feedback_score_sentiment(items=batch)
            last_id = batch[-1].id
            self._progress(done, total, tty)
        if tty:
            self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Scored {done:,} feedback item(s)."))

    def _progress(self, done: int, total: int, tty: bool) -> None:
        width = 30
        filled = width * done // total if total else width
        line = f"[{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,}"
        if tty:
            self.stdout.write("\r" + line, ending="")
            self.stdout.flush()
        else:
            self.stdout.write(line)
