"""Every write endpoint answers broken input with a JSON 4xx and changes nothing.

The endpoints are read from the OpenAPI document, so a new one is covered the day it ships.
"""

import json

import pytest
from django.test import Client

from keyloop.accounts.models import Company, IdempotentRequest, Person
from keyloop.api import api
from keyloop.feedback import actions
from keyloop.feedback.models import Board, ChangelogEntry, Comment, Idea, Status, Vote
from keyloop.inbox.actions import feedback_receive
from keyloop.inbox.models import FeedbackItem
from keyloop.notifications.models import WebhookDelivery, WebhookEndpoint
from keyloop.okrs.models import CheckIn, Cycle, KeyResult, Kpi, KpiValue, Objective, Team

from .api_client import PREFIX, api_for
from .routes_feedback_api import API_ROUTES as FEEDBACK_API_ROUTES
from .routes_inbox_api import API_ROUTES as INBOX_API_ROUTES
from .routes_notifications import API_ROUTES as NOTIFICATION_API_ROUTES
from .routes_notifications import objects as notification_objects
from .routes_okrs import API_ROUTES as OKR_API_ROUTES
from .routes_okrs import objects as okr_objects

API_ROUTES = {
    **FEEDBACK_API_ROUTES,
    **INBOX_API_ROUTES,
    **NOTIFICATION_API_ROUTES,
    **OKR_API_ROUTES,
}
# Paths whose {id} is an OKR object: the acme object of routes_okrs.objects() to use.
OKR_TARGETS = {f"{PREFIX}/key-results/": "okr_key_result", f"{PREFIX}/kpis/": "okr_kpi"}


def _writes():
    schema = json.loads(json.dumps(api.get_openapi_schema(), default=str))
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if method in ("post", "patch", "delete"):
                yield method.upper(), path, operation, schema


WRITES = list(_writes())
WITH_BODY = [write for write in WRITES if "requestBody" in write[2]]


@pytest.fixture
def objects(world):
    """The acme objects the tenant matrix's valid request bodies refer to."""
    board = world.acme.boards.get(slug="feature-requests")
    idea = actions.idea_create(board=board, title="Export to CSV", body="", author=world.dana)
    draft = actions.changelog_create(
        workspace=world.acme, title="Draft", body="", ideas=[idea], author=None
    )
    comment = actions.comment_add(idea=idea, body="Me too", author=world.eve)
    item, _ = feedback_receive(workspace=world.acme, text="CSV please", channel="support")
    found = {
        "public_board": board, "idea": idea, "draft_entry": draft, "comment": comment,
        "feedback_item": item,
    }  # fmt: skip
    found |= notification_objects(world, {"private_idea": idea})
    return found | okr_objects(world, found)


def _url(path, objects, missing=None):
    changelog = path.startswith(f"{PREFIX}/changelog")
    target = objects["draft_entry"] if changelog else objects["idea"]
    if path.startswith(f"{PREFIX}/feedback"):
        target = objects["feedback_item"]
    if path.startswith(f"{PREFIX}/webhooks"):
        target = objects["webhook_endpoint"]
    for prefix, name in OKR_TARGETS.items():
        if path.startswith(prefix):
            target = objects[name]
    return path.format(
        id=missing or target.id, person_id=objects["idea"].author_id,
        delivery_id=objects["webhook_delivery"].id,
    )  # fmt: skip


def _valid_body(operation, objects) -> str:
    route = API_ROUTES[f"api:{operation['operationId']}"]
    return json.dumps(route["body"](objects)) if "body" in route else ""


def _state():
    models = (
        Idea, Vote, Comment, Board, Status, ChangelogEntry, Person, Company, FeedbackItem,
        Cycle, Team, Objective, KeyResult, CheckIn, Kpi, KpiValue, WebhookEndpoint,
    )  # fmt: skip
    return (
        [model.objects.count() for model in models],
        list(
            Idea.objects.values_list(
                "title", "body", "status_id", "deleted_at", "vote_count", "merged_into_id"
            )
        ),
        list(ChangelogEntry.objects.values_list("published_at", flat=True)),
        IdempotentRequest.objects.count(),
        list(FeedbackItem.objects.values_list("text", "state", "idea_id")),
        list(WebhookEndpoint.objects.values_list("url", "event_types", "is_active")),
        list(WebhookDelivery.objects.values_list("status", "attempts", "next_attempt_at")),
    )


def _body_fields(operation, schema):
    """The request body's properties, each paired with a value no field of ours accepts."""
    ref = operation["requestBody"]["content"]["application/json"]["schema"]
    if "anyOf" in ref:  # an optional body
        ref = next(option for option in ref["anyOf"] if "$ref" in option)
    name = ref["$ref"].rsplit("/", 1)[-1]
    return list(schema["components"]["schemas"][name]["properties"])


def _send(api, method, url, raw):
    return api.client.generic(
        method, url, raw, "application/json", HTTP_AUTHORIZATION=f"Bearer {api.key}",
        HTTP_IDEMPOTENCY_KEY="bad-input",
    )  # fmt: skip


def _assert_json_4xx(response, expected):
    assert response.status_code in expected, (response.status_code, response.content)
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


def test_the_write_endpoints_are_all_found():
    okrs = 9  # cycles, teams, objectives, key results (create, update), check-ins, KPIs,
    # KPI values, okr-lint: every one with a body
    webhooks = (2, 4)  # create and update with a body; delete and resend without
    assert len(WITH_BODY) == 11 + okrs + webhooks[0]
    assert len(WRITES) == 14 + okrs + webhooks[1]


@pytest.mark.parametrize(
    "raw",
    ['{"title": ', "title=Hello", b"\xff\xfe{}", "[1, 2]", '"a string"', "null", "42"],
    ids=["cut-off", "form", "not-utf8", "array", "string", "null", "number"],
)
@pytest.mark.parametrize(("method", "path", "operation", "schema"), WITH_BODY)
def test_a_body_that_is_not_a_json_object_is_refused(
    api, objects, method, path, operation, schema, raw
):
    before = _state()
    response = _send(api, method, _url(path, objects), raw)
    if raw == "null" and "anyOf" in str(operation["requestBody"]):
        assert response.status_code == 200  # an optional body may be left out
        return
    _assert_json_4xx(response, {400, 422})
    assert _state() == before


@pytest.mark.parametrize(("method", "path", "operation", "schema"), WITH_BODY)
def test_every_field_of_the_wrong_type_is_refused_and_named(
    api, objects, method, path, operation, schema
):
    before = _state()
    for field in _body_fields(operation, schema):
        response = _send(api, method, _url(path, objects), json.dumps({field: [[]]}))
        _assert_json_4xx(response, {422})
        fields = {error["field"] for error in response.json()["errors"]}
        assert field in {name.split(".")[0] for name in fields}, (field, fields)
    assert _state() == before


@pytest.mark.parametrize(("method", "path", "operation", "schema"), WITH_BODY)
def test_an_unknown_field_is_refused(api, objects, method, path, operation, schema):
    before = _state()
    response = _send(api, method, _url(path, objects), json.dumps({"surprise": 1}))
    _assert_json_4xx(response, {422})
    assert "surprise" in {error["field"] for error in response.json()["errors"]}
    assert _state() == before


@pytest.mark.parametrize(("method", "path", "operation", "schema"), WRITES)
def test_a_read_only_key_is_403_on_every_write(world, objects, method, path, operation, schema):
    reader = api_for(world.acme, read_only=True)
    before = _state()
    response = _send(reader, method, _url(path, objects), _valid_body(operation, objects))
    _assert_json_4xx(response, {403})
    assert _state() == before


@pytest.mark.parametrize(
    ("method", "path", "operation", "schema"), [write for write in WRITES if "{id}" in write[1]]
)
def test_an_unknown_id_in_the_path_is_404(api, objects, method, path, operation, schema):
    before = _state()
    for missing in (999_999, 2**64):
        response = _send(api, method, _url(path, objects, missing), _valid_body(operation, objects))
        _assert_json_4xx(response, {404})
    assert _state() == before


def test_an_over_large_body_is_a_json_413(api, objects, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    board = objects["idea"].board
    before = _state()
    big = json.dumps({"board_id": board.id, "title": "Big", "body": "x" * 20_000})
    for headers in ({}, {"HTTP_IDEMPOTENCY_KEY": "big"}):
        response = api.client.post(
            f"{PREFIX}/ideas", big, "application/json",
            HTTP_AUTHORIZATION=f"Bearer {api.key}", **headers,
        )  # fmt: skip
        _assert_json_4xx(response, {413})
    assert _state() == before


def test_a_wrong_key_on_a_write_is_a_json_401(objects):
    before = _state()
    response = Client().post(
        f"{PREFIX}/ideas", "{}", "application/json", HTTP_AUTHORIZATION="Bearer kl_nope"
    )
    _assert_json_4xx(response, {401})
    assert _state() == before


@pytest.mark.parametrize(("method", "path", "operation", "schema"), WITH_BODY)
def test_text_with_a_nul_character_is_refused_on_every_database(
    api, objects, method, path, operation, schema
):
    """PostgreSQL cannot store NUL; without this check it would be a 500 there."""
    before = _state()
    valid = json.loads(_valid_body(operation, objects) or "{}")
    texts = [name for name, value in valid.items() if isinstance(value, str)]
    for field in texts or ["mark_shipped"]:
        body = {**valid, field: "before\u0000after"}
        response = _send(api, method, _url(path, objects), json.dumps(body))
        _assert_json_4xx(response, {422})
    assert _state() == before


@pytest.mark.parametrize("params", [{"q": "csv\x00"}, {"tag": "ui\x00"}])
def test_a_search_or_tag_with_a_nul_character_is_422(api, params):
    response = api.get("/ideas", **params)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == next(iter(params))


def test_a_nested_person_with_a_nul_character_is_refused(api, objects):
    before = _state()
    response = api.post(
        f"/ideas/{objects['idea'].id}/votes",
        {"person": {"external_id": "u\u00001", "company": {"name": "Ho\u0000oli"}}},
    )
    _assert_json_4xx(response, {422})
    fields = {error["field"] for error in response.json()["errors"]}
    assert fields == {"person.external_id", "person.company.name"}
    assert _state() == before


def test_a_typo_inside_a_nested_person_is_refused_and_named(api, objects):
    before = _state()
    response = api.post(
        f"/ideas/{objects['idea'].id}/votes",
        {"person": {"external_id": "u1", "company": {"name": "Hooli", "plann": "Growth"}}},
    )
    _assert_json_4xx(response, {422})
    assert [error["field"] for error in response.json()["errors"]] == ["person.company.plann"]
    assert _state() == before
