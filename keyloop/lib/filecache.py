"""Django's file-based cache, cheaper to write: no directory listing, no rename over a file.

FileBasedCache counts its entries (a glob over the whole cache directory) before every
`set` to decide whether to cull. With tens of thousands of cached pages, rate-limit
counters and API answers, that listing costs more than the write itself, on every vote and
every piece of feedback. Here the count runs on one write in `CULL_EVERY` (random), so the
cache may overshoot MAX_ENTRIES by a few dozen entries before it is trimmed.

A `set` writes a temporary file and puts it in place atomically, as Django's does, but on
Linux by exchanging the two names (renameat2 RENAME_EXCHANGE) and then deleting the old
file, instead of renaming over it: on ext4 a rename over an existing file makes the kernel
allocate and start writing the new file's blocks at once (`auto_da_alloc`), which cost
~0.1 ms of CPU and up to ~1 ms of wall time per write, several times the rest of the
write. Readers still see either the old or the new value, never a mix. Where the exchange
is not available (another OS or filesystem, or no file to exchange with yet) it falls back
to the plain rename. That kernel flush is what keeps a file from being left empty by a
power cut right after the rename; a cache can afford to lose entries, so an entry that
cannot be read (empty or cut short) is treated as missing.
"""

import ctypes
import os
import pickle
import random
import tempfile
import zlib

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache

from . import versions

CULL_EVERY = 100
_UNREADABLE = (EOFError, pickle.UnpicklingError, zlib.error, ValueError, TypeError)


def _load_renameat2():
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # not Linux, or a C library without it
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p]
    function.argtypes += [ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


_renameat2 = _load_renameat2()
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(a: str, b: str) -> bool:
    """Swap the two names atomically; False when the system cannot (the caller renames)."""
    global _renameat2
    if _renameat2 is None:
        return False
    if _renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    if ctypes.get_errno() in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: never will
        _renameat2 = None
    return False  # ENOENT (no file yet, or culled meanwhile) and the rest: rename


class FileCache(FileBasedCache):
    def _cull(self):
        if random.randrange(CULL_EVERY):
            return
        super()._cull()

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        fname = self._key_to_file(key, version)
        self._cull()  # make some room if necessary
        try:
            fd, tmp_path = tempfile.mkstemp(dir=self._dir)
        except FileNotFoundError:  # the cache directory was deleted
            self._createdir()
            fd, tmp_path = tempfile.mkstemp(dir=self._dir)
        try:
            with open(fd, "wb") as f:
                self._write_content(f, timeout, value)
            if _exchange(tmp_path, fname):
                os.remove(tmp_path)  # now the previous value
            else:
                os.replace(tmp_path, fname)
        except BaseException:
            try:
                os.remove(tmp_path)
            except FileNotFoundError:
                pass
            raise

    def clear(self):
        """Every entry, and the version stamps kept beside them (lib/versions.py), go."""
        super().clear()
        for name in os.listdir(self._dir) if os.path.isdir(self._dir) else []:
            if name.endswith(versions.SUFFIX):
                try:
                    os.remove(os.path.join(self._dir, name))
                except FileNotFoundError:
                    pass

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except _UNREADABLE:  # left damaged by a crash: a miss, and the file goes
            self.delete(key, version)
            return default

    def _is_expired(self, f):
        try:
            return super()._is_expired(f)
        except _UNREADABLE:
            f.close()
            self._delete(f.name)
            return True
