"""`keyloop smtpd --port N` (and `keyloop serve` with INBOUND_SMTP_PORT) receives real mail
into the inbox, and one Ctrl-C stops it cleanly."""

import os
import signal
import smtplib
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import free_port
from .test_serve_runs_web_and_worker import wait_until

DATA = Path(__file__).parent / "data" / "email"


def listening(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture
def app_env(tmp_path):
    """A separate process needs its own database: a migrated SQLite file with workspace acme."""
    env = {
        **os.environ,
        "KEYLOOP_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'smtpd.sqlite3'}",
        "DEBUG": "true",
    }
    subprocess.run(
        [sys.executable, "-m", "keyloop.cli", "migrate", "-v0"], env=env, check=True, timeout=120
    )
    run_python(env, "Workspace.objects.create(name='Acme', slug='acme')")
    return env


def run_python(env, code: str) -> str:
    script = "from keyloop.accounts.models import Workspace\n" \
             "from keyloop.inbox.models import FeedbackItem\n" + code  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-m", "keyloop.cli", "shell", "-c", script],
        env=env, check=True, timeout=60, capture_output=True, text=True,
    )  # fmt: skip
    return done.stdout.strip().splitlines()[-1]  # after the shell's own notice


def send_sample(port: int) -> None:
    raw = (DATA / "outlook_html_original_message.eml").read_bytes().replace(b"\n", b"\r\n")
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as smtp:
        smtp.sendmail("eve.lambert@globodyne.test", ["feedback+acme@mail.acme.test"], raw)
        with pytest.raises(smtplib.SMTPRecipientsRefused):
            smtp.sendmail("x@example.test", ["feedback+globex@mail.acme.test"], raw)


def stop(process) -> str:
    os.killpg(process.pid, signal.SIGINT)  # what one Ctrl-C in a terminal does
    output, _ = process.communicate(timeout=30)
    return output


def start(args, env):
    return subprocess.Popen(
        [sys.executable, "-m", "keyloop.cli", *args], env=env, start_new_session=True,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip


def test_keyloop_smtpd_stores_mail_and_stops_on_ctrl_c(app_env):
    port = free_port()
    process = start(["smtpd", "--port", str(port)], app_env)
    try:
        wait_until(lambda: listening(port), 30, "the SMTP listener")
        send_sample(port)
        output = stop(process)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert process.returncode == 0, output
    assert f"Receiving mail for feedback+<workspace>@<any domain> on 127.0.0.1:{port}" in output
    assert "The SMTP listener stopped." in output
    assert not listening(port)
    stored = run_python(app_env, "print(FeedbackItem.objects.get().title)")
    assert stored == "Bulk edit for tags"


def test_keyloop_serve_starts_the_smtp_listener_when_a_port_is_set(app_env):
    port, smtp_port = free_port(), free_port()
    env = {**app_env, "PORT": str(port), "INBOUND_SMTP_PORT": str(smtp_port)}
    process = start(["serve", "--workers", "1", "--no-worker"], env)
    try:
        wait_until(lambda: listening(smtp_port), 30, "the SMTP listener")
        send_sample(smtp_port)
        output = stop(process)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert f"SMTP on port {smtp_port}" in output
    assert "Keyloop stopped." in output
    assert not listening(smtp_port)
    assert run_python(app_env, "print(FeedbackItem.objects.count())") == "1"
