"""`keyloop import --workspace SLUG --format canny|fider|uservoice|generic FILE [FILE…]`"""

import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from keyloop.accounts.models import Workspace
from keyloop.integrations.imports.actions import import_files
from keyloop.integrations.imports.models import ImportFormat
from keyloop.integrations.imports.sources import GENERIC_FIELDS, ImportFileError

BAR = 30


class Command(BaseCommand):
    help = (
        "Import ideas, votes, comments and people from a Canny, Fider or UserVoice export, or "
        "feedback items from any CSV (--format generic, with --map FIELD=COLUMN or mapping "
        "guessed from the header names). Running it twice on the same files changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--workspace", required=True, help="the workspace's slug")
        parser.add_argument("--format", required=True, choices=ImportFormat.values)
        parser.add_argument(
            "--map", action="append", default=[], metavar="FIELD=COLUMN",
            help=f"generic: which column holds a field ({', '.join(GENERIC_FIELDS)})",
        )  # fmt: skip
        parser.add_argument("files", nargs="+", metavar="FILE", help="CSV files, or zips of them")

    def handle(self, *args, **options):
        workspace = Workspace.objects.filter(slug=options["workspace"]).first()
        if workspace is None:
            raise CommandError(f"No workspace {options['workspace']!r}.")
        mapping = None
        if options["map"]:
            if options["format"] != ImportFormat.GENERIC:
                raise CommandError("--map is for --format generic.")
            mapping = {}
            for pair in options["map"]:
                field, sep, column = pair.partition("=")
                if not sep or not field.strip():
                    raise CommandError(f"--map {pair!r}: write FIELD=COLUMN, e.g. text=Feedback.")
                mapping[field.strip()] = column.strip()
        files = []
        for name in options["files"]:
            path = Path(name)
            if not path.is_file():
                raise CommandError(f"No file {name}.")
            files.append((path.name, path.read_bytes()))

        started = time.perf_counter()
        interactive = sys.stderr.isatty()
        last = [0.0]

        def progress(done: int, total: int) -> None:
            now = time.perf_counter()
            if done < total and now - last[0] < (0.1 if interactive else 2.0):
                return
            last[0] = now
            rate = done / max(now - started, 1e-9)
            filled = BAR * done // max(total, 1)
            line = (
                f"[{'#' * filled}{'-' * (BAR - filled)}] {done:,}/{total:,} rows {rate:,.0f} rows/s"
            )
            sys.stderr.write(("\r" + line) if interactive else (line + "\n"))
            sys.stderr.flush()

        try:
            summary = import_files(
                workspace=workspace, fmt=options["format"], files=files, mapping=mapping,
                progress=progress,
            )  # fmt: skip
        except ImportFileError as error:
            raise CommandError(" ".join(error.messages)) from error
        if interactive:
            sys.stderr.write("\n")
        elapsed = time.perf_counter() - started
        rows = sum(sum(t.values()) for k, t in summary.counts.items() if k != "person")
        self.stdout.write(f"Imported in {elapsed:.1f} s ({rows / max(elapsed, 1e-9):,.0f} rows/s).")
        for kind, tally in summary.counts.items():
            parts = ", ".join(f"{n:,} {outcome}" for outcome, n in tally.items() if n)
            self.stdout.write(f"  {kind}: {parts or 'nothing'}")
        if summary.skipped_count:
            self.stdout.write(f"Skipped rows ({summary.skipped_count:,}):")
            for skip in summary.skipped:
                self.stdout.write(f"  {skip['row']} ({skip['kind']}): {skip['reason']}")
            if summary.skipped_count > len(summary.skipped):
                self.stdout.write(f"  … and {summary.skipped_count - len(summary.skipped):,} more")
