"""Compute and store the vectors of existing ideas and feedback items, with a progress bar."""

import sys

from django.core.management.base import BaseCommand, CommandError

from keyloop.accounts.models import Workspace
from keyloop.dedup import embedder as embedders
from keyloop.dedup import index as indexes
from keyloop.dedup.tasks import embed_pending


class Command(BaseCommand):
    help = "Embed every idea and feedback item that has no vector (or an outdated one)."

    def add_arguments(self, parser):
        parser.add_argument("--workspace", metavar="SLUG", help="Only this workspace.")

    def handle(self, *args, workspace=None, **options):
        from keyloop.feedback.models import Idea
        from keyloop.inbox.models import FeedbackItem

        workspaces = Workspace.objects.all()
        if workspace:
            workspaces = workspaces.filter(slug=workspace)
            if not workspaces.exists():
                raise CommandError(f"No workspace with the slug {workspace!r}.")
        models = embedders.in_use()
        if not models:
            status = embedders.status()
            why = status.error or "KEYLOOP_EMBEDDING_MODEL=off"
            raise CommandError(f"No embedding model to index with ({why}).")
        tty = sys.stdout.isatty()
        for embedder in models:
            embedded = 0
            for space in workspaces.order_by("pk"):
                total = Idea.objects.filter(workspace=space, deleted_at=None, merged_into=None)
                total = total.count()
                if embedders.embeds_feedback(embedder):
                    total += FeedbackItem.objects.filter(workspace=space).count()
                seen = 0

                def progress(kind, count, space=space, total=total, model=embedder.name):
                    nonlocal seen
                    seen += count
                    self._progress(f"{space.slug} ({model})", seen, total, tty)

                embedded += embed_pending(embedder=embedder, workspace=space, progress=progress)
                if total == 0:
                    self._progress(f"{space.slug} ({embedder.name})", 0, 0, tty)
                if tty:
                    self.stdout.write("")
                indexes.bump(space.pk)
            self.stdout.write(
                self.style.SUCCESS(f"Embedded {embedded:,} text(s) with {embedder.name}.")
            )

    def _progress(self, slug: str, done: int, total: int, tty: bool) -> None:
        width = 30
        filled = width * done // total if total else width
        line = f"{slug}: [{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,}"
        if tty:
            self.stdout.write("\r" + line, ending="")
            self.stdout.flush()
        else:
            self.stdout.write(line)
