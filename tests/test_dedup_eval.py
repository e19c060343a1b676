"""`keyloop dedup_eval` ranks a labelled corpus with the production embedder and scoring and
reports recall, MRR, MAP and latency; bad files are clear errors. (A tiny corpus written here:
the real evaluation data is CC BY-SA and never part of the repository.)"""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

CORPUS = [
    {"id": "c1", "title": "Export dashboards to PDF", "body": "A one-click PDF of a dashboard."},
    {"id": "c2", "title": "Dark mode", "body": "The white background is blinding at night."},
    {"id": "c3", "title": "SAML single sign-on", "body": "Log in with Okta."},
    {"id": "c4", "title": "Slack alerts", "body": "Post to a channel when a metric drops."},
]
QUERIES = [
    {"id": "q1", "title": "PDF download of reports", "body": "Attach a PDF to emails.",
     "duplicates": ["c1"]},
    {"id": "q2", "title": "Night theme please", "body": "A darker UI for late work.",
     "duplicates": ["c2"]},
    {"id": "q3", "title": "Okta login", "body": "Our identity provider should sign us in.",
     "duplicates": ["c3"]},
]  # fmt: skip


def write(path, rows):
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    return str(path)


def run(*args) -> str:
    out = StringIO()
    call_command("dedup_eval", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("role", "model"),
    [("matching", "all-mpnet-base-v2-int8-"), ("typing", "all-MiniLM-L6-v2-int8")],
)
def test_it_reports_the_metrics_and_ends_with_one_json_line(
    db, tmp_path, django_assert_num_queries, role, model
):
    corpus, queries = write(tmp_path / "c.jsonl", CORPUS), write(tmp_path / "q.jsonl", QUERIES)
    args = ["--corpus", corpus, "--queries", queries, "--json"]

    with django_assert_num_queries(0):  # runs on a machine with no database set up
        output = run(*args) if role == "matching" else run(*args, "--role", role)

    result = json.loads(output.strip().splitlines()[-1])
    assert result["role"] == role and result["model"].startswith(model)
    assert result["queries"] == 3
    assert result["recall@1"] == 1.0 and result["map@10"] == 1.0 and result["mrr@10"] == 1.0
    assert result["recall@5"] == result["recall@10"] == 1.0
    assert 0 < result["p50_ms"] <= result["p95_ms"]
    assert "RECALL@5" in output and "Latency" in output


def test_bad_files_are_clear_errors(tmp_path):
    corpus = write(tmp_path / "c.jsonl", CORPUS)
    (tmp_path / "broken.jsonl").write_text("{not json\n")
    no_answers = write(tmp_path / "q.jsonl", [{"id": "q", "title": "t", "body": ""}])

    with pytest.raises(CommandError, match="Cannot read"):
        run("--corpus", str(tmp_path / "missing.jsonl"), "--queries", corpus)
    with pytest.raises(CommandError, match="not JSON lines"):
        run("--corpus", str(tmp_path / "broken.jsonl"), "--queries", corpus)
    with pytest.raises(CommandError, match="needs its duplicates"):
        run("--corpus", corpus, "--queries", no_answers)
