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
"""

import fcntl
import os
import time

from django.db.backends.sqlite3 import base

_FIRST_PAUSE, _MAX_PAUSE = 0.0001, 0.001  # seconds between tries while the queue is held


class DatabaseWrapper(base.DatabaseWrapper):
    _writers_fd = None  # the queue's lock file, open while the connection is
    _queued = False  # this connection holds the queue

    def get_new_connection(self, conn_params):
        connection = super().get_new_connection(conn_params)
        if not self.is_in_memory_db():
            path = os.fspath(conn_params["database"]) + ".writers"
            self._writers_fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        return connection

    def _start_transaction_under_autocommit(self):
        self._queue()
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._unqueue()
            raise

    def _commit(self):
        try:
            super()._commit()
        finally:
            if not self.connection or not self.connection.in_transaction:
                self._unqueue()

    def _rollback(self):
        try:
            super()._rollback()
        finally:
            self._unqueue()

    def _close(self):
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
