"""Duplicate detection at scale (issue 6): similar-ideas latency through the HTTP endpoint
with 10,000 and 100,000 ideas indexed, index build rate and memory, embed throughput.
Target: p95 under 50 ms at 100,000 ideas on 2 cores.

For each scale a fresh SQLite database gets one workspace with N ideas and their stored
vectors. Embedding 100,000 ideas for real takes about an hour here, so the stored vectors are
synthetic: 400 real ideas are embedded and each stored vector is one of them plus noise,
normalised (the index does the same work whatever the numbers are), under the typing model
(the endpoint's: KEYLOOP_TYPING_MODEL). Then `keyloop serve` (gunicorn, one sync worker,
production settings) answers GET /api/v1/ideas/similar for distinct short queries
(title-first, as the submit form sends while a customer types), one at a time. The first
request loads the index from the database: reported as "index load".

Measured in-process, for each of the two models (typing, matching): embed throughput (titles
and title+body texts per second) and the build rate of real ideas (both vectors, stored:
what the background task does).

Configuration (environment):
  BENCH_DEDUP_SCALES    10000,100000
  BENCH_DEDUP_REQUESTS  300

Not a test and not part of CI: numbers depend on the machine and on whatever else runs on it.
"""

import http.client
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_P95_MS = 50
SUBJECTS = (
    "dashboard report chart funnel cohort export import alert slack email pdf csv api sso "
    "saml okta mobile app filter segment retention invoice billing seat admin permission "
    "widget embed webhook warehouse snowflake bigquery salesforce hubspot notion teams"
).split()
VERBS = "add allow support let me show send sync schedule share compare group save".split()
SETUP = (
    "import django, os, sys; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'keyloop.settings');"
    " django.setup(); exec(sys.argv[1])"
)
SEED = r"""
import random, sys, numpy as np
from django.db import transaction
from keyloop.accounts.models import Workspace
from keyloop.accounts.actions import api_key_create
from keyloop.feedback.models import Board, Idea, Status
from keyloop.feedback.actions import workspace_defaults_create
from keyloop.dedup import embedder as embedders, index
from keyloop.dedup.models import Embedding
n = int(sys.argv[2]); subjects, verbs = sys.argv[3].split(), sys.argv[4].split()  # [1]: this code
workspace = Workspace.objects.create(name="Bench", slug="bench")
workspace_defaults_create(workspace=workspace)
board = Board.objects.get(workspace=workspace, slug="feature-requests")
status = Status.objects.filter(workspace=workspace, is_default=True).first()
rng = random.Random(6)
def title():
    a, b, c = rng.choice(subjects), rng.choice(subjects), rng.choice(subjects)
    return f"{rng.choice(verbs).capitalize()} {a} {b} to {c}"
model = embedders.get(embedders.TYPING)  # the endpoint's model
base = [(title(), "") for _ in range(400)]
full, titles = index.embed_ideas(model, base)
noise = np.random.default_rng(6)
with transaction.atomic():
    for start in range(0, n, 5000):
        ideas = Idea.objects.bulk_create(
            Idea(workspace=workspace, board=board, status=status, title=title(), body="")
            for _ in range(min(5000, n - start))
        )
        rows = []
        for idea in ideas:
            k = rng.randrange(len(base))
            f = full[k] + noise.normal(0, 0.02, full.shape[1]).astype(np.float32)
            t = titles[k] + noise.normal(0, 0.02, full.shape[1]).astype(np.float32)
            rows.append(Embedding(
                workspace=workspace, kind="idea", object_id=idea.pk, model=model.name,
                text_hash=index.text_hash(index.full_text(idea.title, idea.body)),
                vector=index.to_bytes(f / np.linalg.norm(f)),
                title_vector=index.to_bytes(t / np.linalg.norm(t)),
            ))
        Embedding.objects.bulk_create(rows)
_, key = api_key_create(workspace=workspace, name="bench", created_by=None)
print(key)
"""
THROUGHPUT = r"""
import time, json
from keyloop.dedup import embedder as embedders
from keyloop.dedup.tasks import embed_pending
from keyloop.accounts.models import Workspace
from keyloop.feedback.models import Board
from keyloop.feedback.actions import idea_create, workspace_defaults_create
titles = [f"Let me export the {i} dashboard to PDF and send it weekly" for i in range(256)]
story = "We print every chart for the board meeting and paste it into a document. " * 4
bodies = [t + ". " + story for t in titles[:128]]
rates = {}
for n, role in enumerate((embedders.TYPING, embedders.MATCHING)):
    model = embedders.get(role)
    model.embed(titles[:8])
    t0 = time.perf_counter(); model.embed(titles); t1 = time.perf_counter()
    model.embed(bodies); t2 = time.perf_counter()
    workspace = Workspace.objects.create(name=f"Rate {role}", slug=f"rate-{n}")
    workspace_defaults_create(workspace=workspace)
    board = Board.objects.get(workspace=workspace, slug="feature-requests")
    for text in bodies[:200]:
        idea_create(board=board, title=text[:60], body=text, author=None)
    t3 = time.perf_counter()
    done = embed_pending(embedder=model, workspace=workspace)  # both vectors per idea
    t4 = time.perf_counter()
    rates[role] = {
        "model": model.name, "titles_per_s": len(titles) / (t1 - t0),
        "bodies_per_s": len(bodies) / (t2 - t1), "ideas_per_s": done / (t4 - t3) if done else 0,
    }
print(json.dumps(rates))
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float:
    """The largest resident set among the server's processes (the gunicorn worker)."""
    largest = 0.0
    for process in descendants(pid):
        try:
            for line in Path(f"/proc/{process}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    largest = max(largest, int(line.split()[1]) / 1024)
        except OSError:
            pass
    return largest


def descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        process = todo.pop()
        found.append(process)
        try:
            for task in Path(f"/proc/{process}/task").iterdir():
                todo.extend(int(p) for p in (task / "children").read_text().split())
        except OSError:
            pass
    return found


def percentile(values, share):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(share * (len(values) - 1))))]


def run_scale(n: int, requests: int, env: dict) -> str:
    data_dir = Path(tempfile.mkdtemp(prefix=f"keyloop-bench-dedup-{n}-"))
    env = {**env, "KEYLOOP_DATA_DIR": str(data_dir)}
    keyloop = str(ROOT / ".venv/bin/keyloop")
    server = None
    try:
        subprocess.run([keyloop, "migrate", "-v0"], env=env, cwd=ROOT, check=True)
        started = time.perf_counter()
        seeded = subprocess.run(
            [str(ROOT / ".venv/bin/python"), "-c",
             SETUP, SEED, str(n), " ".join(SUBJECTS), " ".join(VERBS)],
            env=env, cwd=ROOT, capture_output=True, text=True, check=True,
        )  # fmt: skip
        key = seeded.stdout.strip().splitlines()[-1]
        seed_s = time.perf_counter() - started
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "keyloop.cli", "serve", "--no-worker", "--workers", "1",
             "--host", "127.0.0.1", "--port", str(port)],
            env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while True:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                connection.request("GET", "/healthz")
                connection.getresponse().read()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("the server did not start") from None
                time.sleep(0.3)
        headers = {"Authorization": f"Bearer {key}"}
        rng = random.Random(n)

        def ask(text):
            query = "/api/v1/ideas/similar?" + "q=" + text.replace(" ", "+") + "&limit=5"
            began = time.perf_counter()
            connection.request("GET", query, headers=headers)
            response = connection.getresponse()
            body = response.read()
            if response.status != 200:
                raise RuntimeError(f"{response.status}: {body[:300]!r}")
            return (time.perf_counter() - began) * 1000, json.loads(body)

        load_ms, _ = ask("warm up the index")
        latencies, found = [], 0
        for i in range(requests):
            text = f"{rng.choice(VERBS)} {rng.choice(SUBJECTS)} {rng.choice(SUBJECTS)} {i}"
            ms, results = ask(text)
            latencies.append(ms)
            found += bool(results)
        memory = rss_mb(server.pid)
        p50, p95 = percentile(latencies, 0.5), percentile(latencies, 0.95)
        verdict = "ok" if p95 < TARGET_P95_MS else f"over the {TARGET_P95_MS} ms target"
        return (
            f"{n:>7,} ideas  p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  ({verdict}; {requests} distinct "
            f"queries, {found} with results)  index load {load_ms / 1000:5.1f} s  worker RSS "
            f"{memory:5.0f} MB  seed {seed_s:5.1f} s"
        )
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
        shutil.rmtree(data_dir, ignore_errors=True)


def main() -> None:
    scales = [int(s) for s in os.environ.get("BENCH_DEDUP_SCALES", "10000,100000").split(",")]
    requests = int(os.environ.get("BENCH_DEDUP_REQUESTS", "300"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("BENCH_")}
    env.pop("DATABASE_URL", None)
    env.update(DEBUG="false", SECRET_KEY="bench-" + "x" * 50, ALLOWED_HOSTS="127.0.0.1")
    env.update(SECURE_SSL_REDIRECT="false", TASKS_BACKEND="django_tasks_db.DatabaseBackend")

    data_dir = Path(tempfile.mkdtemp(prefix="keyloop-bench-dedup-rate-"))
    try:
        rate_env = {**env, "KEYLOOP_DATA_DIR": str(data_dir)}
        keyloop = str(ROOT / ".venv/bin/keyloop")
        subprocess.run([keyloop, "migrate", "-v0"], env=rate_env, cwd=ROOT, check=True)
        done = subprocess.run(
            [str(ROOT / ".venv/bin/python"), "-c",
             SETUP, THROUGHPUT],
            env=rate_env, cwd=ROOT, capture_output=True, text=True, check=True,
        )  # fmt: skip
        for role, rate in json.loads(done.stdout.strip().splitlines()[-1]).items():
            print(
                f"{role} model {rate['model']}: embed throughput {rate['titles_per_s']:.0f} "
                f"titles/s, {rate['bodies_per_s']:.0f} title+body texts/s; index build (both "
                f"vectors, stored): {rate['ideas_per_s']:.0f} ideas/s",
                flush=True,
            )
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    for n in scales:
        print(run_scale(n, requests, env), flush=True)


if __name__ == "__main__":
    main()
