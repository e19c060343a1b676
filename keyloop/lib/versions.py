"""Version stamps shared by every process using the cache, for caches to key on.

A cached page or API answer is stored under the stamp current when it was made, and a
committed change bumps the stamp, so every process sees the cached copies as stale at once
(lib/pagecache.py); API keys verified by a process are trusted until their stamp moves
(accounts/actions.py). The stamps used to be entries of the file cache: a bump was a read
and a cache write (a temporary file, a rename and a delete: ~125 µs of CPU) on every vote and
every piece of feedback, a read unpickled a file (~17 µs) on every API request.

Here a stamp is a file beside the cache's that only grows. A bump appends one byte (appends
are atomic, so concurrent bumps of several processes all count); a read is one stat(): the
file's size, inode and modification time. A file is started at a random size, so one
started afresh (a new inode may reuse a freed number) does not repeat a stamp; a file that
reaches MAX_BYTES is started afresh. Clearing the cache deletes the files (lib/filecache.py),
which changes every stamp.

With a shared cache (`CACHE_URL`, Redis: web processes on several machines) a file would
be seen by one machine only, so a stamp is a counter in that cache instead: a bump is one
atomic INCR, a read one GET. A counter that is missing (never set, cleared or evicted) is
started at a random number, so it does not repeat a stamp either.
"""

import os
import secrets

from django.conf import settings
from django.core.cache import cache

FILE_CACHE = "keyloop.lib.filecache.FileCache"
MAX_BYTES = 1 << 20
START_BYTES = 1 << 16  # a fresh file has 1 to this many
SUFFIX = ".version"


def directory() -> str:
    return settings.CACHES["default"]["LOCATION"]


def _path(name: str) -> str:
    return os.path.join(directory(), name + SUFFIX)


def _in_files() -> bool:
    return settings.CACHES["default"]["BACKEND"] == FILE_CACHE


def _key(name: str) -> str:
    return f"version:{name}"


def current(name: str) -> str:
    """The stamp of `name` now (starting it if it has none)."""
    if not _in_files():
        stamp = cache.get(_key(name))
        if stamp is None:
            cache.add(_key(name), secrets.randbits(62), timeout=None)
            stamp = cache.get(_key(name))
        return str(stamp)
    try:
        stat = os.stat(_path(name))
    except FileNotFoundError:
        bump(name)
        stat = os.stat(_path(name))
    return f"{stat.st_ino:x}.{stat.st_size}.{stat.st_mtime_ns}"


def bump(name: str) -> None:
    """A new stamp for `name`, seen at once by every process sharing the cache."""
    if not _in_files():
        try:
            cache.incr(_key(name))
        except ValueError:  # missing: any new number is a new stamp
            cache.add(_key(name), secrets.randbits(62), timeout=None)
        return
    path = _path(name)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND)
    except FileNotFoundError:
        _start(path, replace=False)
        return
    try:
        os.write(fd, b".")
        size = os.lseek(fd, 0, os.SEEK_END)
    finally:
        os.close(fd)
    if size >= MAX_BYTES:
        _start(path, replace=True)


def _start(path: str, *, replace: bool) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    fresh = f"{path}.{os.getpid()}.{secrets.token_hex(4)}"
    with open(fresh, "wb") as file:
        file.write(b"." * (1 + secrets.randbelow(START_BYTES)))
    if replace:
        os.replace(fresh, path)
        return
    try:
        os.link(fresh, path)  # only if still absent: another process may have started it
    except FileExistsError:
        os.remove(fresh)
    except OSError:  # a filesystem without hard links: starting it twice only moves the stamp
        os.replace(fresh, path)
    else:
        os.remove(fresh)
