"""API keys: created on the settings page or the CLI, shown once, stored hashed, revocable."""

import hashlib
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from keyloop.accounts.actions import api_key_create
from keyloop.accounts.models import ApiKey

WORKSPACE_URL = "/api/v1/workspace"


def bearer(key):
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_a_key_created_on_the_page_is_shown_once_and_works(world, client):
    alice = world.client_for(world.alice)
    page = alice.post(reverse("api_keys", args=["acme"]), {"name": "Zapier", "write": "on"})
    key = page.context["new_key"]
    assert key.startswith("kl_") and key in page.content.decode()

    # Only the hash is stored; the list never shows the key again.
    stored = ApiKey.objects.get(name="Zapier")
    assert stored.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key not in alice.get(reverse("api_keys", args=["acme"])).content.decode()

    response = client.get(WORKSPACE_URL, **bearer(key))
    assert response.status_code == 200
    assert response.json()["slug"] == "acme"
    assert response.json()["name"] == "Acme"
    stored.refresh_from_db()
    assert stored.last_used_at is not None


def test_a_revoked_key_stops_working(world, client):
    api_key, raw = api_key_create(workspace=world.acme, name="Old", created_by=world.alice)
    world.client_for(world.alice).post(reverse("api_key_revoke", args=["acme", api_key.id]))
    response = client.get(WORKSPACE_URL, **bearer(raw))
    assert response.status_code == 401
    assert response.json() == {"detail": "Missing, unknown or revoked API key."}


@pytest.mark.parametrize("header", ["", "Bearer", "Bearer kl_unknown", "Basic abc", "Bearer x"])
def test_a_missing_or_unknown_key_gets_a_json_401(client, db, header):
    response = client.get(WORKSPACE_URL, HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response.json()["detail"] == "Missing, unknown or revoked API key."


def test_the_cli_prints_a_working_key_on_its_last_line(world, client):
    out, err = io.StringIO(), io.StringIO()
    call_command("create_api_key", workspace="acme", name="x", stdout=out, stderr=err)
    key = out.getvalue().strip().splitlines()[-1]
    assert "not shown again" in err.getvalue()
    assert client.get(WORKSPACE_URL, **bearer(key)).json()["slug"] == "acme"


def test_the_cli_refuses_an_unknown_workspace(db):
    with pytest.raises(CommandError, match="No workspace with the slug 'nope'"):
        call_command("create_api_key", workspace="nope", name="x")


def test_an_empty_key_name_is_refused_on_the_page(world):
    alice = world.client_for(world.alice)
    page = alice.post(reverse("api_keys", args=["acme"]), {"name": "  "})
    assert "This field is required" in page.content.decode()
    assert not ApiKey.objects.exists()


def test_the_openapi_document_and_docs_are_served_without_a_cdn(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/workspace" in schema["paths"]
    docs = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in docs
    assert "cdn" not in docs.lower()
