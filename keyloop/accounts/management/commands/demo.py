"""`keyloop demo`: the Acme Analytics demo workspace, created once and safe to re-run."""

import random
import secrets

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from keyloop.accounts.models import Company, Membership, Person, Role, User, Workspace
from keyloop.feedback.demo import demo_feedback_load
from keyloop.inbox.demo import demo_inbox_load
from keyloop.okrs.demo import demo_okrs_load

DEMO_SLUG = "demo"
ADMIN_EMAIL = "admin@example.com"
TEAM = [
    ("pm@example.com", "Priya Patel", Role.ADMIN),
    ("support@example.com", "Sam Okafor", Role.MEMBER),
    ("engineer@example.com", "Lena Fischer", Role.MEMBER),
]
PLANS = [("Free", 0), ("Starter", 4900), ("Growth", 19900), ("Business", 79900)]
SEGMENTS = ["SMB", "Mid-market", "Enterprise"]
COMPANY_WORDS = (
    "Acorn Beacon Cobalt Delta Ember Fjord Granite Harbor Indigo Juniper Keystone Lumen "
    "Meridian Nimbus Orchid Pioneer Quartz Redwood Summit Tidal"
).split()
COMPANY_KINDS = ["Labs", "Systems"]
FIRST = "Ana Ben Chloe Dev Elif Femi Grace Hugo Iris Jonas Kira Luca Mia Noah Omar Pia Raj Sofia Tom Yuki".split()  # noqa: E501
LAST = "Silva Novak Kim Haddad Berg Moreau Rossi Ito Nowak Costa".split()


class Command(BaseCommand):
    help = "Load the demo workspace (slug 'demo'). Idempotent: re-running changes nothing."

    def handle(self, *args, **options):
        with transaction.atomic():
            created = self._load()
            workspace = Workspace.objects.get(slug=DEMO_SLUG)
            created = demo_feedback_load(workspace=workspace) or created
            created = demo_inbox_load(workspace=workspace) or created
            created = demo_okrs_load(workspace=workspace) or created
        if created:
            self._embed_in_background()
        password = self._admin_password()
        verb = "Created" if created else "Demo workspace already loaded:"
        self.stdout.write(f"{verb} workspace “Acme Analytics” at {settings.BASE_URL}/{DEMO_SLUG}/")
        self.stdout.write(f"Demo admin login: {ADMIN_EMAIL} / {password}")

    def _load(self) -> bool:
        workspace, created = Workspace.objects.get_or_create(
            slug=DEMO_SLUG, defaults={"name": "Acme Analytics"}
        )
        admin, _ = User.objects.get_or_create(email=ADMIN_EMAIL, defaults={"name": "Alex Admin"})
        Membership.objects.get_or_create(
            workspace=workspace, user=admin, defaults={"role": Role.OWNER}
        )
        for email, name, role in TEAM:
            member, new = User.objects.get_or_create(email=email, defaults={"name": name})
            if new:
                member.set_unusable_password()
                member.save()
            Membership.objects.get_or_create(
                workspace=workspace, user=member, defaults={"role": role}
            )
        if not created and workspace.people.exists():
            return False
        rng = random.Random(42)  # the same demo every time
        companies = []
        for index in range(40):
            plan, mrr = PLANS[rng.randrange(len(PLANS))]
            name = f"{COMPANY_WORDS[index % 20]} {COMPANY_KINDS[index // 20]}"
            companies.append(
                Company(
                    workspace=workspace,
                    name=name,
                    external_id=f"co_{index + 1:03d}",
                    plan=plan,
                    segment=SEGMENTS[rng.randrange(len(SEGMENTS))],
                    mrr_cents=mrr * rng.choice([1, 1, 2, 3, 5]),
                )
            )
        Company.objects.bulk_create(companies)
        companies = list(workspace.companies.order_by("external_id"))
        people = []
        for index in range(200):
            first, last = FIRST[index % 20], LAST[index // 20]
            company = companies[index % 40]
            domain = company.name.lower().replace(" ", "") + ".example"
            people.append(
                Person(
                    workspace=workspace,
                    name=f"{first} {last}",
                    email=f"{first.lower()}.{last.lower()}@{domain}",
                    external_id=f"user_{index + 1:04d}",
                    company=company,
                )
            )
        Person.objects.bulk_create(people)
        return True

    def _embed_in_background(self) -> None:
        """Duplicate detection needs a vector per idea and feedback item: the worker computes
        them (a few minutes for the demo). A backend that runs tasks at once (tests) would
        stall here instead; there, `keyloop reindex` does it when wanted."""
        from django.tasks import default_task_backend

        from keyloop.dedup.tasks import embeddings_refresh
        from keyloop.lib.tasks import enqueue_unless_waiting

        if default_task_backend.supports_defer:
            enqueue_unless_waiting(embeddings_refresh)
            self.stdout.write("Duplicate detection: the worker is computing the demo's vectors.")

    def _admin_password(self) -> str:
        """Keep the generated password under the data dir so it can be printed on every start."""
        path = settings.DATA_DIR / "demo-admin-password"
        admin = User.objects.get(email=ADMIN_EMAIL)
        if path.exists() and admin.check_password(path.read_text().strip()):
            return path.read_text().strip()
        password = "demo-" + secrets.token_urlsafe(9)
        admin.set_password(password)
        admin.save(update_fields=["password"])
        path.write_text(password)
        path.chmod(0o600)
        return password
