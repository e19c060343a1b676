"""Django's file-based cache, without a directory listing on every write.

FileBasedCache counts its entries (a glob over the whole cache directory) before every
`set` to decide whether to cull. With tens of thousands of cached pages, rate-limit
counters and API answers, that listing costs more than the write itself, on every vote and
every piece of feedback. Here the count runs on one write in `CULL_EVERY` (random), so the
cache may overshoot MAX_ENTRIES by a few dozen entries before it is trimmed.
"""

import random

from django.core.cache.backends.filebased import FileBasedCache

CULL_EVERY = 100


class FileCache(FileBasedCache):
    def _cull(self):
        if random.randrange(CULL_EVERY):
            return
        super()._cull()
