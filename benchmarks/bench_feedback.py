"""Load benchmark of the feedback boards (issue 4), on SQLite and on PostgreSQL.

For each database and each data shape it seeds a fresh database (benchmarks/feedback_seed.py),
starts `keyloop serve --no-worker --workers 2` (gunicorn, sync workers) with production
settings, and runs wrk (`-t1 -c32 -d10s --latency`) against five scenarios:

  board     GET  /<ws>/boards/<slug>/           the portal's board page
  idea      GET  /<ws>/ideas/<id>/              idea pages, cycling over 500 ideas
  api_list  GET  /api/v1/ideas                  bearer key
  vote      POST /api/v1/ideas/{id}/votes       a different person in almost every request
  create    POST /api/v1/ideas                  32 concurrent creators

It prints, per scenario: requests/s, p50/p99 latency, non-2xx answers and socket errors, and
the CPU the web workers and the database server spent per request (read from /proc before
and after; on SQLite the database runs inside the web workers), next to the issue's targets.

Configuration (environment; `make bench` passes none):
  BENCH_DATABASES   sqlite,postgres                     which databases
  BENCH_SCALES      1000x200x60000,10000x200x100000     ideas x voters x votes, in order
  BENCH_SCENARIOS   board,idea,api_list,vote,create
  BENCH_DURATION    10s                                 wrk -d
  BENCH_CONNECTIONS 32                                  wrk -c
  BENCH_PG_CONNECT  tcp                                 tcp (127.0.0.1) or socket (the server's
                                                        Unix socket, as on one machine)
  BENCH_JSON        (unset)                             also write the results to this file

Not a test and not part of CI: numbers depend on the machine and on whatever else runs on it.
"""

import http.client
import json
import os
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.parse
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED_SCRIPT = ROOT / "benchmarks" / "feedback_seed.py"
PGBIN = Path(os.environ.get("PGBIN", "/usr/lib/postgresql/15/bin"))
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")

SCENARIOS = ["board", "idea", "api_list", "vote", "create", "feedback", "drain"]
LABELS = {
    "board": "board page",
    "idea": "idea page",
    "api_list": "GET /api/v1/ideas",
    "vote": "vote POST",
    "create": "idea create",
    "feedback": "feedback POST",
    "drain": "worker drains 10k",
}
# The issues' targets on a 2-core machine (req/s); the same at 10x the votes. Creates and
# feedback: 0 errors. Drain: 10,000 items scored in under 60 s, i.e. >= 167 items/s.
TARGETS = {"board": 400, "api_list": 1000, "vote": 500, "create": 200, "feedback": 300}
TARGETS["drain"] = 167
ZERO_ERRORS = {"create", "feedback"}
DRAIN_ITEMS = 10_000
DRAIN_TIMEOUT = 300  # seconds the drain may take before it is reported as is
# What Fider (Go) managed on the same kind of machine and data, for reference.
FIDER = {"board": 50, "api_list": 75, "vote": 81}


@dataclass
class Scale:
    ideas: int
    people: int
    votes: int

    @property
    def label(self) -> str:
        return f"{self.ideas:,} ideas / {self.people} voters / {self.votes:,} votes"


@dataclass
class Result:
    database: str
    scale: str
    scenario: str
    state: str = "ok"  # ok | missing | failing | error
    note: str = ""
    requests: int = 0
    seconds: float = 0.0
    rps: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    max_ms: float = 0.0
    statuses: dict = field(default_factory=dict)
    non_2xx: int = 0
    socket_errors: int = 0
    app_cpu_ms: float | None = None  # web workers' CPU per request
    db_cpu_ms: float | None = None  # PostgreSQL server processes' CPU per request
    wrk_cpu_s: float | None = None
    load_before: float = 0.0


# --- processes and CPU ----------------------------------------------------------------------


def _proc_stats() -> dict[int, tuple[int, int]]:
    """pid -> (parent pid, CPU ticks used so far) for every process we may read."""
    table = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            raw = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        fields = raw[raw.rindex(")") + 2 :].split()
        table[int(entry.name)] = (int(fields[1]), int(fields[11]) + int(fields[12]))
    return table


def tree_cpu_seconds(root: int) -> float:
    """CPU seconds of `root`'s descendants (not `root` itself), living ones only."""
    table = _proc_stats()
    children: dict[int, list[int]] = {}
    for pid, (ppid, _) in table.items():
        children.setdefault(ppid, []).append(pid)
    total, stack = 0, list(children.get(root, []))
    while stack:
        pid = stack.pop()
        total += table[pid][1]
        stack.extend(children.get(pid, []))
    return total / CLOCK_TICKS


def process_cpu_seconds(pid: int) -> float:
    return _proc_stats().get(pid, (0, 0))[1] / CLOCK_TICKS


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ensure_tools(databases: list[str]) -> list[str]:
    """Install wrk (and PostgreSQL 15) when missing and we are root; returns usable databases."""
    missing = []
    if shutil.which("wrk") is None:
        missing.append("wrk")
    if "postgres" in databases and not (PGBIN / "initdb").exists():
        missing.append("postgresql-15")
    if missing and os.geteuid() == 0:
        print(f"installing {' '.join(missing)} (apt-get)", flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        install = ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing]
        if subprocess.run(install, env=env).returncode != 0:
            subprocess.run(["apt-get", "update", "-qq"], env=env, check=False)
            subprocess.run(install, env=env, check=False)
    if shutil.which("wrk") is None:
        raise SystemExit("bench_feedback: wrk is missing: apt-get install wrk (Debian package)")
    if "postgres" in databases and not (PGBIN / "initdb").exists():
        print("bench_feedback: PostgreSQL 15 not found; skipping PostgreSQL", flush=True)
        databases = [db for db in databases if db != "postgres"]
    return databases


# --- the server -----------------------------------------------------------------------------


class Server:
    """`keyloop serve --no-worker --workers 2` with production settings, on a free port."""

    def __init__(self, env: dict):
        self.port = free_port()
        self.env = {
            **env,
            "DEBUG": "false",
            "SECRET_KEY": "bench-" + "x" * 50,
            "ALLOWED_HOSTS": "127.0.0.1",
            "BASE_URL": f"http://127.0.0.1:{self.port}",
            "SECURE_SSL_REDIRECT": "false",
            "SESSION_COOKIE_SECURE": "false",
            "CSRF_COOKIE_SECURE": "false",
            "SECURE_HSTS_SECONDS": "0",
            "RATE_LIMITS_ENABLED": "false",
            "LOG_LEVEL": "WARNING",
        }
        self.log = tempfile.NamedTemporaryFile(  # closed in stop()
            prefix="keyloop-bench-serve-", suffix=".log", delete=False
        )
        self.process = None
        self.keep_log = False  # kept only when the server failed, for the error message

    def start(self) -> None:
        command = [
            sys.executable, "-m", "keyloop.cli", "serve", "--no-worker", "--workers", "2",
            "--host", "127.0.0.1", "--port", str(self.port),
        ]  # fmt: skip
        self.process = subprocess.Popen(
            command, env=self.env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=self.log
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.keep_log = True
                raise RuntimeError(f"the server exited; see {self.log.name}")
            try:
                if request("GET", self.port, "/healthz")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        self.keep_log = True
        raise RuntimeError(f"the server did not answer within 30 s; see {self.log.name}")

    def cpu_seconds(self) -> float:
        return tree_cpu_seconds(self.process.pid)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
        if not self.keep_log:
            os.unlink(self.log.name)


def request(method, port, path, body=None, headers=None, timeout=30) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


# --- wrk scripts ----------------------------------------------------------------------------

# Counts every status code (wrk alone only counts >= 400, and 3xx as success) and prints
# machine-readable lines at the end.
LUA_COMMON = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) codes = {} end
function response(status, headers, body) codes[status] = (codes[status] or 0) + 1 end
function done(summary, latency, requests)
  local all = {}
  for _, t in ipairs(threads) do
    for code, n in pairs(t:get("codes")) do all[code] = (all[code] or 0) + n end
  end
  for code, n in pairs(all) do io.write(string.format("BENCH status %d %d\\n", code, n)) end
  local e = summary.errors
  io.write(string.format("BENCH summary %d %d %d %d %d %d %d\\n", summary.requests,
    summary.duration, e.connect, e.read, e.write, e.timeout, e.status))
  io.write(string.format("BENCH latency %d %d %d\\n", latency:percentile(50),
    latency:percentile(99), latency.max))
end
"""


def lua_list(values) -> str:
    return "{" + ", ".join(json.dumps(str(v)) for v in values) + "}"


def scenario_script(name: str, seed: dict, run_id: str) -> tuple[str, str]:
    """(Lua script, path of the wrk URL) for a scenario."""
    ws, key, ids = seed["workspace"], seed["api_key"], seed["idea_ids"]
    auth = f"""
wrk.headers["Authorization"] = "Bearer {key}"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json"
"""
    if name == "board":
        return LUA_COMMON, f"/{ws}/boards/{seed['board_slug']}/"
    if name == "api_list":
        return LUA_COMMON + auth, "/api/v1/ideas"
    if name == "idea":
        script = f"""
local paths = {lua_list(f"/{ws}/ideas/{i}/" for i in ids)}
local n = 0
function request()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1])
end
"""
        return LUA_COMMON + script, "/"
    if name == "vote":
        # Three requests in four come from a new person (half of them with a company), one
        # in four from a seeded voter (who may already have voted: the idempotent path).
        script = f"""
local ids = {lua_list(ids)}
local importance = {{"nice_to_have", "important", "critical"}}
local n = 0
function request()
  n = n + 1
  local idea = ids[(n * 7) % #ids + 1]
  local person
  if n % 4 == 0 then
    person = string.format('{{"external_id": "voter-%d"}}', n % {seed["people"]} + 1)
  elseif n % 2 == 1 then
    person = string.format('{{"email": "{run_id}-%d@bench.example", "name": "Bench Voter %d", '
      .. '"external_id": "{run_id}-%d", "company": {{"external_id": "co-%d", '
      .. '"name": "Company %d", "plan": "Growth", "mrr_cents": 19900}}}}',
      n, n, n, n % 50 + 1, n % 50 + 1)
  else
    person = string.format('{{"email": "{run_id}-%d@bench.example", "name": "Bench Voter %d"}}',
      n, n)
  end
  local body = string.format('{{"person": %s, "importance": "%s"}}', person,
    importance[n % 3 + 1])
  return wrk.format("POST", "/api/v1/ideas/" .. idea .. "/votes", nil, body)
end
"""
        return LUA_COMMON + auth + script, "/"
    if name == "create":
        script = f"""
local n = 0
function request()
  n = n + 1
  local body = string.format('{{"board_id": {seed["board_id"]}, '
    .. '"title": "Retention by plan, request {run_id}-%d", '
    .. '"body": "Created by the benchmark. Show **weekly retention** split by plan, '
    .. 'please (request %d)."}}', n, n)
  return wrk.format("POST", "/api/v1/ideas", nil, body)
end
"""
        return LUA_COMMON + auth + script, "/"
    if name == "feedback":
        # Support-desk pushes: every other item names a new person, one in four a seeded
        # voter; one in ten repeats an external id already sent (the idempotent path).
        script = f"""
local moods = {{"I love the dashboards, thank you!", "Exports keep failing, this is awful.",
  "Could you add a weekly digest of retention by plan?"}}
local n = 0
function request()
  n = n + 1
  local person = ""
  if n % 2 == 1 then
    person = string.format(', "person": {{"email": "{run_id}-f%d@bench.example", '
      .. '"name": "Bench Customer %d"}}', n, n)
  elseif n % 4 == 0 then
    person = string.format(', "person": {{"external_id": "voter-%d"}}', n % {seed["people"]} + 1)
  end
  local external = n
  if n % 10 == 0 then external = n - 5 end
  local body = string.format('{{"text": "%s (ticket %d)", "channel": "support", '
    .. '"external_id": "{run_id}-t%d"%s}}', moods[n % 3 + 1], n, external, person)
  return wrk.format("POST", "/api/v1/feedback", nil, body)
end
"""
        return LUA_COMMON + auth + script, "/"
    raise ValueError(name)


def unscored_items(env: dict) -> str:
    """How many feedback items wait for the worker's sentiment score."""
    return subprocess.run(
        [sys.executable, "-m", "keyloop.cli", "shell", "-c",
         "from keyloop.inbox.models import FeedbackItem as F;"
         "print(F.objects.filter(sentiment=None).count())"],
        env=env, cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout.strip().splitlines()[-1]  # fmt: skip


def run_drain(server, result: Result) -> None:
    """10,000 unscored items waiting with one queued sweep (what feedback_receive leaves
    behind), then `keyloop db_worker` until every one is scored: items/s and seconds."""
    env = server.env
    seed_code = (
        "from keyloop.accounts.models import Workspace\n"
        "from keyloop.inbox.models import FeedbackItem\n"
        "from keyloop.inbox.tasks import score_pending_sentiment\n"
        "from keyloop.lib.tasks import enqueue_unless_waiting\n"
        "ws = Workspace.objects.order_by('pk').first()\n"
        "texts = ['Love it, great work!', 'The export is broken again and I am furious.',"
        " 'Please add SSO for our team.', 'Charts load slowly on Mondays, pretty annoying.']\n"
        "FeedbackItem.objects.bulk_create([FeedbackItem(workspace=ws, channel='api',"
        f" text=texts[i % 4] + f' (item {{i}})') for i in range({DRAIN_ITEMS})],"
        " batch_size=1000)\n"
        "enqueue_unless_waiting(score_pending_sentiment)\n"
    )
    keyloop = [sys.executable, "-m", "keyloop.cli"]
    subprocess.run([*keyloop, "shell", "-c", seed_code], env=env, cwd=ROOT, check=True)
    # The clock runs from the worker's start until no item lacks its score (a watcher polls
    # every 0.1 s); the worker then goes on to embed the items, which is not timed here.
    watch_code = (
        "import time\n"
        "from keyloop.inbox.models import FeedbackItem\n"
        f"deadline = time.monotonic() + {DRAIN_TIMEOUT}\n"
        "while FeedbackItem.objects.filter(sentiment=None).exists()"
        " and time.monotonic() < deadline:\n"
        "    time.sleep(0.1)\n"
    )
    started = time.perf_counter()
    worker = subprocess.Popen(
        [*keyloop, "db_worker", "--no-startup-delay"], env=env, cwd=ROOT,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        subprocess.run([*keyloop, "shell", "-c", watch_code], env=env, cwd=ROOT, check=True)
        result.seconds = time.perf_counter() - started
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
    left = unscored_items(env)
    result.requests = DRAIN_ITEMS
    result.rps = DRAIN_ITEMS / result.seconds
    result.non_2xx = int(left or 0)  # items the worker left unscored
    if result.non_2xx:
        result.statuses = {"unscored": result.non_2xx}
    print(
        f"    {LABELS['drain']}: {result.seconds:.1f} s ({result.rps:,.0f} items/s, "
        f"worker start-up included), {left} left unscored",
        flush=True,
    )


def smoke(name: str, port: int, seed: dict, run_id: str) -> tuple[str, str]:
    """One request shaped like the scenario's: ('ok'|'missing'|'failing', what we saw)."""
    ws, ids = seed["workspace"], seed["idea_ids"]
    headers = {"Authorization": f"Bearer {seed['api_key']}", "Content-Type": "application/json"}
    if name == "board":
        status, body = request("GET", port, f"/{ws}/boards/{seed['board_slug']}/")
    elif name == "idea":
        status, body = request("GET", port, f"/{ws}/ideas/{ids[0]}/")
    elif name == "api_list":
        status, body = request("GET", port, "/api/v1/ideas", headers=headers)
    elif name == "vote":
        payload = {"person": {"email": f"{run_id}-smoke@bench.example"}, "importance": "critical"}
        status, body = request(
            "POST", port, f"/api/v1/ideas/{ids[0]}/votes", json.dumps(payload), headers
        )
    elif name in ("feedback", "drain"):
        payload = {"text": f"Smoke {run_id}: exports are slow", "person": {"email": "s@b.example"}}
        status, body = request("POST", port, "/api/v1/feedback", json.dumps(payload), headers)
    else:
        payload = {"board_id": seed["board_id"], "title": f"Smoke {run_id}", "body": "Smoke."}
        status, body = request("POST", port, "/api/v1/ideas", json.dumps(payload), headers)
    text = body[:200].decode("utf-8", "replace").strip().replace("\n", " ")
    if 200 <= status < 300:
        if name in ("api_list", "vote", "create", "feedback", "drain"):
            try:
                json.loads(body)
            except ValueError:
                return "failing", f"{status} but not JSON: {text}"
        return "ok", str(status)
    if status in (404, 405):
        return "missing", f"{status} {text[:80]}"
    return "failing", f"{status} {text}"


def parse_wrk(output: str, result: Result) -> None:
    for line in output.splitlines():
        parts = line.split()
        if not parts or parts[0] != "BENCH":
            continue
        if parts[1] == "status":
            result.statuses[parts[2]] = int(parts[3])
        elif parts[1] == "summary":
            requests, duration, connect, read, write, timeout, _ = map(int, parts[2:9])
            result.requests = requests
            result.seconds = duration / 1e6
            result.socket_errors = connect + read + write + timeout
        elif parts[1] == "latency":
            p50, p99, top = map(int, parts[2:5])
            result.p50_ms, result.p99_ms, result.max_ms = p50 / 1e3, p99 / 1e3, top / 1e3
    result.rps = result.requests / result.seconds if result.seconds else 0.0
    result.non_2xx = sum(n for code, n in result.statuses.items() if not code.startswith("2"))


def run_scenario(name, server, seed, run_id, db_pid, result: Result, duration, connections):
    state, seen = smoke(name, server.port, seed, run_id)
    if state == "ok" and name == "drain":
        return run_drain(server, result)
    if state != "ok":
        result.state, result.note = state, seen
        print(f"    {LABELS[name]}: {state} ({seen})", flush=True)
        return
    script, path = scenario_script(name, seed, run_id)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(textwrap.dedent(script))
    try:
        result.load_before = os.getloadavg()[0]
        app_before = server.cpu_seconds()
        db_before = tree_cpu_seconds(db_pid) + process_cpu_seconds(db_pid) if db_pid else 0
        wrk_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        command = [
            "wrk", "-t1", f"-c{connections}", f"-d{duration}", "--latency", "--timeout", "10s",
            "-s", lua.name, f"http://127.0.0.1:{server.port}{path}",
        ]  # fmt: skip
        # Feedback is scored and embedded by the worker while it arrives, as in production
        # (`keyloop worker`, at its lower CPU priority).
        worker = None
        if name == "feedback":
            worker = subprocess.Popen(
                [sys.executable, "-m", "keyloop.cli", "worker"],
                env=server.env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
        try:
            completed = subprocess.run(command, capture_output=True, text=True, timeout=300)
        finally:
            if worker is not None:
                worker.terminate()
                try:
                    worker.wait(timeout=30)
                except subprocess.TimeoutExpired:  # busy in a long task: it must not outlive us
                    worker.kill()
                    worker.wait()
        wrk_after = resource.getrusage(resource.RUSAGE_CHILDREN)
        app_after = server.cpu_seconds()
        db_after = tree_cpu_seconds(db_pid) + process_cpu_seconds(db_pid) if db_pid else 0
    finally:
        os.unlink(lua.name)
    if completed.returncode != 0 or "BENCH summary" not in completed.stdout:
        result.state = "error"
        result.note = (completed.stderr or completed.stdout)[-300:]
        print(f"    {LABELS[name]}: wrk failed: {result.note}", flush=True)
        return
    parse_wrk(completed.stdout, result)
    if result.requests:
        result.app_cpu_ms = (app_after - app_before) * 1000 / result.requests
        if db_pid:
            result.db_cpu_ms = (db_after - db_before) * 1000 / result.requests
    result.wrk_cpu_s = round(
        (wrk_after.ru_utime - wrk_before.ru_utime) + (wrk_after.ru_stime - wrk_before.ru_stime), 2
    )
    errors = f", {result.non_2xx} non-2xx {result.statuses}" if result.non_2xx else ""
    backlog = ""
    if name == "feedback":  # the worker yields to requests: how far behind it was left
        backlog = f"; {unscored_items(server.env)} items not yet scored when wrk stopped"
    print(
        f"    {LABELS[name]}: {result.rps:,.0f} req/s, p50 {result.p50_ms:.1f} ms, "
        f"p99 {result.p99_ms:.1f} ms{errors}{backlog}",
        flush=True,
    )


# --- one database, every scale ------------------------------------------------------------


def postmaster_pid(database_url: str) -> int | None:
    """The PostgreSQL server's main process (its children are the backends and helpers)."""
    import psycopg

    try:
        with psycopg.connect(database_url) as connection:
            backend = connection.execute("SELECT pg_backend_pid()").fetchone()[0]
            return _proc_stats()[backend][0]  # read while the backend lives
    except Exception as error:  # CPU figures are optional
        print(f"  (cannot find the PostgreSQL server process: {error})", flush=True)
        return None


def fresh_postgres_database(base_url: str, name: str) -> str:
    import psycopg

    parts = urllib.parse.urlsplit(base_url)
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    return parts._replace(path=f"/{name}").geturl()


def pg_connect() -> str:
    how = os.environ.get("BENCH_PG_CONNECT", "tcp")
    if how not in ("tcp", "socket"):
        raise SystemExit(f"BENCH_PG_CONNECT must be tcp or socket, not {how!r}")
    return how


def run_database(database, scales, scenarios, duration, connections) -> list[Result]:
    results = []
    for index, scale in enumerate(scales):
        print(f"== {database}: {scale.label}", flush=True)
        data_dir = Path(tempfile.mkdtemp(prefix=f"keyloop-bench-{database}-"))
        env = {k: v for k, v in os.environ.items() if not k.startswith("BENCH_")}
        env["KEYLOOP_DATA_DIR"] = str(data_dir)
        env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
        if database == "sqlite":
            env.pop("DATABASE_URL", None)
            db_pid = None
        else:
            env["DATABASE_URL"] = fresh_postgres_database(
                os.environ["DATABASE_URL"], f"bench_{index}"
            )
            if pg_connect() == "socket":  # scripts/with-postgres.sh says where it is
                parts = urllib.parse.urlsplit(env["DATABASE_URL"])
                host = urllib.parse.quote(os.environ["PGSOCKET_DIR"], safe="")
                netloc = f"{parts.username}@{host}:{parts.port}"
                env["DATABASE_URL"] = parts._replace(netloc=netloc).geturl()
            db_pid = postmaster_pid(env["DATABASE_URL"])
        server = None
        try:
            seed_file = data_dir / "seed.json"
            started = time.perf_counter()
            subprocess.run(
                [sys.executable, str(SEED_SCRIPT), "--ideas", str(scale.ideas), "--people",
                 str(scale.people), "--votes", str(scale.votes), "--out", str(seed_file)],
                env=env, cwd=ROOT, check=True,
            )  # fmt: skip
            seed = json.loads(seed_file.read_text())
            print(
                f"  seeded in {time.perf_counter() - started:.0f} s: {seed['counts']}", flush=True
            )
            server = Server(env)
            server.start()
            for path in (f"/{seed['workspace']}/boards/{seed['board_slug']}/", "/healthz"):
                for _ in range(4):  # both workers import and compile what they need
                    request("GET", server.port, path)
            run_id = f"r{int(time.time())}{index}"
            for name in scenarios:
                result = Result(database=database, scale=scale.label, scenario=name)
                try:
                    run_scenario(name, server, seed, run_id, db_pid, result, duration, connections)
                except Exception as error:  # report it, carry on
                    result.state, result.note = "error", f"{type(error).__name__}: {error}"
                    print(f"    {LABELS[name]}: {result.note}", flush=True)
                results.append(result)
        finally:
            if server is not None:
                server.stop()
            shutil.rmtree(data_dir, ignore_errors=True)
    return results


def run_postgres(scales, scenarios, duration, connections) -> list[Result]:
    """Re-run this file inside scripts/with-postgres.sh, which owns the throw-away cluster."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as out:
        path = Path(out.name)
    try:
        env = {
            **os.environ,
            "BENCH_SCALES": ",".join(f"{s.ideas}x{s.people}x{s.votes}" for s in scales),
            "BENCH_SCENARIOS": ",".join(scenarios),
            "BENCH_DURATION": duration,
            "BENCH_CONNECTIONS": str(connections),
            "BENCH_PG_CONNECT": pg_connect(),
        }
        command = [
            "bash", str(ROOT / "scripts" / "with-postgres.sh"), sys.executable, __file__,
            "--inner-postgres", str(path),
        ]  # fmt: skip
        subprocess.run(command, env=env, cwd=ROOT, check=True)
        return [Result(**row) for row in json.loads(path.read_text())]
    finally:
        path.unlink(missing_ok=True)


# --- report ---------------------------------------------------------------------------------


def verdict(result: Result) -> str:
    if result.state != "ok":
        return result.state
    target = TARGETS.get(result.scenario)
    problems = []
    if target and result.rps < target:
        problems.append("below target")
    if result.non_2xx or result.socket_errors:
        problems.append("ERRORS")
    if not target and not problems:
        return "-"
    return ", ".join(problems) or "meets target"


def table(results: list[Result]) -> str:
    header = (
        f"{'scenario':<19}{'req/s':>8}{'target':>8}{'p50 ms':>9}{'p99 ms':>9}"
        f"{'non-2xx':>9}{'sock err':>9}{'app CPU':>9}{'db CPU':>8}  verdict"
    )
    lines = []
    groups: dict[tuple[str, str], list[Result]] = {}
    for result in results:
        groups.setdefault((result.database, result.scale), []).append(result)
    for (database, scale), rows in groups.items():
        title = "SQLite (WAL)"
        if database == "postgres":
            title = f"PostgreSQL 15 over {'its Unix socket' if pg_connect() == 'socket' else 'TCP'}"
        lines += ["", f"{title} — {scale}", header, "-" * len(header)]
        for r in rows:
            target = TARGETS.get(r.scenario)
            target_text = f"≥{target}" if target else "-"
            if r.state != "ok":
                lines.append(
                    f"{LABELS[r.scenario]:<19}{'':>8}{target_text:>8}  {r.state}: {r.note}"
                )
                continue
            db_cpu = f"{r.db_cpu_ms:.2f}" if r.db_cpu_ms is not None else "in app"
            if r.scenario == "drain":  # items/s; "non-2xx" = items left unscored
                lines.append(
                    f"{LABELS[r.scenario]:<19}{r.rps:>8,.0f}{target_text:>8}"
                    f"{'':>18}{r.non_2xx:>9}{'':>26}  {verdict(r)} ({r.seconds:.1f} s)"
                )
                continue
            lines.append(
                f"{LABELS[r.scenario]:<19}{r.rps:>8,.0f}{target_text:>8}{r.p50_ms:>9.1f}"
                f"{r.p99_ms:>9.1f}{r.non_2xx:>9}{r.socket_errors:>9}{r.app_cpu_ms:>9.2f}"
                f"{db_cpu:>8}  {verdict(r)}"
            )
    lines += [
        "",
        "app CPU / db CPU: milliseconds of CPU per request, of the gunicorn workers and of the",
        "PostgreSQL server processes (SQLite runs inside the workers, so its share is in app CPU).",
        "Fider (Go) for reference, same kind of machine and data: "
        + ", ".join(f"{LABELS[k]} {v} req/s" for k, v in FIDER.items())
        + "; 65 % of 32-way concurrent creates answered HTTP 500.",
    ]
    return "\n".join(lines)


def machine() -> str:
    model = ""
    try:
        model = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        pass
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    version = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split("\n")[0]
    return f"{os.cpu_count()} CPUs ({model}); load average {load}; {version.strip()}"


def config() -> tuple[list[str], list[Scale], list[str], str, int]:
    databases = [d for d in os.environ.get("BENCH_DATABASES", "sqlite,postgres").split(",") if d]
    scales = []
    for spec in os.environ.get("BENCH_SCALES", "1000x200x60000,10000x200x100000").split(","):
        ideas, people, votes = (int(x) for x in re.split(r"[x×]", spec.strip()))
        scales.append(Scale(ideas, people, votes))
    scenarios = [s for s in os.environ.get("BENCH_SCENARIOS", ",".join(SCENARIOS)).split(",") if s]
    unknown = set(scenarios) - set(SCENARIOS) or set(databases) - {"sqlite", "postgres"}
    if unknown:
        raise SystemExit(f"bench_feedback: unknown {sorted(unknown)}")
    duration = os.environ.get("BENCH_DURATION", "10s")
    connections = int(os.environ.get("BENCH_CONNECTIONS", "32"))
    return databases, scales, scenarios, duration, connections


def main() -> None:
    databases, scales, scenarios, duration, connections = config()
    databases = ensure_tools(databases)
    print(f"machine: {machine()}", flush=True)
    print(f"wrk -t1 -c{connections} -d{duration} --latency; gunicorn 2 sync workers", flush=True)
    results = []
    if "sqlite" in databases:
        results += run_database("sqlite", scales, scenarios, duration, connections)
    if "postgres" in databases:
        results += run_postgres(scales, scenarios, duration, connections)
    print(table(results), flush=True)
    print(f"\nmachine after the run: {machine()}", flush=True)
    if os.environ.get("BENCH_JSON"):
        Path(os.environ["BENCH_JSON"]).write_text(json.dumps([asdict(r) for r in results]))
    failed = [r for r in results if r.state in ("error", "failing")]
    if failed:
        names = ", ".join(f"{r.database}/{r.scenario}" for r in failed)
        print(f"\nscenarios that could not be measured: {names}", flush=True)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--inner-postgres":
        _, scales, scenarios, duration, connections = config()
        rows = run_database("postgres", scales, scenarios, duration, connections)
        Path(sys.argv[2]).write_text(json.dumps([asdict(r) for r in rows]))
    else:
        main()
