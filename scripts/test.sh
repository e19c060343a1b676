#!/usr/bin/env bash
# Run the test suite on SQLite, then on a throw-away PostgreSQL 15; report both.
# Usage: scripts/test.sh [PYTEST ARGS...]     (make test ARGS="-k foo")
# Env:   KEYLOOP_TEST_DB=sqlite|postgres|both (default both)
#        KEYLOOP_TEST_JOBS=2|1  with both databases, run them side by side (default 2: the
#        suites are single-threaded, so two cores finish both in ~2/3 of the time) or one
#        after the other (1: for --pdb, or to read one database's output at a time).
#        Side by side, every output line starts with [sqlite] or [postgres].
set -euo pipefail
cd "$(dirname "$0")/.."

which_db=${KEYLOOP_TEST_DB:-both}
case $which_db in sqlite|postgres|both) ;; *)
    echo "test: KEYLOOP_TEST_DB must be sqlite, postgres or both (got '$which_db')" >&2; exit 2 ;;
esac
jobs=${KEYLOOP_TEST_JOBS:-2}
case $jobs in 1|2) ;; *)
    echo "test: KEYLOOP_TEST_JOBS must be 1 or 2 (got '$jobs')" >&2; exit 2 ;;
esac

bash scripts/bootstrap.sh test

# System packages a fresh machine lacks. Browser tests drive Debian's Chromium:
# Playwright's own browser download is unreachable, so never `playwright install`.
missing=()
command -v chromium >/dev/null || missing+=(chromium fonts-dejavu-core)
# The shared cache for several machines (CACHE_URL) is tested against a real Redis.
command -v redis-server >/dev/null || missing+=(redis-server)
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

run_sqlite() { env -u DATABASE_URL KEYLOOP_DATA_DIR="$data/sqlite" .venv/bin/pytest "$@"; }
run_postgres() { KEYLOOP_DATA_DIR="$data/postgres" bash scripts/with-postgres.sh .venv/bin/pytest "$@"; }

sqlite_rc=skipped
pg_rc=skipped
if [ "$which_db" = both ] && [ "$jobs" = 2 ]; then
    echo "=== tests on SQLite and PostgreSQL, side by side ==="
    export PYTHONUNBUFFERED=1
    # Job control gives each run its own process group: background jobs of a script would
    # otherwise ignore Ctrl-C. A signal to this script is passed on to both groups (pytest
    # stops; with-postgres.sh stops its cluster), then the EXIT trap cleans up.
    # The tagging sed ignores those signals and ends with its input: a run that is told to
    # stop still has somewhere to write (a dead pipe would kill with-postgres.sh before it
    # stops its cluster).
    tag() { (trap '' INT TERM; exec sed -u "s/^/$1/"); }
    set -m
    { rc=0; run_sqlite "$@" || rc=$?; echo "$rc" >"$data/sqlite.rc"; } 2>&1 \
        | tag '[sqlite]   ' &
    { rc=0; run_postgres "$@" || rc=$?; echo "$rc" >"$data/postgres.rc"; } 2>&1 \
        | tag '[postgres] ' &
    groups=$(jobs -p)
    set +m
    pass_on() {  # pass_on SIGNAL EXIT_CODE
        for group in $groups; do kill -s "$1" -- "-$group" 2>/dev/null || true; done
        wait
        exit "$2"
    }
    trap 'pass_on INT 130' INT
    trap 'pass_on TERM 143' TERM
    wait
    trap - INT TERM
    sqlite_rc=$(cat "$data/sqlite.rc" 2>/dev/null || echo "no status")
    pg_rc=$(cat "$data/postgres.rc" 2>/dev/null || echo "no status")
else
    if [ "$which_db" != postgres ]; then
        echo "=== tests on SQLite ==="
        sqlite_rc=0
        run_sqlite "$@" || sqlite_rc=$?
    fi
    # Runs even if SQLite failed, so one run tells about both databases.
    if [ "$which_db" != sqlite ]; then
        echo "=== tests on PostgreSQL ==="
        pg_rc=0
        run_postgres "$@" || pg_rc=$?
    fi
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
