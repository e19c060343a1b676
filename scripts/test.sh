#!/usr/bin/env bash
# Run the test suite on SQLite, then on a throw-away PostgreSQL 15; report both.
# Usage: scripts/test.sh [PYTEST ARGS...]     (make test ARGS="-k foo")
# Env:   KEYLOOP_TEST_DB=sqlite|postgres|both (default both)
set -euo pipefail
cd "$(dirname "$0")/.."

which_db=${KEYLOOP_TEST_DB:-both}
case $which_db in sqlite|postgres|both) ;; *)
    echo "test: KEYLOOP_TEST_DB must be sqlite, postgres or both (got '$which_db')" >&2; exit 2 ;;
esac

bash scripts/bootstrap.sh test

# System packages a fresh machine lacks. Browser tests drive Debian's Chromium:
# Playwright's own browser download is unreachable, so never `playwright install`.
missing=()
command -v chromium >/dev/null || missing+=(chromium fonts-dejavu-core)
if [ "$which_db" != sqlite ] && [ ! -x "${PGBIN:-/usr/lib/postgresql/15/bin}/initdb" ]; then
    missing+=(postgresql-15)
fi
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" != 0 ]; then
        echo "test: missing system packages: ${missing[*]}" >&2
        echo "test: install them first: sudo apt-get install --no-install-recommends ${missing[*]}" >&2
        exit 1
    fi
    echo "test: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Keep test runs away from the developer's var/ (uploads, SQLite file, ...).
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
mkdir -p "$data/sqlite" "$data/postgres"

sqlite_rc=skipped
pg_rc=skipped
if [ "$which_db" != postgres ]; then
    echo "=== tests on SQLite ==="
    sqlite_rc=0
    env -u DATABASE_URL KEYLOOP_DATA_DIR="$data/sqlite" .venv/bin/pytest "$@" || sqlite_rc=$?
fi
# Runs even if SQLite failed, so one run tells about both databases.
if [ "$which_db" != sqlite ]; then
    echo "=== tests on PostgreSQL ==="
    pg_rc=0
    KEYLOOP_DATA_DIR="$data/postgres" bash scripts/with-postgres.sh .venv/bin/pytest "$@" || pg_rc=$?
fi

failed=0
report() {  # report NAME RC
    case $2 in
        skipped) echo "$1: skipped" ;;
        0) echo "$1: passed" ;;
        # pytest exits 5 when it collected nothing: a broken path or -k must not look green.
        5) echo "$1: FAILED (exit 5: no tests collected)"; failed=1 ;;
        *) echo "$1: FAILED (exit $2)"; failed=1 ;;
    esac
}
echo
report SQLite "$sqlite_rc"
report PostgreSQL "$pg_rc"
exit "$failed"
