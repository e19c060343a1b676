"""`keyloop worker` runs at a lower CPU priority than the web server (WORKER_NICENESS), so
embedding and scoring a burst of feedback never slows down the answers to requests."""

import os
import signal
import subprocess
import sys
import time

import pytest
from django.db import connection

from .conftest import shared_database_url


def _niceness(pid: int) -> int:
    stat = open(f"/proc/{pid}/stat").read()
    return int(stat[stat.rindex(")") + 2 :].split()[16])  # field 19: nice


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not os.path.exists("/proc/self/stat"), reason="reads /proc")
def test_the_worker_lowers_its_own_priority(tmp_path):
    assert connection.vendor in ("sqlite", "postgresql")
    env = {
        **os.environ, "DATABASE_URL": shared_database_url(), "KEYLOOP_DATA_DIR": str(tmp_path),
        "WORKER_NICENESS": "7", "LOG_LEVEL": "WARNING",
    }  # fmt: skip
    worker = subprocess.Popen(
        [sys.executable, "-m", "keyloop.cli", "worker", "--interval", "0.1"],
        env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        deadline, seen = time.monotonic() + 60, None
        while time.monotonic() < deadline and worker.poll() is None:
            seen = _niceness(worker.pid)
            if seen != _niceness(os.getpid()):
                break
            time.sleep(0.1)
        assert worker.poll() is None, worker.stderr.read().decode()[-2000:]
        assert seen == min(19, _niceness(os.getpid()) + 7)
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=30)
