"""`keyloop okr_lint --workspace SLUG --cycle NAME`: the key-result quality check of a cycle."""

from django.core.management.base import BaseCommand, CommandError

from keyloop.accounts.models import Workspace
from keyloop.okrs.models import Cycle
from keyloop.okrs.queries import cycle_lint


def _day(value) -> str:
    return f"{value.day} {value:%b %Y}"


class Command(BaseCommand):
    help = (
        "Print the quality check of a cycle's objectives and key results: each finding with "
        "its rule, why, and a suggested rewrite. Exits 0 whatever it finds."
    )

    def add_arguments(self, parser):
        parser.add_argument("--workspace", metavar="SLUG", required=True)
        parser.add_argument("--cycle", metavar="NAME", required=True, help='e.g. "2027 Q1"')

    def handle(self, *args, workspace, cycle, **options):
        found = Workspace.objects.filter(slug=workspace).first()
        if found is None:
            raise CommandError(f"No workspace with the slug {workspace!r}.")
        chosen = Cycle.objects.filter(workspace=found, name__iexact=cycle.strip()).first()
        if chosen is None:
            names = ", ".join(Cycle.objects.filter(workspace=found).values_list("name", flat=True))
            raise CommandError(
                f"No cycle named {cycle!r} in {workspace}. Cycles: {names or 'none'}."
            )
        report = cycle_lint(cycle=chosen)
        count = report.finding_count
        key_results = sum(len(o.key_results) for o in report.objectives)
        self.stdout.write(
            f"Quality check of “{chosen.name}” ({_day(chosen.start)} – {_day(chosen.end)}), "
            f"{found.name}: {len(report.objectives)} objective(s), {key_results} key result(s), "
            f"{count} finding(s)."
        )
        for team, findings in report.teams:
            self.stdout.write("")
            self.stdout.write(self.style.MIGRATE_HEADING(f"Team {team.name}"))
            self._findings(findings, "  ")
        for entry in report.objectives:
            objective = entry.objective
            team = f" — {objective.team.name}" if objective.team else ""
            self.stdout.write("")
            self.stdout.write(self.style.MIGRATE_HEADING(f"Objective: {objective.title}{team}"))
            self._findings(entry.findings, "  ")
            for item in entry.key_results:
                mark = "" if item.findings else "  ✓"
                self.stdout.write(f"  Key result: {item.key_result.title}{mark}")
                self.stdout.write(f"    reads: {item.statement}")
                self._findings(item.findings, "    ")
        self.stdout.write("")
        if count:
            self.stdout.write(self.style.WARNING(f"{count} finding(s) to look at."))
        else:
            self.stdout.write(self.style.SUCCESS("No findings: every key result reads complete."))

    def _findings(self, findings, indent: str) -> None:
        for finding in findings:
            self.stdout.write(f"{indent}! {finding.rule}: {finding.message}")
            if finding.suggestion:
                self.stdout.write(f"{indent}  Suggestion: {finding.suggestion}")
