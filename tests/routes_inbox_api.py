"""Feedback-item API routes for the tenant matrix (same shape as routes_feedback_api.py)."""

API_ROUTES: dict = {
    "api:list_feedback": {"method": "GET", "kwargs": lambda o: {}},
    "api:create_feedback": {
        "method": "POST", "kwargs": lambda o: {},
        "body": lambda o: {"text": "Planted feedback", "idea_id": o["idea"].id},
        "status": 201, "names_acme_objects": True,
    },
    "api:get_feedback": {"method": "GET", "kwargs": lambda o: {"id": o["feedback_item"].id}},
    "api:update_feedback": {
        "method": "PATCH", "kwargs": lambda o: {"id": o["feedback_item"].id},
        "body": lambda o: {"state": "dismissed"},
    },
}  # fmt: skip
