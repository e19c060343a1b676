"""`keyloop smtpd --port N`: receive feedback by e-mail at feedback+<workspace>@<domain>."""

import logging
import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand

from keyloop.integrations.email.smtp import inbound_smtp_controller


class Command(BaseCommand):
    help = "Run the SMTP listener that turns mail to feedback+<workspace>@… into feedback."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=settings.INBOUND_SMTP_HOST)
        parser.add_argument("--port", type=int, default=settings.INBOUND_SMTP_PORT or 2525)

    def handle(self, *args, host, port, verbosity=1, **options):
        if verbosity < 2:  # aiosmtpd logs every SMTP command at INFO
            logging.getLogger("mail.log").setLevel(logging.WARNING)
        controller = inbound_smtp_controller(host=host, port=port)
        controller.start()
        domain = settings.INBOUND_EMAIL_DOMAIN or "<any domain>"
        self.stdout.write(
            f"Receiving mail for feedback+<workspace>@{domain} on {host}:{port} "
            f"(at most {settings.INBOUND_EMAIL_MAX_BYTES:,} bytes a message). "
            "Press Ctrl-C to stop."
        )
        self.stdout.flush()
        stopped = threading.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stopped.set())
        try:
            while not stopped.wait(0.5):
                pass
        finally:
            controller.stop()
        self.stdout.write("The SMTP listener stopped.")
