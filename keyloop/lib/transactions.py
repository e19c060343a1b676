"""Transactions: opened at the first write (SQLite), and after-commit work done once per
transaction however many rows it touched."""

from contextlib import contextmanager

from django.db import transaction


class _Once:
    done = False

    def __init__(self, func):
        self.func = func

    def __call__(self):
        self.done = True
        self.func()


def on_commit_once(key, func, *, using=None) -> None:
    """`transaction.on_commit(func)`, unless a callback under `key` already waits for this
    transaction's commit. O(1): a bulk write of 10,000 rows does not scan the callback list.

    Outside a transaction `func` runs at once, as on_commit does. A callback dropped by a
    rolled-back savepoint no longer counts (its position in the list no longer holds it).
    """
    connection = transaction.get_connection(using)
    pending = connection.__dict__.setdefault("_keyloop_on_commit_once", {})
    entry = pending.get(key)
    if entry is not None:
        position, callback = entry
        callbacks = connection.run_on_commit
        if not callback.done and position < len(callbacks) and callbacks[position][1] is callback:
            return
    callback = _Once(func)
    transaction.on_commit(callback, using=using)
    if connection.in_atomic_block:
        pending[key] = (len(connection.run_on_commit) - 1, callback)


@contextmanager
def atomic_from_first_write(using=None):
    """`transaction.atomic()` whose BEGIN waits for the first statement that writes.

    On SQLite (lib/sqlite) a transaction holds the one write lock from BEGIN to COMMIT, so
    reads done before writing (finding the idea, the person) would hold up every other
    writer; here they run before the lock is taken, each seeing the latest commit, as in
    PostgreSQL's READ COMMITTED, which the same code already runs under. Nested in a
    transaction that has begun, and on other databases, it is plain `atomic()`.
    """
    connection = transaction.get_connection(using)
    if connection.in_atomic_block or not hasattr(connection, "defer_begin"):
        with transaction.atomic(using=using):
            yield
        return
    connection.defer_begin = True  # read by the outermost atomic's BEGIN only
    try:
        with transaction.atomic(using=using):
            connection.defer_begin = False
            yield
    finally:
        connection.defer_begin = False
