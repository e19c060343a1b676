"""After-commit work that should happen once per transaction, however many rows it touched."""

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
