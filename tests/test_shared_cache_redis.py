"""Web processes on several machines share Redis (CACHE_URL): a change made on one machine
makes every machine's cached pages stale at once, and rate limits count across machines.

A real redis-server on a free port; the "other machine" is another Python process with its
own data directory (so nothing reaches it through local files), on the same database.
"""

import os
import shutil
import subprocess
import sys
import time

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from keyloop.feedback import actions
from keyloop.lib import versions
from keyloop.lib.ratelimit import Limited, check_rate

from .conftest import free_port, shared_database_url


@pytest.fixture(scope="module")
def redis_url():
    server = shutil.which("redis-server")
    if server is None:
        pytest.fail("redis-server is missing: apt-get install redis-server (make test does)")
    port = free_port()
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    import redis

    client = redis.Redis(port=port)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture
def shared_cache(settings, redis_url):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": "keyloop",
        }
    }
    settings.PORTAL_PAGE_CACHE_SECONDS = 300
    cache.clear()
    return redis_url


def on_another_machine(redis_url, tmp_path, code: str) -> str:
    env = {
        **os.environ,
        "CACHE_URL": redis_url,
        "DATABASE_URL": shared_database_url(),
        "KEYLOOP_DATA_DIR": str(tmp_path / "other-machine"),
        "DJANGO_SETTINGS_MODULE": "keyloop.settings",
        "LOG_LEVEL": "WARNING",
    }
    setup = "import django\ndjango.setup()\n"
    done = subprocess.run(
        [sys.executable, "-c", setup + code], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def board_url():
    return reverse("board", args=["acme", "feature-requests"])


@pytest.mark.django_db(transaction=True)
def test_an_idea_added_on_another_machine_shows_at_once_on_cached_pages(
    world, shared_cache, tmp_path, django_assert_num_queries
):
    visitor = Client()
    visitor.get(board_url())  # rendered and stored in Redis
    with django_assert_num_queries(0):
        assert "Offline mode" not in visitor.get(board_url()).content.decode()

    board = world.acme.boards.get(slug="feature-requests")
    on_another_machine(
        shared_cache, tmp_path,
        "from keyloop.feedback import actions\n"
        "from keyloop.feedback.models import Board\n"
        f"actions.idea_create(board=Board.objects.get(pk={board.pk}), title='Offline mode',"
        " body='', author=None)\n",
    )  # fmt: skip

    assert "Offline mode" in visitor.get(board_url()).content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_change_made_here_is_seen_by_the_other_machine(world, shared_cache, tmp_path):
    read = "from keyloop.lib import versions\nprint(versions.current('portal-content'))"
    before = on_another_machine(shared_cache, tmp_path, read)
    assert before == versions.current("portal-content")

    actions.idea_create(
        board=world.acme.boards.get(slug="feature-requests"), title="Dark mode", body="",
        author=world.dana,
    )  # fmt: skip

    assert on_another_machine(shared_cache, tmp_path, read) != before


def test_rate_limits_count_requests_on_every_machine(shared_cache, settings, tmp_path):
    settings.RATE_LIMITS_ENABLED = True
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "vote": "3/m"}
    for _ in range(2):
        check_rate(action="vote", keys=["ip:203.0.113.9"])
    on_another_machine(
        shared_cache, tmp_path,
        "from keyloop.lib.ratelimit import check_rate\n"
        "check_rate(action='vote', keys=['ip:203.0.113.9'])\n",
    )  # fmt: skip

    with pytest.raises(Limited):  # the fourth vote of the minute, wherever it lands
        check_rate(action="vote", keys=["ip:203.0.113.9"])


def test_a_stamp_that_redis_lost_starts_again_without_repeating(shared_cache):
    seen = {versions.current("t-lost")}
    for _ in range(5):
        versions.bump("t-lost")
        seen.add(versions.current("t-lost"))
    cache.delete("version:t-lost")  # evicted, or the cache was flushed

    assert versions.current("t-lost") not in seen
    assert len(seen) == 6


@pytest.mark.django_db
def test_health_check_answers_503_while_redis_is_down(settings, shared_cache):
    assert Client().get("/healthz").json() == {"status": "ok"}
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",  # nothing listens there
        }
    }

    response = Client().get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "failing", "failing": ["cache"]}
