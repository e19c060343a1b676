from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from keyloop.accounts.actions import API_SCOPES, api_key_create
from keyloop.accounts.models import Workspace


class Command(BaseCommand):
    help = "Create an API key for a workspace. The key is printed once, as the last line."

    def add_arguments(self, parser):
        parser.add_argument("--workspace", required=True, help="The workspace's slug.")
        parser.add_argument("--name", required=True, help="What the key is for.")
        parser.add_argument(
            "--read-only", action="store_true", help="Give the key only the read scope."
        )

    def handle(self, *args, workspace, name, read_only, **options):
        try:
            target = Workspace.objects.get(slug=workspace)
        except Workspace.DoesNotExist:
            raise CommandError(f"No workspace with the slug {workspace!r}.") from None
        scopes = ("read",) if read_only else API_SCOPES
        try:
            api_key, raw = api_key_create(
                workspace=target, name=name, created_by=None, scopes=scopes
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stderr.write(
            f"Created API key “{api_key.name}” for {target.slug} (scopes: "
            f"{', '.join(api_key.scopes)}). Store it now; it is not shown again."
        )
        self.stdout.write(raw)
