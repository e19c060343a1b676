"""CSV import speed (issue 5): `keyloop import --format generic` of a 50,000-row file, on
SQLite and on PostgreSQL, each into a fresh database. Target: >= 2,000 rows/s on 2 cores.

The file is what a support tool exports: ticket id, subject, text, customer e-mail and name,
company, plan and MRR, date, link; 5,000 customers of 500 companies, so people and companies
are found or created along the way. The second run imports the same file again (nothing new
is created) and is reported too.

Configuration (environment):
  BENCH_DATABASES    sqlite,postgres
  BENCH_IMPORT_ROWS  50000
"""

import csv
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 2_000
WORDS = (
    "export slow dashboard love roadmap sso saml okta please need broken great fast mobile "
    "app search filter report pdf csv slack integration billing invoice seats admin users"
).split()


def write_file(path: Path, rows: int) -> None:
    rng = random.Random(5)
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["Ticket ID", "Subject", "Feedback", "Customer Email", "Customer Name",
                      "Company", "Plan", "MRR", "Date", "Link"])  # fmt: skip
        for n in range(rows):
            person = rng.randrange(5_000)
            company = person % 500
            text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 40)))
            out.writerow([
                f"T-{n}", " ".join(rng.choice(WORDS) for _ in range(4)).capitalize(),
                text.capitalize() + ".", f"customer{person}@company{company}.test",
                f"Customer {person}", f"Company {company}", ("Pro", "Enterprise")[company % 2],
                (company * 731) % 500_000, f"2024-{1 + n % 12:02d}-{1 + n % 28:02d} 10:00:00",
                f"https://support.example.test/tickets/{n}",
            ])  # fmt: skip


def run_once(env: dict, csv_path: Path) -> tuple[float, str]:
    keyloop = [str(ROOT / ".venv/bin/keyloop")]
    started = time.perf_counter()
    done = subprocess.run(
        [*keyloop, "import", "--workspace", "bench", "--format", "generic", str(csv_path)],
        env=env, cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    return elapsed, done.stdout


def run_database(database: str, rows: int) -> list[str]:
    data_dir = Path(tempfile.mkdtemp(prefix=f"keyloop-bench-import-{database}-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("BENCH_")}
    env["KEYLOOP_DATA_DIR"] = str(data_dir)
    env["TASKS_BACKEND"] = "django_tasks_db.DatabaseBackend"  # sentiment waits for a worker
    env.update(DEBUG="false", SECRET_KEY="bench-" + "x" * 50, ALLOWED_HOSTS="127.0.0.1")
    if database == "sqlite":
        env.pop("DATABASE_URL", None)
    keyloop = str(ROOT / ".venv/bin/keyloop")
    lines = []
    try:
        csv_path = data_dir / "feedback.csv"
        write_file(csv_path, rows)
        subprocess.run([keyloop, "migrate", "-v0"], env=env, cwd=ROOT, check=True)
        subprocess.run(
            [keyloop, "shell", "-c",
             "from keyloop.accounts.models import Workspace\n"
             "from keyloop.feedback.actions import workspace_defaults_create\n"
             "w = Workspace.objects.create(name='Bench', slug='bench')\n"
             "workspace_defaults_create(workspace=w)"],
            env=env, cwd=ROOT, check=True,
        )  # fmt: skip
        for label in ("first import", "same file again"):
            elapsed, out = run_once(env, csv_path)
            rate = rows / elapsed
            verdict = "ok" if rate >= TARGET else f"BELOW {TARGET:,}"
            counts = "; ".join(re.findall(r"^\s+(\w+: .+)$", out, re.MULTILINE))
            lines.append(
                f"  {database:8} {label:16} {rows:,} rows in {elapsed:5.1f} s = "
                f"{rate:7,.0f} rows/s  [{verdict}]  ({counts})"
            )
            print(lines[-1], flush=True)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    return lines


def main() -> None:
    databases = os.environ.get("BENCH_DATABASES", "sqlite,postgres").split(",")
    rows = int(os.environ.get("BENCH_IMPORT_ROWS", "50000"))
    print(f"generic CSV import, {rows:,} rows (wall time of `keyloop import`, incl. start-up)")
    if "sqlite" in databases:
        run_database("sqlite", rows)
    if "postgres" in databases:
        env = {**os.environ, "BENCH_IMPORT_ROWS": str(rows)}
        command = ["bash", str(ROOT / "scripts/with-postgres.sh"), sys.executable, __file__,
                   "--inner-postgres"]  # fmt: skip
        subprocess.run(command, env=env, cwd=ROOT, check=True)


if __name__ == "__main__":
    if sys.argv[1:] == ["--inner-postgres"]:
        run_database("postgres", int(os.environ.get("BENCH_IMPORT_ROWS", "50000")))
    else:
        main()
