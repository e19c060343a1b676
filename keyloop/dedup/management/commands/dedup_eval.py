"""Measure duplicate detection on a labelled set, through the production embedder and scoring."""

import json
import time

import numpy as np
from django.core.management.base import BaseCommand, CommandError

from keyloop.dedup import embedder as embedders
from keyloop.dedup import index as indexes
from keyloop.dedup.queries import clean_query, text_scores
from keyloop.dedup.scoring import ranking_metrics


def _read(path: str, *, queries: bool) -> list[dict]:
    rows = []
    try:
        with open(path, encoding="utf-8") as lines:
            for number, line in enumerate(lines, 1):
                if not line.strip():
                    continue
                row = json.loads(line)
                if "id" not in row or "title" not in row:
                    raise CommandError(f"{path}:{number}: each row needs an id and a title.")
                if queries and not row.get("duplicates"):
                    raise CommandError(f"{path}:{number}: a query needs its duplicates.")
                rows.append(row)
    except OSError as error:
        raise CommandError(f"Cannot read {path}: {error.strerror}.") from error
    except json.JSONDecodeError as error:
        raise CommandError(f"{path}: not JSON lines ({error}).") from error
    return rows


class Command(BaseCommand):
    help = (
        "Rank a corpus (JSON lines: id, title, body) for each query (id, title, body, "
        "duplicates) with the production embedder and scoring; print Recall@1/5/10, MRR@10, "
        "MAP@10 and latency."
    )

    def add_arguments(self, parser):
        parser.add_argument("--corpus", required=True, metavar="FILE")
        parser.add_argument("--queries", required=True, metavar="FILE")
        parser.add_argument("--json", action="store_true", help="End with one JSON line.")
        parser.add_argument(
            "--role", choices=[embedders.MATCHING, embedders.TYPING], default=embedders.MATCHING,
            help="Which model to measure: the one matching feedback and ideas against ideas "
            "(default: the inbox, merge suggestions and possible duplicates), or the one "
            "answering as customers type.",
        )  # fmt: skip

    def handle(self, *args, corpus, queries, json=False, role=embedders.MATCHING, **options):
        documents = _read(corpus, queries=False)
        asked = _read(queries, queries=True)
        if not documents or not asked:
            raise CommandError("The corpus and the queries need at least one row each.")
        embedder = embedders.get(role)
        status = embedders.status(role)
        if status.warning:
            self.stderr.write(status.warning)
        if embedder is None:
            self.stderr.write(f"No embedding model ({status.error or 'off'}): BM25 only.")
        position = {row["id"]: i for i, row in enumerate(documents)}

        started = time.perf_counter()
        index = indexes.from_texts(
            [(i, row["title"], row.get("body") or "") for i, row in enumerate(documents)], embedder
        )
        build_seconds = time.perf_counter() - started

        judged = []
        latencies = []
        for row in asked:
            gold = {position[d] for d in row["duplicates"] if d in position}
            text = clean_query(indexes.full_text(row["title"], row.get("body") or ""))
            started = time.perf_counter()
            scores = text_scores(index, text, embedder, stored=False)  # no database needed
            top = np.argsort(-scores, kind="stable")[:10]
            latencies.append((time.perf_counter() - started) * 1000)
            judged.append(([int(i) in gold for i in top], len(gold)))

        n = len(asked)
        result = {key: round(value, 4) for key, value in ranking_metrics(judged).items()}
        result |= {
            "queries": n,
            "corpus": len(documents),
            "model": index.model,
            "role": role,
            "index_build_s": round(build_seconds, 2),
            "p50_ms": round(float(np.percentile(latencies, 50)), 2),
            "p95_ms": round(float(np.percentile(latencies, 95)), 2),
        }
        self.stdout.write(f"Model           {result['model']} ({role})")
        self.stdout.write(
            f"Corpus          {len(documents):,} texts, indexed in {build_seconds:.1f} s"
        )
        self.stdout.write(f"Queries         {n:,}")
        for key in ("recall@1", "recall@5", "recall@10", "mrr@10", "map@10"):
            self.stdout.write(f"{key.upper():<15} {100 * result[key]:.1f}")
        self.stdout.write(
            f"Latency         p50 {result['p50_ms']:.1f} ms, p95 {result['p95_ms']:.1f} ms"
        )
        if json:
            import json as json_module

            self.stdout.write(json_module.dumps(result))
