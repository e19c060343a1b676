"""Shared fixtures: the personas every test tells its story with, and a real SMTP server.

Alice owns workspace "acme", Bob is a member of "acme", Charlie owns workspace "globex";
Dana and Eve are customers (people) of "acme".
"""

from dataclasses import dataclass

import pytest
from django.test import Client

from keyloop.accounts.models import Company, Membership, Person, Role, User, Workspace
from keyloop.feedback.actions import workspace_defaults_create

PASSWORD = "correct horse battery staple"


@dataclass
class World:
    acme: Workspace
    globex: Workspace
    alice: User
    bob: User
    charlie: User
    dana: Person
    eve: Person
    initech: Company

    def client_for(self, user: User | None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client


@pytest.fixture(autouse=True)
def _tasks_run_immediately(settings):
    """Background tasks run at enqueue time in tests unless a test asks for the real worker."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    # Sender threads would open their own database connections, which cannot see a test's
    # uncommitted rows; real workers (test_fanout_survives_kill.py) use several.
    settings.NOTIFICATIONS_EMAIL_CONNECTIONS = 1


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    """Test transactions never commit, so the page and API caches would never hear of
    changes; they have their own tests (test_portal_page_cache.py, test_api_read_cache.py),
    which turn them back on."""
    settings.PORTAL_PAGE_CACHE_SECONDS = 0
    settings.API_READ_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters live in the cache; every test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def broken_model(settings, tmp_path):
    """Both similarity models name a folder whose model cannot be loaded: words only."""
    from keyloop.dedup import index as indexes

    (tmp_path / "model.onnx").write_bytes(b"not an onnx file")
    (tmp_path / "tokenizer.json").write_text("{}")
    settings.EMBEDDING_MODEL = str(tmp_path)
    settings.TYPING_EMBEDDING_MODEL = "same"
    indexes.forget()
    yield
    indexes.forget()


@pytest.fixture
def world(db) -> World:
    acme = Workspace.objects.create(name="Acme", slug="acme")
    globex = Workspace.objects.create(name="Globex", slug="globex")
    alice = User.objects.create_user("alice@acme.test", PASSWORD, name="Alice Adams")
    bob = User.objects.create_user("bob@acme.test", PASSWORD, name="Bob Brown")
    charlie = User.objects.create_user("charlie@globex.test", PASSWORD, name="Charlie Chen")
    workspace_defaults_create(workspace=acme)
    workspace_defaults_create(workspace=globex)
    Membership.objects.create(workspace=acme, user=alice, role=Role.OWNER)
    Membership.objects.create(workspace=acme, user=bob, role=Role.MEMBER)
    Membership.objects.create(workspace=globex, user=charlie, role=Role.OWNER)
    initech = Company.objects.create(
        workspace=acme, name="Initech", external_id="co_1", plan="Growth", mrr_cents=19900
    )
    dana = Person.objects.create(
        workspace=acme, email="dana@initech.test", name="Dana Diaz", company=initech
    )
    eve = Person.objects.create(workspace=acme, email="eve@example.test", name="Eve Evans")
    return World(acme, globex, alice, bob, charlie, dana, eve, initech)


@dataclass
class Mailbox:
    host: str
    port: int
    messages: list

    def wait_for(self, count: int = 1, timeout: float = 5.0) -> list:
        """Messages arrive on the server's own thread; wait for them without sleeping blindly."""
        import threading

        event = threading.Event()
        for _ in range(int(timeout / 0.05)):
            if len(self.messages) >= count:
                break
            event.wait(0.05)
        return self.messages


def shared_database_url() -> str:
    """This test database, for another process (a worker, a second machine) to use; the
    test must commit for real (`django_db(transaction=True)`)."""
    from django.db import connection

    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    return (
        f"postgres://{settings['USER']}:{settings['PASSWORD']}@{settings['HOST'] or 'localhost'}"
        f":{settings['PORT'] or 5432}/{settings['NAME']}"
    )


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server (aiosmtpd) on a free local port; Django sends mail to it."""
    import email
    import email.policy

    from aiosmtpd.controller import Controller

    received: list = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            message = email.message_from_bytes(envelope.content, policy=email.policy.default)
            received.append(message)
            return "250 Message accepted for delivery"

    port = free_port()
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "use_tls": False, "timeout": 5},
        }
    }
    try:
        yield Mailbox("127.0.0.1", port, received)
    finally:
        controller.stop()


def body_of(message, subtype: str = "plain") -> str:
    part = message.get_body(preferencelist=(subtype,))
    return part.get_content() if part is not None else ""


@pytest.fixture
def api(world):
    """A JSON client for /api/v1/ holding a read-write key of acme."""
    from .api_client import api_for

    return api_for(world.acme)
