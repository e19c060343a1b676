"""`keyloop serve`: the web server (gunicorn, sync workers) and the task worker, together,
and the inbound SMTP listener (`keyloop smtpd`) when INBOUND_SMTP_PORT is set.

One Ctrl-C (or SIGTERM) stops them all; if one dies, the others are stopped too.
"""

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the web server and the background worker until interrupted."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=settings.PORT)
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("WEB_CONCURRENCY", "2")),
            help="gunicorn worker processes (default: WEB_CONCURRENCY or 2).",
        )
        parser.add_argument("--no-worker", action="store_true", help="Start only the web server.")

    def handle(self, *args, host, port, workers, no_worker, **options):
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "keyloop.settings"}
        web = [
            sys.executable, "-m", "gunicorn", "keyloop.wsgi:application",
            "--bind", f"{host}:{port}", "--workers", str(workers), "--worker-class", "sync",
            "--access-logfile", "-", "--timeout", "60", "--graceful-timeout", "10",
        ]  # fmt: skip
        worker = [sys.executable, "-m", "django", "worker", "--interval", "0.5"]
        processes = {"web": subprocess.Popen(web, env=env)}
        if not no_worker:
            processes["worker"] = subprocess.Popen(worker, env=env)
        if settings.INBOUND_SMTP_PORT:  # e-mail in: feedback+<workspace>@… over SMTP
            smtpd = [
                sys.executable, "-m", "django", "smtpd", "--host", settings.INBOUND_SMTP_HOST,
                "--port", str(settings.INBOUND_SMTP_PORT),
            ]  # fmt: skip
            processes["smtp"] = subprocess.Popen(smtpd, env=env)
        self.stdout.write(
            f"Keyloop is running at http://{host}:{port}/ "
            f"(web pid {processes['web'].pid}"
            + (f", worker pid {processes['worker'].pid}" if not no_worker else "")
            + (f", SMTP on port {settings.INBOUND_SMTP_PORT}" if "smtp" in processes else "")
            + "). Press Ctrl-C to stop."
        )

        stopping = False

        def stop(signum, frame):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        exit_code = 0
        while not stopping:
            for name, process in processes.items():
                code = process.poll()
                if code is not None:
                    self.stderr.write(f"The {name} process exited with code {code}; stopping.")
                    exit_code = code or 1
                    stopping = True
            time.sleep(0.2)
        self._terminate(processes.values())
        if exit_code:
            sys.exit(exit_code)

    def _terminate(self, processes, grace: float = 10.0) -> None:
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + grace
        for process in processes:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.stdout.write("Keyloop stopped.")
