"""Run `manage.py dedup_eval` unchanged and also score plain vs shipped, halves and sites.

Research helper, not used by the product. `dedup_eval` reports only the shipped scoring on
the whole set; decision 0004's model comparison also needs the plain embedding and the two
random halves and two sites of dev, and this script gives them from the same run. It calls
the real `dedup_eval` command with the configured KEYLOOP_EMBEDDING_MODEL and captures on
the way the vectors it computes (each corpus text's title+body and title vectors, each
query's vector) and the time of each embed call. It prints one JSON report:

* `dedup_eval`: the command's own JSON line (shipped scoring, index build time, latency);
* `views`: for `plain` (cos(query, idea title+body)) and `shipped` (scoring.blend, 0.77 / 0.23):
  MAP@10, R@1/5/10 and MRR@10 on all of dev, and MAP@10 on two random halves (seed 0,
  `half_a` / `half_b`) and per site (`askubuntu`, `mse`), with `dedup_eval`'s metric code;
* `title_weight_sweep_map@10`: MAP@10 for idea-title weights 0 to 0.4;
* `full_texts_per_s` / `title_texts_per_s`: throughput of the corpus embedding passes,
  `query_embed_ms_p50_p95`, peak RSS (`max_rss_mb`) and the load average.

It measures the matching model (KEYLOOP_EMBEDDING_MODEL), as `dedup_eval` does by default.
Run it with a throw-away KEYLOOP_DATA_DIR (it migrates that database first). --save writes
the vectors to an npz file (arrays full, title, queries) for paired comparisons between models.

    KEYLOOP_DATA_DIR=$(mktemp -d) KEYLOOP_EMBEDDING_MODEL=/tmp/mpnet/export \
        .venv/bin/python scripts/dedup_eval_views.py --save /tmp/mpnet/vectors-mpnet.npz
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import sys
import time
from pathlib import Path

import numpy as np

PROJECT = Path(__file__).resolve().parent.parent
DATA = Path("/work/shared/data/dedup")


def metrics(scores: np.ndarray, gold: list[set[int]]) -> dict[str, float]:
    """dedup_eval's metrics, over a [queries, corpus] score matrix."""
    from keyloop.dedup.scoring import ranking_metrics

    judged = []
    for row, wanted in zip(scores, gold, strict=True):
        top = np.argsort(-row, kind="stable")[:10]
        judged.append(([int(i) in wanted for i in top], len(wanted)))
    found = ranking_metrics(judged)
    keys = ("map@10", "recall@1", "recall@5", "recall@10", "mrr@10")
    return {key: round(100 * found[key], 1) for key in keys}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(DATA / "corpus.jsonl"))
    parser.add_argument("--queries", default=str(DATA / "queries-dev.jsonl"))
    parser.add_argument("--save", help="npz file for the captured vectors")
    args = parser.parse_args()

    sys.path.insert(0, str(PROJECT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "keyloop.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from keyloop.dedup import embedder as embedders
    from keyloop.dedup import index as indexes
    from keyloop.dedup import scoring
    from keyloop.dedup.queries import clean_query

    call_command("migrate", verbosity=0)
    embedder = embedders.get()
    if embedder is None:
        raise SystemExit(f"no embedder: {embedders.status().error}")

    calls: list[tuple[int, float]] = []
    real_embed = embedder.embed

    def timed_embed(texts):
        started = time.perf_counter()
        out = real_embed(texts)
        calls.append((len(texts), time.perf_counter() - started))
        return out

    embedder.embed = timed_embed
    captured: dict[str, object] = {"queries": {}}
    real_embed_ideas, real_query_vector = indexes.embed_ideas, indexes.query_vector

    def embed_ideas(emb, ideas):
        full, title = real_embed_ideas(emb, ideas)
        captured["full"], captured["title"] = full, title
        return full, title

    def query_vector(text, emb, **options):
        vector = real_query_vector(text, emb, **options)
        captured["queries"][text] = vector
        return vector

    indexes.embed_ideas, indexes.query_vector = embed_ideas, query_vector
    out = io.StringIO()
    call_command("dedup_eval", corpus=args.corpus, queries=args.queries, json=True, stdout=out)
    product = json.loads(out.getvalue().strip().splitlines()[-1])

    documents = [json.loads(line) for line in open(args.corpus, encoding="utf-8") if line.strip()]
    asked = [json.loads(line) for line in open(args.queries, encoding="utf-8") if line.strip()]
    position = {row["id"]: i for i, row in enumerate(documents)}
    gold = [{position[d] for d in row["duplicates"] if d in position} for row in asked]
    texts = [clean_query(indexes.full_text(r["title"], r.get("body") or "")) for r in asked]
    queries = np.stack([captured["queries"][t] for t in texts])
    full, title = captured["full"], captured["title"]

    views = {
        "plain": np.clip(queries @ full.T, 0, 1),
        "shipped": np.clip(queries @ scoring.blend(full, title).T, 0, 1),
    }
    order = np.random.default_rng(0).permutation(len(asked))
    halves = {
        "half_a": np.sort(order[: len(asked) // 2]),
        "half_b": np.sort(order[len(asked) // 2 :]),
    }
    report = {"dedup_eval": product, "views": {}}
    for name, scores in views.items():
        entry = {"all": metrics(scores, gold)}
        for half, rows in halves.items():
            entry[half] = metrics(scores[rows], [gold[i] for i in rows])["map@10"]
        for site in sorted({r.get("site", "?") for r in asked}):
            rows = [i for i, r in enumerate(asked) if r.get("site") == site]
            entry[site] = metrics(scores[rows], [gold[i] for i in rows])["map@10"]
        report["views"][name] = entry
    sweep = {}
    for weight in (0.0, 0.1, 0.2, 0.23, 0.3, 0.4):
        blended = (1 - weight) * full + weight * title
        sweep[weight] = metrics(np.clip(queries @ blended.T, 0, 1), gold)["map@10"]
    report["title_weight_sweep_map@10"] = sweep
    n_docs = len(documents)
    big = [c for c in calls if c[0] == n_docs]
    if len(big) >= 2:
        report["full_texts_per_s"] = round(n_docs / big[0][1], 1)
        report["title_texts_per_s"] = round(n_docs / big[1][1], 1)
    single = sorted(c[1] * 1000 for c in calls if c[0] == 1)
    if single:
        report["query_embed_ms_p50_p95"] = [
            round(float(np.percentile(single, 50)), 1),
            round(float(np.percentile(single, 95)), 1),
        ]
    report["max_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    report["load_avg"] = os.getloadavg()
    if args.save:
        np.savez(args.save, full=full, title=title, queries=queries)
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
