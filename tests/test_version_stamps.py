"""Version stamps (lib/versions.py): the page and API caches and the API-key memory of every
process key on them, so a bump anywhere must be seen everywhere, and no stamp may return."""

import os
import subprocess
import sys

from django.core.cache import cache

from keyloop.lib import versions

BUMP_250 = "from keyloop.lib import versions\nfor _ in range(250): versions.bump('t-shared')"


def _size(name: str) -> int:
    return os.path.getsize(os.path.join(versions.directory(), name + versions.SUFFIX))


def test_bumps_from_other_processes_are_seen_and_none_is_lost():
    before, start = versions.current("t-shared"), _size("t-shared")
    workers = [subprocess.Popen([sys.executable, "-c", BUMP_250]) for _ in range(4)]
    assert [worker.wait(60) for worker in workers] == [0, 0, 0, 0]

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


def test_a_filesystem_without_hard_links_still_gets_stamps(monkeypatch):
    def no_links(source, target):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(versions.os, "link", no_links)
    first = versions.current("t-no-links")
    versions.bump("t-no-links")

    assert versions.current("t-no-links") != first
    leftovers = [n for n in os.listdir(versions.directory()) if n.startswith("t-no-links.")]
    assert leftovers == ["t-no-links" + versions.SUFFIX]
