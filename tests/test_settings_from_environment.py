"""Settings come from the environment; production values pass Django's deploy checks."""

import os
import subprocess
import sys

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "x" * 20 + "-a-long-random-production-secret-key-0123456789",
    "ALLOWED_HOSTS": "feedback.example.com",
    "BASE_URL": "https://feedback.example.com",
    "SMTP_HOST": "smtp.example.com",
}


def keyloop(*args, env, tmp_path):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(
        [sys.executable, "-m", "keyloop.cli", *args],
        env={**clean, "KEYLOOP_DATA_DIR": str(tmp_path), **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_settings_pass_check_deploy_without_warnings(tmp_path):
    result = keyloop(
        "check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION, tmp_path=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_without_debug_a_secret_key_is_required(tmp_path):
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = keyloop("check", env=env, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_in_development_a_secret_key_is_generated_once_and_kept(tmp_path):
    first = keyloop("shell", "-c", "from django.conf import settings; print(settings.SECRET_KEY)",
                    env={"DEBUG": "true"}, tmp_path=tmp_path)  # fmt: skip
    second = keyloop("shell", "-c", "from django.conf import settings; print(settings.SECRET_KEY)",
                     env={"DEBUG": "true"}, tmp_path=tmp_path)  # fmt: skip
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    assert len(first.stdout.strip()) >= 50
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_a_malformed_boolean_is_a_clear_error(tmp_path):
    result = keyloop("check", env={"DEBUG": "maybe"}, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "DEBUG must be true or false, not 'maybe'" in result.stderr


def test_a_cache_url_that_is_not_redis_is_a_clear_error(tmp_path):
    result = keyloop("check", env={"CACHE_URL": "memcached://127.0.0.1:11211"}, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "CACHE_URL must be a Redis address" in result.stderr


def test_production_settings_with_redis_pass_check_deploy(tmp_path):
    env = {**PRODUCTION, "CACHE_URL": "redis://cache.internal:6379/0"}
    result = keyloop("check", "--deploy", "--fail-level", "WARNING", env=env, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
