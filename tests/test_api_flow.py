"""The integrator's story end to end, with a key from `keyloop create_api_key`."""

import io

from django.core.management import call_command
from django.urls import reverse

from keyloop.accounts.models import Company, Person, Workspace
from keyloop.feedback.actions import workspace_defaults_create
from keyloop.feedback.models import Comment, Idea, Vote

from .api_client import ApiClient

EVERY_OPERATION = {
    ("/api/v1/boards", "get"): "list_boards",
    ("/api/v1/boards", "post"): "create_board",
    ("/api/v1/statuses", "get"): "list_statuses",
    ("/api/v1/statuses", "post"): "create_status",
    ("/api/v1/ideas", "get"): "list_ideas",
    ("/api/v1/ideas", "post"): "create_idea",
    ("/api/v1/ideas/similar", "get"): "similar_ideas",
    ("/api/v1/ideas/{id}", "get"): "get_idea",
    ("/api/v1/ideas/{id}", "patch"): "update_idea",
    ("/api/v1/ideas/{id}", "delete"): "delete_idea",
    ("/api/v1/ideas/{id}/merge", "post"): "merge_idea",
    ("/api/v1/ideas/{id}/unmerge", "post"): "unmerge_idea",
    ("/api/v1/ideas/{id}/demand", "get"): "get_idea_demand",
    ("/api/v1/ideas/{id}/votes", "get"): "list_votes",
    ("/api/v1/ideas/{id}/votes", "post"): "add_vote",
    ("/api/v1/ideas/{id}/votes/{person_id}", "delete"): "remove_vote",
    ("/api/v1/ideas/{id}/comments", "get"): "list_comments",
    ("/api/v1/ideas/{id}/comments", "post"): "add_comment",
    ("/api/v1/changelog", "get"): "list_changelog",
    ("/api/v1/changelog", "post"): "create_changelog_entry",
    ("/api/v1/changelog/{id}/publish", "post"): "publish_changelog_entry",
    ("/api/v1/feedback", "get"): "list_feedback",
    ("/api/v1/feedback", "post"): "create_feedback",
    ("/api/v1/feedback/{id}", "get"): "get_feedback",
    ("/api/v1/feedback/{id}", "patch"): "update_feedback",
    ("/api/v1/webhooks", "get"): "list_webhooks",
    ("/api/v1/webhooks", "post"): "create_webhook",
    ("/api/v1/webhooks/{id}", "get"): "get_webhook",
    ("/api/v1/webhooks/{id}", "patch"): "update_webhook",
    ("/api/v1/webhooks/{id}", "delete"): "delete_webhook",
    ("/api/v1/webhooks/{id}/deliveries", "get"): "list_webhook_deliveries",
    ("/api/v1/webhooks/{id}/deliveries/{delivery_id}/resend", "post"): "resend_webhook_delivery",
    ("/api/v1/ideas/{id}/deliveries", "get"): "get_idea_deliveries",
    ("/api/v1/cycles", "get"): "list_cycles",
    ("/api/v1/cycles", "post"): "create_cycle",
    ("/api/v1/cycles/{id}", "get"): "get_cycle",
    ("/api/v1/teams", "get"): "list_teams",
    ("/api/v1/teams", "post"): "create_team",
    ("/api/v1/objectives", "get"): "list_objectives",
    ("/api/v1/objectives", "post"): "create_objective",
    ("/api/v1/objectives/{id}", "get"): "get_objective",
    ("/api/v1/key-results", "get"): "list_key_results",
    ("/api/v1/key-results", "post"): "create_key_result",
    ("/api/v1/key-results/{id}", "get"): "get_key_result",
    ("/api/v1/key-results/{id}", "patch"): "update_key_result",
    ("/api/v1/key-results/{id}/check-ins", "get"): "list_check_ins",
    ("/api/v1/key-results/{id}/check-ins", "post"): "create_check_in",
    ("/api/v1/kpis", "get"): "list_kpis",
    ("/api/v1/kpis", "post"): "create_kpi",
    ("/api/v1/kpis/{id}/values", "get"): "list_kpi_values",
    ("/api/v1/kpis/{id}/values", "post"): "add_kpi_value",
    ("/api/v1/okr-lint", "post"): "okr_lint",
}


def test_an_integrator_takes_an_idea_from_request_to_shipped_with_a_cli_key(db, settings):
    settings.BASE_URL = "https://feedback.example.com"
    demo = Workspace.objects.create(name="Demo", slug="demo")
    workspace_defaults_create(workspace=demo)
    out = io.StringIO()
    call_command("create_api_key", workspace="demo", name="x", stdout=out, stderr=io.StringIO())
    api = ApiClient(out.getvalue().strip().splitlines()[-1])

    board = api.get("/boards").json()["items"][0]
    assert board["slug"] == "feature-requests"
    assert board["url"] == "https://feedback.example.com/demo/boards/feature-requests/"

    created = api.post(
        "/ideas", {"board_id": board["id"], "title": "Export to CSV", "body": "For finance."}
    )
    assert created.status_code == 201
    idea = created.json()
    assert idea["status"]["category"] == "open"
    assert idea["url"] == f"https://feedback.example.com/demo/ideas/{idea['id']}/"
    assert api.client.get(idea["url"].removeprefix(settings.BASE_URL)).status_code == 200

    vote = api.post(
        f"/ideas/{idea['id']}/votes",
        {
            "person": {
                "email": "Dana@Initech.test", "name": "Dana Diaz", "external_id": "u_42",
                "company": {
                    "external_id": "co_1", "name": "Initech", "mrr_cents": 49_900,
                    "plan": "Enterprise", "segment": "Finance",
                },
            },
            "importance": "critical",
        },
    )  # fmt: skip
    assert vote.status_code == 201
    assert vote.json()["person"]["company"]["mrr_cents"] == 49_900
    dana = Person.objects.get(workspace=demo, external_id="u_42")
    assert dana.email == "dana@initech.test" and dana.email_confirmed_at is not None
    assert dana.company == Company.objects.get(workspace=demo, external_id="co_1")

    comment = api.post(
        f"/ideas/{idea['id']}/comments",
        {"body": "Finance needs this by Q3.", "person": {"external_id": "u_42"}},
    )
    assert comment.status_code == 201
    assert comment.json()["person"]["id"] == dana.id

    planned = api.patch(f"/ideas/{idea['id']}", {"status_category": "planned"})
    assert planned.status_code == 200
    assert planned.json()["status"] == {
        "id": planned.json()["status"]["id"], "name": "Planned", "category": "planned",
        "color": "#2563eb",
    }  # fmt: skip

    entry = api.post(
        "/changelog",
        {"title": "CSV export", "body": "It is here.", "idea_ids": [idea["id"]], "publish": True},
    )
    assert entry.status_code == 201
    assert entry.json()["is_published"] is True and entry.json()["idea_ids"] == [idea["id"]]

    shipped = api.get(f"/ideas/{idea['id']}").json()
    assert shipped["status"]["category"] == "shipped"
    assert shipped["vote_count"] == 1 and shipped["comment_count"] == 1
    assert api.get("/ideas", status_category="shipped").json()["items"][0]["id"] == idea["id"]
    stored = Idea.objects.get(pk=idea["id"])
    assert Vote.objects.get(idea=stored).source == "api"
    assert Comment.objects.get(idea=stored).author == dana
    feed = api.client.get(reverse("changelog_rss", args=["demo"])).content.decode()
    assert "CSV export" in feed


def test_the_openapi_document_describes_every_endpoint(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    for (path, method), operation_id in EVERY_OPERATION.items():
        assert path in schema["paths"], path
        operation = schema["paths"][path][method]
        assert operation["operationId"] == operation_id
        assert operation.get("summary") or operation.get("description")
        statuses = set(operation["responses"])
        assert statuses & {"200", "201", "204"} and "404" in statuses and "422" in statuses
        if method == "post":
            headers = [p["name"] for p in operation.get("parameters", []) if p["in"] == "header"]
            assert "Idempotency-Key" in headers, path
    documented = {
        (path, method)
        for path, operations in schema["paths"].items()
        for method in operations
        if path != "/api/v1/workspace"
    }
    assert documented == set(EVERY_OPERATION)
    idea = schema["components"]["schemas"]["IdeaOut"]["properties"]
    for field in (
        "id", "board_id", "title", "body", "status", "vote_count", "comment_count", "url",
        "created_at",
    ):  # fmt: skip
        assert field in idea
