"""Integrators retry and fan out: the same vote or the same feedback sent by many
connections at once must land once, and every sender gets a 2xx answer. On SQLite the
API's writes read before they take the write lock, so this races there too."""

import threading

import pytest
from django.db import connection, connections

from keyloop.accounts.models import Company, Person
from keyloop.feedback import actions
from keyloop.feedback.models import Idea, Vote
from keyloop.inbox.models import FeedbackItem
from keyloop.lib.transactions import atomic_from_first_write

from .api_client import ApiClient, api_for

pytestmark = pytest.mark.django_db(transaction=True)
SENDERS = 8


def _all_at_once(key, path, body):
    responses, barrier = [], threading.Barrier(SENDERS)

    def send():
        try:
            barrier.wait()
            responses.append(ApiClient(key).post(path, body))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(SENDERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return responses


@pytest.fixture
def idea(world):
    board = world.acme.boards.get(slug="feature-requests")
    return actions.idea_create(board=board, title="Export to CSV", author=None)


def test_one_new_person_voting_from_eight_connections_is_one_vote(world, idea):
    key = api_for(world.acme).key
    person = {
        "email": "Zoe@Example.com", "name": "Zoe",
        "company": {"external_id": "c-77", "name": "Umbrella", "mrr_cents": 9900},
    }  # fmt: skip
    responses = _all_at_once(key, f"/ideas/{idea.pk}/votes", {"person": person})

    assert sorted(r.status_code for r in responses) == [200] * (SENDERS - 1) + [201]
    assert Person.objects.filter(workspace=world.acme, email__iexact="zoe@example.com").count() == 1
    assert Company.objects.filter(workspace=world.acme, external_id="c-77").count() == 1
    assert Vote.objects.filter(idea=idea).count() == 1
    assert Idea.objects.get(pk=idea.pk).vote_count == 1


def test_the_same_feedback_sent_eight_times_at_once_is_one_item(world):
    key = api_for(world.acme).key
    body = {
        "text": "The CSV export drops accents.", "channel": "api", "external_id": "zd-4411",
        "person": {"email": "zoe@example.com"},
    }  # fmt: skip
    responses = _all_at_once(key, "/feedback", body)

    assert sorted(r.status_code for r in responses) == [200] * (SENDERS - 1) + [201]
    assert {r.json()["id"] for r in responses} == {FeedbackItem.objects.get().pk}
    assert Person.objects.filter(workspace=world.acme).filter(email="zoe@example.com").count() == 1


def test_on_sqlite_an_api_write_takes_the_write_lock_only_at_its_first_write(world):
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL's BEGIN takes no lock")
    with atomic_from_first_write():
        Person.objects.filter(workspace=world.acme).count()
        assert not connection.connection.in_transaction  # reads so far: nobody held back
        Person.objects.create(workspace=world.acme, email="zoe@example.com")
        assert connection.connection.in_transaction
    assert Person.objects.filter(email="zoe@example.com").exists()  # and it committed
