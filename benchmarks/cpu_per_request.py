"""CPU per request of the API write paths, measured in one process (no HTTP, no wrk).

On a busy machine req/s numbers say more about the neighbours than about the code; CPU time
does not. This seeds a fresh database (benchmarks/feedback_seed.py, in a child process),
then drives Django's WSGI handler directly, the way gunicorn calls it, with production
settings, and reports per request:

  app ms    process CPU (time.process_time) of this process: Django, the app and, on
            SQLite, the database engine too
  db ms     on PostgreSQL, CPU of the server backend serving this process (/proc)
  queries   SQL statements executed (connection.execute_wrapper), with the share of the
            wall time spent inside them

Scenarios (shaped like bench_feedback.py's wrk scripts): `vote` (3 in 4 from a new person,
half of them with a company; 1 in 4 from a seeded voter), `create` (POST /api/v1/ideas),
`feedback` (POST /api/v1/feedback: every other item from a new person, one in four from a
seeded voter, one in ten re-sending an external id).

    .venv/bin/python benchmarks/cpu_per_request.py                      # SQLite
    bash scripts/with-postgres.sh .venv/bin/python benchmarks/cpu_per_request.py

Environment: CPU_REQUESTS (400 per scenario, after 50 warm-up requests), CPU_SCENARIOS
(vote,create,feedback), CPU_SCALE (1000x200x60000), CPU_PROFILE=1 prints the top cProfile
entries per scenario, timed in process CPU (CPU_SORT: cumulative, or tottime; CPU_PROFILE_OUT=PATH
also writes PATH.<scenario> for pstats), CPU_QUERIES=1
prints each distinct statement of one request of each scenario. Not part of `make bench`
(not named bench_*.py).
"""

import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _prepare_environment() -> dict:
    data_dir = Path(tempfile.mkdtemp(prefix="keyloop-cpu-"))
    env = {
        "KEYLOOP_DATA_DIR": str(data_dir),
        "DEBUG": "false",
        "SECRET_KEY": "cpu-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1,testserver",
        "BASE_URL": "http://127.0.0.1:8000",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
        "RATE_LIMITS_ENABLED": "false",
        "LOG_LEVEL": "WARNING",
    }
    if "DATABASE_URL" in os.environ:
        import psycopg

        base = os.environ["DATABASE_URL"]
        admin = base.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute('DROP DATABASE IF EXISTS "cpu_bench"')
            connection.execute('CREATE DATABASE "cpu_bench"')
        env["DATABASE_URL"] = base.rsplit("/", 1)[0] + "/cpu_bench"
    os.environ.update(env)
    return env


def _seed(scale: str) -> dict:
    ideas, people, votes = scale.split("x")
    out = Path(os.environ["KEYLOOP_DATA_DIR"]) / "seed.json"
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "feedback_seed.py"), "--ideas", ideas,
         "--people", people, "--votes", votes, "--out", str(out)],
        cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    return json.loads(out.read_text())


def _bodies(name: str, seed: dict, run: str, count: int):
    ids, people = seed["idea_ids"], seed["people"]
    moods = [
        "I love the dashboards, thank you!",
        "Exports keep failing, this is awful.",
        "Could you add a weekly digest of retention by plan?",
    ]
    for n in range(1, count + 1):
        if name == "vote":
            if n % 4 == 0:
                person = {"external_id": f"voter-{n % people + 1}"}
            elif n % 2 == 1:
                person = {
                    "email": f"{run}-{n}@bench.example", "name": f"Bench Voter {n}",
                    "external_id": f"{run}-{n}",
                    "company": {"external_id": f"co-{n % 50 + 1}", "name": f"Company {n % 50 + 1}",
                                "plan": "Growth", "mrr_cents": 19900},
                }  # fmt: skip
            else:
                person = {"email": f"{run}-{n}@bench.example", "name": f"Bench Voter {n}"}
            importance = ["nice_to_have", "important", "critical"][n % 3]
            yield (
                f"/api/v1/ideas/{ids[(n * 7) % len(ids)]}/votes",
                {"person": person, "importance": importance},
            )
        elif name == "create":
            yield "/api/v1/ideas", {
                "board_id": seed["board_id"], "title": f"Retention by plan, request {run}-{n}",
                "body": "Created by the benchmark. Show **weekly retention** split by plan, "
                f"please (request {n}).",
            }  # fmt: skip
        elif name == "feedback":
            body = {
                "text": f"{moods[n % 3]} (ticket {n})", "channel": "support",
                "external_id": f"{run}-t{n - 5 if n % 10 == 0 else n}",
            }  # fmt: skip
            if n % 2 == 1:
                body["person"] = {"email": f"{run}-f{n}@bench.example", "name": f"Customer {n}"}
            elif n % 4 == 0:
                body["person"] = {"external_id": f"voter-{n % people + 1}"}
            yield "/api/v1/feedback", body
        else:
            raise ValueError(name)


def _environ(path: str, body: bytes, key: str) -> dict:
    return {
        "REQUEST_METHOD": "POST", "PATH_INFO": path, "QUERY_STRING": "", "SCRIPT_NAME": "",
        "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8000", "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1", "HTTP_HOST": "127.0.0.1:8000",
        "HTTP_AUTHORIZATION": f"Bearer {key}", "CONTENT_TYPE": "application/json",
        "HTTP_ACCEPT": "application/json", "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body), "wsgi.url_scheme": "http", "wsgi.errors": sys.stderr,
        "wsgi.version": (1, 0), "wsgi.multithread": False, "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }  # fmt: skip


def _backend_cpu(pid: int | None) -> float:
    if pid is None:
        return 0.0
    raw = Path(f"/proc/{pid}/stat").read_text()
    fields = raw[raw.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def main() -> None:
    _prepare_environment()
    try:
        _measure()
    finally:
        shutil.rmtree(os.environ["KEYLOOP_DATA_DIR"], ignore_errors=True)


def _measure() -> None:
    seed = _seed(os.environ.get("CPU_SCALE", "1000x200x60000"))
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "keyloop.settings")
    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection

    handler = WSGIHandler()
    requests = int(os.environ.get("CPU_REQUESTS", "400"))
    warmup = 50
    scenarios = os.environ.get("CPU_SCENARIOS", "vote,create,feedback").split(",")
    profile = os.environ.get("CPU_PROFILE") == "1"
    show_queries = os.environ.get("CPU_QUERIES") == "1"

    statements: list = []
    timing = {"seconds": 0.0}

    def wrapper(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            timing["seconds"] += time.perf_counter() - started
            statements.append(sql)

    def call(path: str, payload: dict) -> int:
        body = json.dumps(payload).encode()
        status = {}

        def start_response(line, headers, exc_info=None):
            status["code"] = int(line.split()[0])

        response = handler(_environ(path, body, seed["api_key"]), start_response)
        try:
            b"".join(response)
        finally:
            response.close()
        return status["code"]

    print(f"{connection.vendor}, {seed['counts']}, load {os.getloadavg()[0]:.2f}", flush=True)
    print(f"{'scenario':<10}{'app ms':>8}{'db ms':>8}{'queries':>9}{'in SQL':>8}  statuses")
    run = f"c{int(time.time())}"
    backend_pid = None
    for name in scenarios:
        bodies = list(_bodies(name, seed, f"{run}{name}", warmup + requests))
        for path, payload in bodies[:warmup]:
            call(path, payload)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                backend_pid = cursor.fetchone()[0]
        if show_queries:
            statements.clear()
            with connection.execute_wrapper(wrapper):
                call(*bodies[warmup])
            print(f"-- one {name} request: {len(statements)} statements")
            for sql in statements:
                print("   ", sql[:160])
        statements.clear()
        timing["seconds"] = 0.0
        codes: Counter = Counter()
        profiler = None
        if profile:
            import cProfile

            profiler = cProfile.Profile(time.process_time)
        db_before = _backend_cpu(backend_pid)
        wall, cpu = time.perf_counter(), time.process_time()
        with connection.execute_wrapper(wrapper):
            if profiler:
                profiler.enable()
            for path, payload in bodies[warmup:]:
                codes[call(path, payload)] += 1
            if profiler:
                profiler.disable()
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        db = _backend_cpu(backend_pid) - db_before
        db_text = f"{db * 1000 / requests:>8.2f}" if backend_pid else f"{'-':>8}"
        print(
            f"{name:<10}{cpu * 1000 / requests:>8.2f}{db_text}"
            f"{len(statements) / requests:>9.2f}{timing['seconds'] / wall:>8.0%}  {dict(codes)}",
            flush=True,
        )
        if profiler:
            import pstats

            order = os.environ.get("CPU_SORT", "cumulative")
            pstats.Stats(profiler).sort_stats(order).print_stats(45)
            if os.environ.get("CPU_PROFILE_OUT"):
                profiler.dump_stats(f"{os.environ['CPU_PROFILE_OUT']}.{name}")


if __name__ == "__main__":
    main()
