"""Version stamps (lib/versions.py): the page and API caches and the API-key memory of every
process key on them, so a bump anywhere must be seen everywhere, and no stamp may return."""

import multiprocessing
import os

from django.core.cache import cache

from keyloop.lib import versions


def _bump_many(name: str, times: int) -> None:
    for _ in range(times):
        versions.bump(name)


def _size(name: str) -> int:
    return os.path.getsize(os.path.join(versions.directory(), name + versions.SUFFIX))


def test_bumps_from_other_processes_are_seen_and_none_is_lost():
    before, start = versions.current("t-shared"), _size("t-shared")
    workers = [
        multiprocessing.get_context("fork").Process(target=_bump_many, args=("t-shared", 250))
        for _ in range(4)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(30)
        assert worker.exitcode == 0

    assert versions.current("t-shared") != before
    assert _size("t-shared") == start + 1000  # every concurrent bump counted


def test_a_full_stamp_file_starts_afresh_without_repeating_a_stamp(monkeypatch):
    monkeypatch.setattr(versions, "START_BYTES", 3)
    monkeypatch.setattr(versions, "MAX_BYTES", 5)
    seen = [versions.current("t-rotating")]
    for _ in range(12):
        versions.bump("t-rotating")
        seen.append(versions.current("t-rotating"))

    assert _size("t-rotating") < 5
    assert len(set(seen)) == len(seen)


def test_clearing_the_cache_changes_every_stamp():
    before = [versions.current(f"t-cleared-{n}") for n in range(20)]
    cache.clear()
    assert not {versions.current(f"t-cleared-{n}") for n in range(20)} & set(before)
