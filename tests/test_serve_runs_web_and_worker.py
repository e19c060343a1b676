"""`keyloop serve` runs the web server and the task worker together; one Ctrl-C stops both."""

import os
import signal
import subprocess
import sys
import time
import urllib.request

import pytest

from .conftest import free_port


def wait_until(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    pytest.fail(f"timed out waiting for {what}")


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as response:
            return response.status == 200
    except OSError:
        return False


@pytest.fixture
def server_env(tmp_path, smtp_server):
    port = free_port()
    env = {
        **os.environ,
        "KEYLOOP_DATA_DIR": str(tmp_path),
        # Its own SQLite file whatever the suite runs on: the server is a separate process.
        "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite3'}",
        "DEBUG": "true",
        "PORT": str(port),
        "SMTP_HOST": smtp_server.host,
        "SMTP_PORT": str(smtp_server.port),
        "SMTP_TLS": "false",
    }
    subprocess.run(
        [sys.executable, "-m", "keyloop.cli", "migrate", "-v0"], env=env, check=True, timeout=120
    )
    return env, port


def test_serve_answers_http_runs_queued_work_and_stops_on_one_ctrl_c(server_env, smtp_server):
    env, port = server_env
    server = subprocess.Popen(
        [sys.executable, "-m", "keyloop.cli", "serve", "--workers", "1"],
        env=env,
        start_new_session=True,  # its own process group, like a terminal's foreground job
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_until(lambda: answers(f"http://127.0.0.1:{port}/healthz"), 30, "the web server")

        # Something queues an e-mail (here: an invitation); the worker delivers it.
        script = (
            "from keyloop.accounts.models import User, Workspace;"
            "from keyloop.accounts.actions import invitation_create;"
            "owner = User.objects.create_user('owner@serve.test', 'x');"
            "ws = Workspace.objects.create(name='Serve', slug='serve');"
            "invitation_create(workspace=ws, email='new@serve.test', role='member',"
            " invited_by=owner)"
        )
        subprocess.run(
            [sys.executable, "-m", "keyloop.cli", "shell", "-c", script],
            env=env, check=True, timeout=60,
        )  # fmt: skip
        wait_until(lambda: len(smtp_server.messages) == 1, 30, "the worker to send the e-mail")
        assert smtp_server.messages[0]["To"] == "new@serve.test"

        os.killpg(server.pid, signal.SIGINT)
        output, _ = server.communicate(timeout=30)
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    assert "Keyloop stopped." in output
    assert not answers(f"http://127.0.0.1:{port}/healthz")
    # Nothing of the group is left running.
    with pytest.raises(ProcessLookupError):
        os.killpg(server.pid, 0)
