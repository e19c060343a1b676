"""A real HTTP receiver for the webhook tests, and Standard Webhooks verification written
from the spec (https://www.standardwebhooks.com), independent of the product's sign.py."""

import base64
import hashlib
import hmac
import json
import threading
from collections import deque
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.utils import timezone


def verify(*, secret: str, headers: dict, body: bytes, tolerance: int = 300) -> bool:
    """What an integrator's receiver does: HMAC-SHA256 over "{id}.{timestamp}.{body}" with
    the base64-decoded part of the secret after "whsec_"; the header holds space-separated
    "v1,<base64>" signatures; a timestamp too far from now is refused (replays)."""
    message_id = headers["webhook-id"]
    timestamp = headers["webhook-timestamp"]
    if abs(timezone.now().timestamp() - int(timestamp)) > tolerance:
        return False
    key = base64.b64decode(secret.split("_", 1)[1])
    signed = message_id.encode() + b"." + timestamp.encode() + b"." + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest())
    for candidate in headers["webhook-signature"].split(" "):
        version, _, value = candidate.partition(",")
        if version == "v1" and hmac.compare_digest(value.encode(), expected):
            return True
    return False


@dataclass
class Received:
    path: str
    headers: dict  # lower-case names
    body: bytes
    at: object  # aware datetime, on the receiver's clock

    def json(self) -> dict:
        return json.loads(self.body)


class Receiver:
    """An HTTP server on a free 127.0.0.1 port; the test decides each answer in turn
    (`otherwise`, 200 unless changed, when it has said nothing)."""

    def __init__(self):
        self.received: list[Received] = []
        self._answers: deque = deque()
        self.release = threading.Event()  # lets a hanging answer go at the end of the test
        self.otherwise = 200  # the answer when none is queued
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length)
                receiver.received.append(
                    Received(
                        path=self.path,
                        headers={name.lower(): value for name, value in self.headers.items()},
                        body=body,
                        at=timezone.now(),
                    )
                )
                if receiver._answers:
                    status, headers = receiver._answers.popleft()
                else:
                    status, headers = receiver.otherwise, {}
                if status == "hang":
                    receiver.release.wait(30)
                    return
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                answer = f"answer {status}".encode()
                self.send_header("content-length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, format, *args):  # quiet test output
                pass

        class Server(ThreadingHTTPServer):
            def handle_error(self, request, client_address):
                pass  # the sender hung up on a hanging answer: expected

        self.server = Server(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/hooks/keyloop"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def will_answer(self, *statuses, **headers) -> None:
        """Queue answers: an HTTP status, or "hang" (never answer)."""
        for status in statuses:
            self._answers.append((status, {k.replace("_", "-"): v for k, v in headers.items()}))

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


def running_receiver(settings):
    """For a test file's `receiver` fixture: a real receiver on loopback, with private
    addresses allowed so that webhooks may reach it."""
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    server = Receiver().start()
    yield server
    server.stop()


def endpoint_for(world, receiver, event_types=(), url=None):
    from keyloop.notifications.actions import webhook_endpoint_create

    return webhook_endpoint_create(
        workspace=world.acme, url=url or receiver.url, event_types=list(event_types),
        description="CRM sync", created_by=world.alice,
    )  # fmt: skip


def new_idea(world, title="Dark mode", author=None):
    from keyloop.feedback import actions as feedback

    return feedback.idea_create(
        board=world.acme.boards.get(slug="feature-requests"), title=title, author=author,
        actor_user=world.alice,
    )  # fmt: skip


def sweep():
    """What the periodic sweep of a worker does: retries that are due go out now."""
    from keyloop.notifications.tasks import notifications_sweep

    notifications_sweep.call()
