"""Django's SQLite backend, with writers waiting in a queue instead of SQLite's sleeps.

Transactions begin IMMEDIATE (settings.py), so a writer takes SQLite's write lock at BEGIN.
When it is taken, SQLite's busy handler sleeps and retries (1, 2, 5, 10, 15, 20, 25, 25, 25,
50, 50, 100 ms…) and does not notice the lock coming free in between: with two web workers
and a task worker writing, much of the time nobody holds the lock and everybody sleeps.

Here each transaction first takes an exclusive lock on a file next to the database
(`<database>.writers`, flock) and keeps it until COMMIT or ROLLBACK, so writers of every
process on the machine queue, and the next one starts within a fraction of a millisecond
of the last one's end. Nothing else changes: SQLite's own lock and busy timeout are still
there (for any process that does not use this backend, e.g. the sqlite3 shell), and after
the database's `timeout` of waiting in the queue a writer goes on to BEGIN as before.

A transaction opened with `defer_begin` set (lib/transactions.atomic_from_first_write, used
by the API's writes) joins the queue and sends BEGIN IMMEDIATE only at its first statement
that is not a SELECT: the reads before it (the idea, the person) run as PostgreSQL's READ
COMMITTED would run them, without holding every other writer back.
"""

import fcntl
import os
import time

from django.db.backends.sqlite3 import base

_FIRST_PAUSE, _MAX_PAUSE = 0.0001, 0.001  # seconds between tries while the queue is held


class _Cursor(base.SQLiteCursorWrapper):
    database = None  # the DatabaseWrapper, set by create_cursor

    def execute(self, query, params=None):
        if self.database._begin_pending and not _reads_only(query):
            self.database.begin_pending_transaction()
        return super().execute(query, params)

    def executemany(self, query, param_list):
        if self.database._begin_pending and not _reads_only(query):
            self.database.begin_pending_transaction()
        return super().executemany(query, param_list)


def _reads_only(query: str) -> bool:
    return query.lstrip()[:6].upper() == "SELECT"


class DatabaseWrapper(base.DatabaseWrapper):
    _writers_fd = None  # the queue's lock file, open while the connection is
    _queued = False  # this connection holds the queue
    defer_begin = False  # the next transaction begins at its first write
    _begin_pending = False  # in such a transaction, before its first write

    def create_cursor(self, name=None):
        cursor = self.connection.cursor(factory=_Cursor)
        cursor.database = self
        return cursor

    def get_new_connection(self, conn_params):
        connection = super().get_new_connection(conn_params)
        if not self.is_in_memory_db():
            path = os.fspath(conn_params["database"]) + ".writers"
            self._writers_fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        return connection

    def _start_transaction_under_autocommit(self):
        if self.defer_begin:
            self._begin_pending = True
        else:
            self._begin()

    def begin_pending_transaction(self) -> None:
        self._begin_pending = False
        self._begin()

    def _begin(self) -> None:
        self._queue()
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._unqueue()
            raise

    def _commit(self):
        self._begin_pending = False
        try:
            super()._commit()
        finally:
            if not self.connection or not self.connection.in_transaction:
                self._unqueue()

    def _rollback(self):
        self._begin_pending = False
        try:
            super()._rollback()
        finally:
            self._unqueue()

    def _close(self):
        self._begin_pending = False
        try:
            super()._close()
        finally:
            self._unqueue()
            if self._writers_fd is not None:
                os.close(self._writers_fd)
                self._writers_fd = None

    def _queue(self) -> None:
        if self._writers_fd is None or self._queued:
            return
        pause, deadline = _FIRST_PAUSE, None
        while True:
            try:
                fcntl.flock(self._writers_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                now = time.monotonic()
                if deadline is None:
                    deadline = now + float(self.settings_dict["OPTIONS"].get("timeout", 5))
                elif now > deadline:
                    return  # waited long enough: SQLite's busy timeout decides from here
                time.sleep(pause)
                pause = min(pause * 2, _MAX_PAUSE)
            else:
                self._queued = True
                return

    def _unqueue(self) -> None:
        if self._queued:
            self._queued = False
            fcntl.flock(self._writers_fd, fcntl.LOCK_UN)
