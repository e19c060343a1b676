"""PostgreSQL connections: kept between requests, checked without a round trip, recovered
after the server ends them, and statements prepared unless a pooler forbids it."""

import select
import time

import pytest
from django.db import connection, connections

from .test_settings_from_environment import keyloop

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL connection handling"
)


@pytest.fixture
def worker_connection(db):
    """A second connection to the test database, as a web worker holds one."""
    wrapper = connections.create_connection("default")
    wrapper.ensure_connection()
    yield wrapper
    wrapper.close()


def _last_statement(pid: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT query FROM pg_stat_activity WHERE pid = %s", [pid])
        return cursor.fetchone()[0]


def test_a_quiet_connection_is_checked_without_asking_the_server(worker_connection):
    with worker_connection.cursor() as cursor:
        cursor.execute("SELECT 42 AS last_words")
    pid = worker_connection.connection.info.backend_pid
    worker_connection.close_if_unusable_or_obsolete()  # a request ends; the next begins:
    worker_connection.close_if_health_check_failed()

    assert worker_connection.health_check_done
    assert worker_connection.connection.info.backend_pid == pid  # kept
    assert _last_statement(pid) == "SELECT 42 AS last_words"  # and no SELECT 1 was sent


def test_a_connection_the_server_ended_is_replaced_before_the_next_query(worker_connection):
    pid = worker_connection.connection.info.backend_pid
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    socket = worker_connection.connection.fileno()
    deadline = time.monotonic() + 10
    while not select.select([socket], [], [], 0.1)[0] and time.monotonic() < deadline:
        pass

    assert not worker_connection.is_usable()
    worker_connection.close_if_unusable_or_obsolete()  # a request ends; the next one's
    with worker_connection.cursor() as cursor:  # first query runs in a new session
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != pid


def test_statements_are_prepared_unless_turned_off(tmp_path):
    show = (
        "from django.db import connection as c; c.ensure_connection();"
        " print(c.connection.prepare_threshold, c.features.uses_server_side_binding)"
    )
    default = keyloop("shell", "-c", show, env={"DEBUG": "true"}, tmp_path=tmp_path)
    pooled = {"DEBUG": "true", "DATABASE_PREPARED_STATEMENTS": "false"}
    off = keyloop("shell", "-c", show, env=pooled, tmp_path=tmp_path)
    assert default.stdout.split()[-2:] == ["5", "True"], default.stderr
    assert off.stdout.split()[-2:] == ["None", "True"], off.stderr
