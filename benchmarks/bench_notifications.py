"""Notification fan-out (issue 7): one "shipped" status change told to 10,000 people by e-mail
through a real SMTP server, with one `keyloop worker`, with two, and with a worker killed by
SIGKILL half-way and restarted.

The database is a fresh SQLite file under a temporary KEYLOOP_DATA_DIR, or, when
DATABASE_URL is set (e.g. `scripts/with-postgres.sh`), a scratch database created next to
the one it names and dropped afterwards. `keyloop migrate` runs in a subprocess; this
process then sets up Django against the same database, creates the workspace, an idea and
its 10,000 voters (bulk inserts) and changes the idea's status with the real action
(`idea_change_status`), so the event goes through the outbox, the task queue, the fan-out
and the senders exactly as in production. The workers are `python -m keyloop.cli worker`
subprocesses with production settings (`DEBUG=false`) and NOTIFICATIONS_SENDERS = the
number of workers; the SMTP server is aiosmtpd on a free port in this process, counting the
messages per recipient.

For each run it reports the seconds from the status change until the last message was
accepted, messages per second, messages received, distinct recipients, duplicates and
losses (must be 10,000, 0 and 0; after a kill one duplicate is allowed: the message the
server had accepted when the worker died, before it was marked sent), when the fan-out
finished and the first message arrived, and the CPU the workers (and PostgreSQL) used. The
kill runs also report what was claimed ("sending") at the kill and how many deliveries had
to wait out the claim's lease.

Configuration (environment; `make bench` passes none):
  BENCH_NOTIFY_PEOPLE    10000              voters of the shipped idea
  BENCH_NOTIFY_RUNS      1,2,kill-1,kill-2  N: N workers; kill-N: N workers, the first one
                                            killed (SIGKILL) half-way and restarted at once
  BENCH_NOTIFY_LEASE     (production: 30)   NOTIFICATIONS_LEASE_SECONDS for the workers
  BENCH_NOTIFY_SWEEP     (production: 60)   NOTIFICATIONS_SWEEP_SECONDS for the workers
  BENCH_NOTIFY_TIMEOUT   900                seconds a run may take before it is abandoned
  BENCH_NOTIFY_SMTP_DELAY_MS  0             the SMTP server waits this long before accepting
                                            each message (a remote relay's latency)

Not a test and not part of CI: numbers depend on the machine and on whatever else runs on it.
"""

import asyncio
import collections
import ctypes
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
SCRATCH_DATABASE = "keyloop_bench_notifications"
PR_SET_PDEATHSIG = 1  # prctl(2)
TEMP = "keyloop-bench-notify-"

# `python -m keyloop.cli worker ...`, which dies with this process (PR_SET_PDEATHSIG) even
# when this process is killed with SIGKILL and cannot clean up after itself.
WORKER_LAUNCHER = (
    "import ctypes, os, runpy, signal, sys\n"
    f"ctypes.CDLL(None, use_errno=True).prctl({PR_SET_PDEATHSIG}, signal.SIGKILL)\n"
    "if os.getppid() != int(os.environ['BENCH_PARENT_PID']): sys.exit(1)\n"
    "runpy.run_module('keyloop.cli', run_name='__main__', alter_sys=True)\n"
)


# --- the SMTP server --------------------------------------------------------------------------


class Mailbox:
    """aiosmtpd handler: counts accepted messages per recipient, with the first/last time."""

    def __init__(self, delay: float = 0.0):
        self.delay = delay  # seconds before answering DATA: a relay's latency
        self.reset()

    def reset(self) -> None:
        self.counts: collections.Counter = collections.Counter()
        self.arrived: dict[str, float] = {}  # recipient -> when the first copy was accepted
        self.total = 0
        self.first = None
        self.last = None

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        now = time.time()
        for recipient in envelope.rcpt_tos:
            self.counts[recipient] += 1
            self.arrived.setdefault(recipient, now)
        self.total += 1
        self.first = self.first or now
        self.last = now
        return "250 OK"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- processes ----------------------------------------------------------------------------------


def cpu_seconds(pid: int) -> float:
    """CPU seconds (user + system) of a living process and its reaped children."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = raw[raw.rindex(")") + 2 :].split()
    return sum(int(x) for x in fields[11:15]) / CLOCK_TICKS


def tree_cpu_seconds(root: int) -> float:
    """CPU seconds of `root` and every living descendant (the PostgreSQL server)."""
    parents = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                raw = Path(entry.path, "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(raw[raw.rindex(")") + 2 :].split()[1])
    total, stack = 0.0, [root]
    while stack:
        pid = stack.pop()
        total += cpu_seconds(pid)
        stack.extend(child for child, parent in parents.items() if parent == pid)
    return total


class Worker:
    """One `keyloop worker` in its own process group; stderr kept in a file for errors."""

    def __init__(self, env: dict, log_dir: Path, name: str):
        self.log_path = log_dir / f"{name}.log"
        self.log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-c", WORKER_LAUNCHER, "worker", "--interval", "0.1"],
            env={**env, "BENCH_PARENT_PID": str(os.getpid())}, cwd=ROOT,
            stdout=subprocess.DEVNULL, stderr=self.log, start_new_session=True,
        )  # fmt: skip
        self.cpu_at_kill = None

    @property
    def pid(self) -> int:
        return self.process.pid

    def alive(self) -> bool:
        return self.process.poll() is None

    def cpu(self) -> float:
        return self.cpu_at_kill if self.cpu_at_kill is not None else cpu_seconds(self.pid)

    def kill(self) -> None:
        self.cpu_at_kill = cpu_seconds(self.pid)
        os.killpg(self.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def kill_now(self) -> None:
        if self.alive():
            try:
                os.killpg(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.process.wait()
        self.log.close()

    def stop(self) -> None:
        if self.alive():
            try:
                os.killpg(self.pid, signal.SIGTERM)
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.pid, signal.SIGKILL)
                self.process.wait()
            except ProcessLookupError:
                pass
        self.log.close()

    def failure(self) -> str:
        return self.log_path.read_text(errors="replace")[-1500:]


# --- one run ----------------------------------------------------------------------------------


@dataclass
class Run:
    label: str
    workers: int
    kill: bool
    people: int = 0
    seconds: float | None = None  # status change -> last message accepted
    received: int = 0  # messages accepted by the SMTP server
    recipients: int = 0  # distinct expected recipients among them
    duplicates: int = 0
    lost: int = 0
    strangers: int = 0  # recipients that are not voters of this idea (must be 0)
    committed_at: float = 0.0  # seconds after the status change
    fanned_out_at: float | None = None  # the fan-out task finished (rows committed)
    first_at: float | None = None
    statuses: dict = field(default_factory=dict)
    worker_cpu: float = 0.0
    smtp_cpu: float = 0.0  # this process: the SMTP server (and its polling)
    db_cpu: float | None = None
    killed_at: float | None = None
    received_at_kill: int = 0
    in_flight_at_kill: int = 0  # "sending" rows right after the kill (every worker's claims)
    reclaimed: int = 0  # claimed twice: the killed worker's unsent rest, after the lease
    others_done_at: float | None = None  # everyone but the reclaimed had their message
    tasks: dict = field(default_factory=dict)  # task name -> (started, finished) seconds
    note: str = ""

    @property
    def rate(self) -> float:
        return self.recipients / self.seconds if self.seconds else 0.0

    @property
    def ok(self) -> bool:
        """Everyone once. A killed worker may have had one message accepted and not yet
        marked sent: that one goes out again (the design's promise: at most one per kill)."""
        allowed = 1 if self.kill else 0
        return (
            self.recipients == self.people
            and self.duplicates <= allowed
            and not self.lost
            and not self.strangers
        )


class Bench:
    def __init__(self, env: dict, people: int, db_pid: int | None):
        self.env = env
        self.people = people
        self.db_pid = db_pid
        self.log_dir = Path(env["KEYLOOP_DATA_DIR"])
        self.workers: list[Worker] = []
        self.mailbox = Mailbox(float(os.environ.get("BENCH_NOTIFY_SMTP_DELAY_MS", "0")) / 1000)
        self.controller = None
        self.timeout = float(os.environ.get("BENCH_NOTIFY_TIMEOUT", "900"))

    # setup

    def start_smtp(self, port: int) -> None:
        from aiosmtpd.controller import Controller

        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=port)
        self.controller.start()

    def seed_workspace(self):
        from keyloop.accounts.models import Membership, Role, User, Workspace
        from keyloop.feedback.actions import workspace_defaults_create
        from keyloop.feedback.models import Status

        workspace = Workspace.objects.create(name="Bench", slug="bench")
        workspace_defaults_create(workspace=workspace)
        self.owner = User.objects.create_user("owner@bench.test", "bench-password-1", name="Own")
        Membership.objects.create(workspace=workspace, user=self.owner, role=Role.OWNER)
        self.workspace = workspace
        self.board = workspace.boards.get(slug="feature-requests")
        self.shipped = Status.objects.get(workspace=workspace, category="shipped")

    def seed_idea(self, tag: str):
        """A new idea with `people` new voters (new addresses per run, so a late message of
        an earlier run could never count here)."""
        from keyloop.accounts.models import Person
        from keyloop.feedback import actions as feedback
        from keyloop.feedback.models import Idea, Vote

        idea = feedback.idea_create(
            board=self.board, title=f"Export to CSV ({tag})", author=None, actor_user=self.owner
        )
        people = Person.objects.bulk_create(
            (
                Person(workspace=self.workspace, email=f"{tag}-{n:05d}@customers.test")
                for n in range(self.people)
            ),
            batch_size=2000,
        )
        Vote.objects.bulk_create((Vote(idea=idea, person=p) for p in people), batch_size=2000)
        Idea.objects.filter(pk=idea.pk).update(vote_count=len(people))
        return idea, {person.email for person in people}

    # workers

    def worker_env(self, count: int) -> dict:
        env = {**self.env, "NOTIFICATIONS_SENDERS": str(count)}
        for name, variable in (
            ("BENCH_NOTIFY_LEASE", "NOTIFICATIONS_LEASE_SECONDS"),
            ("BENCH_NOTIFY_SWEEP", "NOTIFICATIONS_SWEEP_SECONDS"),
        ):
            if os.environ.get(name):
                env[variable] = os.environ[name]
        return env

    def start_worker(self, count: int) -> Worker:
        worker = Worker(self.worker_env(count), self.log_dir, f"worker-{len(self.workers)}")
        self.workers.append(worker)
        return worker

    def wait_idle(self, started_after) -> None:
        """Until every worker has started (each queues a sweep first) and nothing is due."""
        from django.db.models import Q
        from django.tasks import TaskResultStatus
        from django.utils import timezone
        from django_tasks_db.models import DBTaskResult, get_date_max

        deadline = time.monotonic() + 120
        running = [w for w in self.workers if w.alive()]
        while time.monotonic() < deadline:
            for worker in running:
                if not worker.alive():
                    raise RuntimeError(f"a worker exited at start:\n{worker.failure()}")
            tasks = DBTaskResult.objects.filter(enqueued_at__gte=started_after)
            sweeps = tasks.filter(task_path__endswith="notifications_sweep")
            # (a worker killed in an earlier run left its task "running" for ever)
            due = DBTaskResult.objects.filter(
                Q(status=TaskResultStatus.RUNNING, enqueued_at__gte=started_after)
                | Q(status=TaskResultStatus.READY, run_after__lte=timezone.now())
                | Q(status=TaskResultStatus.READY, run_after=get_date_max())
            )
            if sweeps.count() >= len(running) and not due.exists():
                time.sleep(0.5)  # the last one to start is now polling
                return
            time.sleep(0.2)
        raise RuntimeError("the workers did not get idle within 120 s")

    def stop_workers(self) -> None:
        for worker in self.workers:
            worker.stop()
        self.workers = []

    # the run

    def run(self, run: Run, index: int) -> Run:
        from django.db import connection
        from django.utils import timezone

        from keyloop.feedback import actions as feedback
        from keyloop.notifications.models import Delivery, Event

        run.people = self.people
        tag = f"r{index}"
        idea, expected = self.seed_idea(tag)
        started = timezone.now()
        for _ in range(run.workers):
            self.start_worker(run.workers)
        self.wait_idle(started)
        connection.close()  # the poll below opens a fresh one
        self.mailbox.reset()
        cpu_before = sum(w.cpu() for w in self.workers)
        self_before = resource.getrusage(resource.RUSAGE_SELF)
        db_before = tree_cpu_seconds(self.db_pid) if self.db_pid else 0.0

        t0_wall, t0 = time.time(), time.perf_counter()
        feedback.idea_change_status(idea=idea, status=self.shipped, actor_user=self.owner)
        run.committed_at = time.perf_counter() - t0
        event = Event.objects.get(idea=idea, kind="idea.status_changed")
        emails = Delivery.objects.filter(event=event, channel="email")

        deadline = time.monotonic() + self.timeout
        killed, kill_after = None, self.people // 2 + 17
        last_check = 0.0
        while True:
            now = time.monotonic()
            if now > deadline:
                run.note = f"gave up after {self.timeout:.0f} s"
                break
            # Half-way, and off the batch boundaries (50 a claim): mid-batch.
            if run.kill and killed is None and len(self.mailbox.counts) >= kill_after:
                killed = self.workers[-run.workers]
                killed.kill()
                run.killed_at = time.time() - t0_wall
                run.received_at_kill = self.mailbox.total
                run.in_flight_at_kill = emails.filter(status="sending").count()
                self.start_worker(run.workers)  # restarted at once
            for worker in self.workers:
                if worker is not killed and not worker.alive():
                    raise RuntimeError(f"a worker died:\n{worker.failure()}")
            # Reading the database costs the workers a little: only every second, or once
            # every expected recipient has been seen.
            if len(self.mailbox.counts) >= self.people or now - last_check > 1.0:
                last_check = now
                if event.fanned_out_at is None:
                    event.refresh_from_db(fields=["fanned_out_at"])
                outstanding = emails.exclude(status__in=["sent", "failed"]).exists()
                if event.fanned_out_at is not None and not outstanding:
                    break
            time.sleep(0.05)

        worker_cpu = sum(w.cpu() for w in self.workers) - cpu_before
        self_after = resource.getrusage(resource.RUSAGE_SELF)
        run.worker_cpu = worker_cpu
        run.smtp_cpu = (self_after.ru_utime - self_before.ru_utime) + (
            self_after.ru_stime - self_before.ru_stime
        )
        if self.db_pid:
            run.db_cpu = tree_cpu_seconds(self.db_pid) - db_before
        self.stop_workers()

        box = self.mailbox
        run.received = box.total
        run.recipients = len(expected & set(box.counts))
        run.duplicates = sum(n - 1 for n in box.counts.values() if n > 1)
        run.lost = len(expected) - run.recipients
        run.strangers = len(set(box.counts) - expected)
        if box.last is not None:
            run.seconds = box.last - t0_wall
            run.first_at = box.first - t0_wall
        run.statuses = dict(collections.Counter(emails.values_list("status", flat=True).iterator()))
        reclaimed = set(emails.filter(attempts__gte=2).values_list("person__email", flat=True))
        run.reclaimed = len(reclaimed)
        others = [when for who, when in box.arrived.items() if who not in reclaimed]
        if run.kill and others:
            run.others_done_at = max(others) - t0_wall
        run.tasks = self.task_times(started, t0_wall)
        if "events_fan_out" in run.tasks:  # its last run wrote and committed the rows
            run.fanned_out_at = run.tasks["events_fan_out"][2]
        return run

    def task_times(self, started, t0_wall) -> dict:
        """Name -> (count, first start, last finish), seconds after the status change."""
        from django_tasks_db.models import DBTaskResult

        times: dict = {}
        for path, start, finish in DBTaskResult.objects.filter(
            enqueued_at__gte=started, started_at__isnull=False
        ).values_list("task_path", "started_at", "finished_at"):
            name = path.rsplit(".", 1)[-1]
            count, first, last = times.get(name, (0, None, None))
            start = start.timestamp() - t0_wall
            finish = finish.timestamp() - t0_wall if finish else None
            times[name] = (
                count + 1,
                start if first is None else min(first, start),
                finish if last is None or (finish or 0) > last else last,
            )
        return times

    def close(self) -> None:
        """Tear down after the runs, or at once on an error or a signal (no graceful wait for
        a worker in the middle of sending: its database is about to go)."""
        for worker in self.workers:
            worker.kill_now()
        self.workers = []
        if self.controller is not None:
            self.controller.stop()


# --- report -----------------------------------------------------------------------------------


def table(runs: list[Run], database: str) -> str:
    from django.conf import settings

    lease = os.environ.get("BENCH_NOTIFY_LEASE") or settings.NOTIFICATIONS_LEASE_SECONDS
    sweep = os.environ.get("BENCH_NOTIFY_SWEEP") or settings.NOTIFICATIONS_SWEEP_SECONDS
    header = (
        f"{'run':<33}{'seconds':>8}{'msg/s':>7}{'received':>10}{'people':>8}{'dupl.':>7}"
        f"{'lost':>6}{'fan-out':>9}{'1st msg':>8}{'wkr CPU':>9}{'smtp CPU':>9}{'db CPU':>8}"
    )
    lines = ["", database, header, "-" * len(header)]
    for r in runs:
        seconds = f"{r.seconds:.1f}" if r.seconds else "-"
        fan = f"{r.fanned_out_at:.2f}" if r.fanned_out_at is not None else "-"
        first = f"{r.first_at:.2f}" if r.first_at is not None else "-"
        db_cpu = f"{r.db_cpu:.1f}" if r.db_cpu is not None else "in wkr"
        lines.append(
            f"{r.label:<33}{seconds:>8}{r.rate:>7.0f}{r.received:>10,}{r.recipients:>8,}"
            f"{r.duplicates:>7}{r.lost:>6}{fan:>9}{first:>8}{r.worker_cpu:>9.1f}"
            f"{r.smtp_cpu:>9.1f}{db_cpu:>8}  {'ok' if r.ok else 'WRONG'} {r.note}".rstrip()
        )
    for r in runs:
        if r.kill:
            lines.append(
                f"  {r.label}: killed at {r.killed_at:.1f} s after {r.received_at_kill:,} "
                f"messages; {r.in_flight_at_kill} deliveries claimed (sending) at the kill, "
                f"{r.reclaimed} claimed again after the lease; {r.duplicates} sent twice, "
                f"{r.lost} lost; everyone else had their message at {r.others_done_at:.1f} s, "
                f"the last of the reclaimed at {r.seconds:.1f} s (lease {lease} s, sweep every "
                f"{sweep} s)"
            )
    for r in runs:
        tasks = ", ".join(
            f"{name} x{count} {start:.2f}-{finish:.2f}s" if finish is not None
            else f"{name} x{count} from {start:.2f}s"
            for name, (count, start, finish) in sorted(r.tasks.items(), key=lambda t: t[1][1])
        )  # fmt: skip
        lines.append(f"  {r.label} tasks: {tasks}; deliveries {r.statuses}")
    lines += [
        "",
        "seconds: from the status change (idea_change_status) to the last message accepted;",
        "msg/s = people / seconds; fan-out, 1st msg: seconds after the status change when the",
        "delivery rows were written and the first message arrived; CPU: seconds used during",
        "the run by the workers (on SQLite the database work is theirs), by this process (the",
        "aiosmtpd server) and by the PostgreSQL server processes.",
    ]
    return "\n".join(lines)


# --- database ---------------------------------------------------------------------------------


def scratch_postgres(base_url: str) -> tuple[str, int | None]:
    """A fresh database on the server DATABASE_URL names; its URL and the server's pid."""
    import psycopg

    parts = urllib.parse.urlsplit(base_url)
    with psycopg.connect(base_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{SCRATCH_DATABASE}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{SCRATCH_DATABASE}"')
        backend = connection.execute("SELECT pg_backend_pid()").fetchone()[0]
        try:
            raw = Path(f"/proc/{backend}/stat").read_text()
            server = int(raw[raw.rindex(")") + 2 :].split()[1])
        except OSError:  # a server on another machine: no CPU figure
            server = None
    return parts._replace(path=f"/{SCRATCH_DATABASE}").geturl(), server


def drop_scratch_postgres(base_url: str) -> None:
    import psycopg

    with psycopg.connect(base_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{SCRATCH_DATABASE}" WITH (FORCE)')


def _stop_on_signal(signum, frame):
    print(f"bench_notifications: {signal.strsignal(signum)}, cleaning up", flush=True)
    sys.exit(128 + signum)


def inner() -> None:
    """Everything, in a process of its own: it sets up Django and changes the environment."""
    signal.signal(signal.SIGTERM, _stop_on_signal)  # so `finally` cleans up
    # Told (SIGTERM) when the process that started it dies, whatever killed it.
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != int(os.environ.get("BENCH_PARENT_PID", os.getppid())):
        sys.exit("bench_notifications: the parent process is gone")
    people = int(os.environ.get("BENCH_NOTIFY_PEOPLE", "10000"))
    specs = [s for s in os.environ.get("BENCH_NOTIFY_RUNS", "1,2,kill-1,kill-2").split(",") if s]
    base_url = os.environ.get("DATABASE_URL", "")
    database = "PostgreSQL" if base_url.startswith("postgres") else "SQLite (WAL)"
    data_dir = Path(os.environ.get("BENCH_NOTIFY_DATA_DIR") or tempfile.mkdtemp(prefix=TEMP))
    bench = None
    try:
        db_pid = None
        if base_url:
            url, db_pid = scratch_postgres(base_url)
        else:
            url = f"sqlite:///{data_dir / 'keyloop.sqlite3'}"
        smtp_port = free_port()  # reserved below by the SMTP server
        env = {k: v for k, v in os.environ.items() if not k.startswith("BENCH_")}
        env.update(
            KEYLOOP_DATA_DIR=str(data_dir), DATABASE_URL=url, DEBUG="false",
            SECRET_KEY="bench-" + "x" * 50, ALLOWED_HOSTS="127.0.0.1",
            BASE_URL="https://feedback.bench.test", LOG_LEVEL="WARNING",
            SMTP_HOST="127.0.0.1", SMTP_PORT=str(smtp_port), SMTP_TLS="false",
            PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
        )  # fmt: skip
        env.pop("TASKS_BACKEND", None)
        keyloop = [sys.executable, "-m", "keyloop.cli"]
        subprocess.run([*keyloop, "migrate", "-v0"], env=env, cwd=ROOT, check=True)
        os.environ.update(env)
        os.environ["DJANGO_SETTINGS_MODULE"] = "keyloop.settings"
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()

        bench = Bench(env, people, db_pid)
        bench.start_smtp(smtp_port)
        bench.seed_workspace()
        delay = os.environ.get("BENCH_NOTIFY_SMTP_DELAY_MS", "0")
        print(
            f"{database}: {people:,} voters per run; SMTP server answers DATA after {delay} ms; "
            "load average "
            f"{', '.join(f'{x:.2f}' for x in os.getloadavg())}; {os.cpu_count()} CPUs",
            flush=True,
        )
        runs = []
        for index, spec in enumerate(specs):
            count = int(spec.removeprefix("kill-"))
            kill = spec.startswith("kill-")
            label = f"{count} worker{'s' if count > 1 else ''}" + (
                ", 1 killed + restarted" if kill else ""
            )
            run = bench.run(Run(label=label, workers=count, kill=kill), index)
            print(
                f"  {label}: {run.seconds or 0:.1f} s, {run.rate:.0f} msg/s, "
                f"{run.recipients:,} people, {run.duplicates} duplicates, {run.lost} lost",
                flush=True,
            )
            runs.append(run)
        print(table(runs, database), flush=True)
        print(f"\nload average after: {', '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
        wrong = [r.label for r in runs if not r.ok]
        if wrong:
            raise SystemExit(f"bench_notifications: wrong deliveries in {', '.join(wrong)}")
    finally:
        # No second signal may cut the clean-up short.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        try:
            if bench is not None:
                bench.close()
        finally:
            try:
                if base_url:
                    if "django" in sys.modules:
                        from django.db import connections

                        connections.close_all()
                    drop_scratch_postgres(base_url)
            finally:
                shutil.rmtree(data_dir, ignore_errors=True)


def main() -> None:
    data_dir = tempfile.mkdtemp(prefix=TEMP)  # removed here too, should the run be killed
    env = {**os.environ, "BENCH_PARENT_PID": str(os.getpid()), "BENCH_NOTIFY_DATA_DIR": data_dir}
    process = subprocess.Popen([sys.executable, __file__, "--inner"], cwd=ROOT, env=env)
    try:
        code = process.wait()
    except BaseException:  # e.g. Ctrl-C: let it stop its workers and drop its database
        process.terminate()
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()  # its workers still die with it (PR_SET_PDEATHSIG)
        raise
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    if code:
        raise RuntimeError(f"bench_notifications failed (exit status {code})")


if __name__ == "__main__":
    if sys.argv[1:] == ["--inner"]:
        inner()
    else:
        main()
