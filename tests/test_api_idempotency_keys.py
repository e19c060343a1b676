"""An `Idempotency-Key` makes a create safe to retry: the first answer is replayed."""

import threading
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from keyloop.accounts.models import IdempotentRequest
from keyloop.feedback.models import Idea, Vote

from .api_client import ApiClient, api_for

MISMATCH = {"detail": "This Idempotency-Key was used with a different request."}


@pytest.fixture
def board(world):
    return world.acme.boards.get(slug="feature-requests")


def test_a_retry_replays_the_first_answer_without_creating_again(world, api, board):
    idea = {"board_id": board.id, "title": "Dark mode", "body": "Please"}
    first = api.post("/ideas", idea, idempotency_key="7f0c0b8e")
    retry = api.post("/ideas", idea, idempotency_key="7f0c0b8e")

    assert first.status_code == retry.status_code == 201
    assert retry.content == first.content
    assert retry["Idempotent-Replayed"] == "true"
    assert Idea.objects.count() == 1


def test_the_same_json_written_differently_is_the_same_request(api, board):
    first = api.post("/ideas", {"board_id": board.id, "title": "Dark mode"}, idempotency_key="k")
    retry = api.post(
        "/ideas", raw=f'{{ "title": "Dark mode",\n "board_id": {board.id} }}', idempotency_key="k"
    )
    assert retry.status_code == 201 and retry.content == first.content
    assert Idea.objects.count() == 1


def test_a_key_reused_for_another_request_is_422_and_creates_nothing(api, board):
    api.post("/ideas", {"board_id": board.id, "title": "Dark mode"}, idempotency_key="k")

    other_body = api.post("/ideas", {"board_id": board.id, "title": "Light"}, idempotency_key="k")
    other_route = api.post("/boards", {"name": "Bugs"}, idempotency_key="k")

    for response in (other_body, other_route):
        assert response.status_code == 422
        assert response.json() == MISMATCH
    assert list(Idea.objects.values_list("title", flat=True)) == ["Dark mode"]
    assert not board.workspace.boards.filter(name="Bugs").exists()


def test_a_vote_retried_replays_201_even_though_a_plain_repeat_says_200(world, api, board):
    idea = Idea.objects.create(
        workspace=world.acme, board=board, status=world.acme.statuses.first(), title="Dark mode"
    )
    vote = {"person": {"email": "pat@hooli.test"}, "importance": "critical"}

    first = api.post(f"/ideas/{idea.id}/votes", vote, idempotency_key="vote-1")
    retry = api.post(f"/ideas/{idea.id}/votes", vote, idempotency_key="vote-1")
    repeat = api.post(f"/ideas/{idea.id}/votes", vote)

    assert (first.status_code, retry.status_code, repeat.status_code) == (201, 201, 200)
    assert Vote.objects.count() == 1


def test_keys_belong_to_one_api_key(world, api, board):
    second_key = api_for(world.acme)
    idea = {"board_id": board.id, "title": "Dark mode"}
    assert api.post("/ideas", idea, idempotency_key="shared").status_code == 201
    assert second_key.post("/ideas", idea, idempotency_key="shared").status_code == 201
    assert Idea.objects.count() == 2


def test_a_failed_request_leaves_the_key_free_for_the_corrected_retry(api, board):
    bad = api.post("/ideas", {"board_id": board.id, "title": ""}, idempotency_key="k")
    fixed = api.post("/ideas", {"board_id": board.id, "title": "Dark mode"}, idempotency_key="k")
    assert (bad.status_code, fixed.status_code) == (422, 201)
    assert not IdempotentRequest.objects.filter(response_status=422).exists()


def test_keys_expire_after_a_day(api, board):
    idea = {"board_id": board.id, "title": "Dark mode"}
    with time_machine.travel(timezone.now() - timedelta(hours=25)):
        api.post("/ideas", idea, idempotency_key="k")
        api.post("/boards", {"name": "Old"}, idempotency_key="old")
    with time_machine.travel(timezone.now() - timedelta(hours=23)):
        api.post("/ideas", idea, idempotency_key="fresh")

    assert api.post("/ideas", idea, idempotency_key="k").status_code == 201
    assert "Idempotent-Replayed" in api.post("/ideas", idea, idempotency_key="fresh")
    assert Idea.objects.count() == 3
    kept = set(IdempotentRequest.objects.values_list("key", flat=True))
    assert kept == {"k", "fresh"}  # expired keys are forgotten, not only the reused one


@pytest.mark.parametrize("key", ["", "   ", "x" * 256])
def test_an_empty_or_over_long_key_is_422(api, board, key):
    response = api.post("/ideas", {"board_id": board.id, "title": "Dark"}, idempotency_key=key)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "Idempotency-Key"
    assert not Idea.objects.exists()


def test_what_is_kept_is_the_answer_sent_under_the_api_key(world, api, board):
    first = api.post("/ideas", {"board_id": board.id, "title": "Dark mode"}, idempotency_key="k")
    record = IdempotentRequest.objects.get()
    assert (record.response_status, record.response_body) == (201, first.content.decode())
    assert record.api_key.workspace == world.acme


@pytest.mark.django_db(transaction=True)
def test_concurrent_retries_create_one_idea_and_all_get_its_answer(world, board):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL's row locks")
    key = api_for(world.acme).key
    body = {"board_id": board.id, "title": "Dark mode"}
    responses, barrier = [], threading.Barrier(8)

    def retry():
        from django.db import connections

        barrier.wait()
        responses.append(ApiClient(key).post("/ideas", body, idempotency_key="race"))
        connections.close_all()

    threads = [threading.Thread(target=retry) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert Idea.objects.count() == 1
    assert {response.status_code for response in responses} == {201}
    assert len({response.content for response in responses}) == 1
