"""An integrator runs a quarter through the API: cycle, team, objective, three key results (one
per scoring type), check-ins, and reads back score, band and pace."""

import pytest

from .okr_support import MID_FEBRUARY, on


def _created(response):
    assert response.status_code == 201, response.content
    return response.json()


@pytest.fixture
def quarter_via_api(world, api):
    with on(MID_FEBRUARY):
        cycle = _created(
            api.post("/cycles", {"name": "2027 Q1", "start": "2027-01-01", "end": "2027-03-31"})
        )
        team = _created(api.post("/teams", {"name": "Growth"}))
        objective = _created(
            api.post(
                "/objectives",
                {"cycle_id": cycle["id"], "team_id": team["id"],
                 "title": "Deliver an exceptional onboarding experience", "parent_id": None},
            )
        )  # fmt: skip
        common = {"objective_id": objective["id"], "deadline": "2027-03-31"}
        linear = _created(
            api.post(
                "/key-results",
                common | {
                    "title": "Increase 7-day activation rate from 35% to 50%",
                    "metric": "7-day activation rate", "unit": "percent", "direction": "increase",
                    "baseline": 35, "target": 50, "scoring": "linear", "levels": [],
                },
            )
        )  # fmt: skip
        binary = _created(
            api.post(
                "/key-results",
                common | {
                    "title": "Reduce time to first value from 4 days to 1 day",
                    "metric": "Time to first value", "unit": "duration", "direction": "decrease",
                    "baseline": 4, "target": 1, "scoring": "binary", "levels": [],
                },
            )
        )  # fmt: skip
        threshold = _created(
            api.post(
                "/key-results",
                common | {
                    "title": "Achieve onboarding NPS of 50 (currently 28)",
                    "metric": "Onboarding NPS",
                    "unit": "number", "direction": "increase", "baseline": 28, "target": 50,
                    "scoring": "threshold", "levels": [[40, 0.3], [45, 0.7], [50, 1.0]],
                },
            )
        )  # fmt: skip
    return cycle, objective, linear, binary, threshold


def test_the_cycle_is_quarterly_and_current(world, api, quarter_via_api):
    cycle = quarter_via_api[0]
    assert cycle["kind"] == "quarterly"
    with on(MID_FEBRUARY):
        listed = api.get("/cycles").json()["items"]
    assert [(c["name"], c["is_current"]) for c in listed] == [("2027 Q1", True)]


def test_new_key_results_start_at_zero_with_their_statement(world, api, quarter_via_api):
    _, _, linear, binary, threshold = quarter_via_api
    for key_result in (linear, binary, threshold):
        assert key_result["score"] == 0.0
        assert key_result["band"] == "red"
        assert key_result["current"] is None
    assert linear["baseline"] == 35.0 and linear["target"] == 50.0
    assert "35" in linear["statement"] and "50" in linear["statement"]
    assert threshold["levels"] == [[40.0, 0.3], [45.0, 0.7], [50.0, 1.0]]
    assert linear["deadline"] == "2027-03-31"


def test_check_ins_move_score_band_and_pace(world, api, quarter_via_api):
    _, objective, linear, binary, threshold = quarter_via_api
    with on(MID_FEBRUARY):
        first = _created(
            api.post(
                f"/key-results/{linear['id']}/check-ins",
                {"value": 42.5, "confidence": 7, "note": "Checklist shipped"},
            )
        )
        assert first["value"] == 42.5 and first["confidence"] == 7 and first["author"] is None
        standing = first["key_result"]
        assert standing["current"] == 42.5
        assert standing["score"] == pytest.approx(0.5)
        assert standing["band"] == "amber"
        assert standing["expected_progress"] == pytest.approx(45 / 89)
        assert standing["pace"] == "on_track"

        second = _created(
            api.post(f"/key-results/{linear['id']}/check-ins", {"value": 38, "confidence": 4})
        )["key_result"]
        assert second["current"] == 38.0
        assert second["score"] == pytest.approx(0.2)
        assert second["band"] == "red"
        assert second["pace"] == "at_risk"

        binary_now = _created(api.post(f"/key-results/{binary['id']}/check-ins", {"value": 2}))[
            "key_result"
        ]
        assert binary_now["score"] == 0.0  # 2 days is not 1 day yet
        assert binary_now["pace"] == "on_track"  # but two thirds of the way, at half time
        threshold_now = _created(
            api.post(f"/key-results/{threshold['id']}/check-ins", {"value": 46})
        )["key_result"]
        assert threshold_now["score"] == pytest.approx(0.7)
        assert threshold_now["band"] == "green"

        # The objective is the mean of 0.2, 0 and 0.7 (equal weights).
        assert api.get(f"/objectives/{objective['id']}").json()["score"] == pytest.approx(0.3)
        history = api.get(f"/key-results/{linear['id']}/check-ins").json()["items"]
        assert [c["value"] for c in history] == [38.0, 42.5]
        listed = api.get("/key-results", objective_id=objective["id"]).json()["items"]
    assert [k["score"] for k in listed] == pytest.approx([0.2, 0.0, 0.7])
    assert [k["pace"] for k in listed] == ["at_risk", "on_track", "on_track"]


def test_a_patch_before_the_cycle_starts_needs_no_reason(world, api, quarter_via_api):
    linear = quarter_via_api[2]
    with on(MID_FEBRUARY.replace(year=2026)):
        response = api.patch(f"/key-results/{linear['id']}", {"target": 55})
    assert response.status_code == 200, response.content
    assert response.json()["target"] == 55.0


def test_the_quality_check_flags_a_task_and_passes_a_good_key_result(world, api, quarter_via_api):
    cycle = quarter_via_api[0]
    response = api.post("/okr-lint", {"statement": "Launch mobile app"})
    assert response.status_code == 200
    rules = {finding["rule"] for finding in response.json()["findings"]}
    assert "output-not-outcome" in rules
    assert all(f["message"] and f["suggestion"] for f in response.json()["findings"])

    good = api.post(
        "/okr-lint",
        {"title": "Increase 7-day activation rate from 35% to 50%",
         "metric": "7-day activation rate", "unit": "percent", "baseline": 35, "target": 50,
         "deadline": "2027-03-31", "cycle_id": cycle["id"]},
    )  # fmt: skip
    assert good.status_code == 200
    assert good.json() == {"findings": []}


def test_the_openapi_document_lists_the_okr_routes(world, api):
    paths = api.get("/openapi.json").json()["paths"]
    for path, methods in {
        "/api/v1/cycles": {"get", "post"}, "/api/v1/teams": {"get", "post"},
        "/api/v1/objectives": {"get", "post"}, "/api/v1/key-results": {"get", "post"},
        "/api/v1/key-results/{id}": {"get", "patch"},
        "/api/v1/key-results/{id}/check-ins": {"get", "post"}, "/api/v1/kpis": {"get", "post"},
        "/api/v1/kpis/{id}/values": {"get", "post"}, "/api/v1/okr-lint": {"post"},
    }.items():  # fmt: skip
        assert methods <= set(paths[path]), path
    for path, operations in paths.items():
        if not path.startswith(
            (
                "/api/v1/cycles",
                "/api/v1/teams",
                "/api/v1/objectives",
                "/api/v1/key-results",
                "/api/v1/kpis",
                "/api/v1/okr-lint",
            )
        ):
            continue
        for method, operation in operations.items():
            assert operation.get("description") or operation.get("summary"), (method, path)
            assert {"404", "422"} <= set(operation["responses"]), (method, path)
            if method == "post":
                headers = [
                    p["name"] for p in operation.get("parameters", []) if p["in"] == "header"
                ]
                assert "Idempotency-Key" in headers, path
    key_result = api.get("/openapi.json").json()["components"]["schemas"]["KeyResultOut"]
    assert {"current", "score", "band", "expected_progress", "pace"} <= set(
        key_result["properties"]
    )


def test_a_retried_check_in_with_the_same_idempotency_key_is_stored_once(
    world, api, quarter_via_api
):
    linear = quarter_via_api[2]
    with on(MID_FEBRUARY):
        first = api.post(
            f"/key-results/{linear['id']}/check-ins", {"value": 40}, **{"Idempotency-Key": "ci-1"}
        )
        again = api.post(
            f"/key-results/{linear['id']}/check-ins", {"value": 40}, **{"Idempotency-Key": "ci-1"}
        )
        history = api.get(f"/key-results/{linear['id']}/check-ins").json()["items"]
    assert (first.status_code, again.status_code) == (201, 201)
    assert again["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]
    assert len(history) == 1
