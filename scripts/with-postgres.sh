#!/usr/bin/env bash
# Run CMD... against a throw-away PostgreSQL 15 cluster, e.g.
#   scripts/with-postgres.sh .venv/bin/pytest -x
# Exports DATABASE_URL=postgres://postgres@127.0.0.1:PORT/keyloop (and PGSOCKET_DIR, the
# directory of its Unix socket) for CMD, always
# stops the cluster and deletes its files on exit, and exits with CMD's status.
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: $0 CMD [ARGS...]" >&2; exit 2; }

pgbin=${PGBIN:-/usr/lib/postgresql/15/bin}   # Debian keeps initdb/pg_ctl off PATH
if [ ! -x "$pgbin/initdb" ]; then
    echo "with-postgres: $pgbin/initdb not found; install Debian's postgresql-15 (or set PGBIN)" >&2
    exit 1
fi

# The server refuses to run as root: as root, run the server tools as 'postgres'.
# cd / so they never trip over a cwd that 'postgres' may not read.
if [ "$(id -u)" = 0 ]; then
    as_pg() { (cd / && runuser -u postgres -- "$@"); }
else
    as_pg() { "$@"; }
fi

# Under /tmp (world-traversable) rather than $TMPDIR, which 'postgres' may not
# reach; also keeps the unix socket path well under its ~107-byte limit.
pgtmp=$(mktemp -d /tmp/keyloop-pg.XXXXXX)
if [ "$(id -u)" = 0 ]; then chown postgres: "$pgtmp"; fi
pgdata=$pgtmp/data

cleanup() {
    if [ -e "$pgdata/postmaster.pid" ]; then
        as_pg "$pgbin/pg_ctl" -D "$pgdata" stop -m immediate >/dev/null 2>&1 || true
    fi
    rm -rf "$pgtmp"
}
trap cleanup EXIT
# Turn signals into a normal exit so the EXIT trap runs (128 + signal number).
trap 'exit 130' INT
trap 'exit 143' TERM

as_pg "$pgbin/initdb" -D "$pgdata" -A trust -U postgres -E UTF8 --no-sync >"$pgtmp/initdb.log" 2>&1 \
    || { cat "$pgtmp/initdb.log" >&2; exit 1; }

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# Durability is pointless for a throw-away cluster; turning it off speeds up tests.
if ! as_pg "$pgbin/pg_ctl" -D "$pgdata" -l "$pgtmp/server.log" -w -s start \
        -o "-p $port -k $pgtmp -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off"; then
    cat "$pgtmp/server.log" >&2
    exit 1
fi
"$pgbin/createdb" -h 127.0.0.1 -p "$port" -U postgres keyloop

export DATABASE_URL="postgres://postgres@127.0.0.1:$port/keyloop"
export PGSOCKET_DIR=$pgtmp  # the server's Unix socket is there too (.s.PGSQL.$port)
rc=0
"$@" || rc=$?
exit "$rc"
