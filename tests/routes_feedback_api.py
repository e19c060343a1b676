"""Feedback API routes for the tenant matrix (test_tenant_isolation.py).

Each entry: the HTTP `method`; the path `kwargs` built from the acme objects; the JSON
`body` a client would send (None: no body); the `status` acme's own key gets; a `query`
string appended to the URL; and `names_acme_objects` when the request names acme objects by
id (in the path or the body), so another workspace's key must get 404 (or 403) and change
nothing.
"""


def _person(email):
    return {"email": email, "name": "Pat", "company": {"external_id": "co_9", "name": "Hooli"}}


API_ROUTES: dict = {
    "api:list_boards": {"method": "GET", "kwargs": lambda o: {}},
    "api:create_board": {
        "method": "POST", "kwargs": lambda o: {}, "body": lambda o: {"name": "Spy board"},
        "status": 201,
    },
    "api:list_statuses": {"method": "GET", "kwargs": lambda o: {}},
    "api:create_status": {
        "method": "POST", "kwargs": lambda o: {},
        "body": lambda o: {"name": "Spy status", "color": "#123456", "category": "planned"},
        "status": 201,
    },
    "api:list_ideas": {"method": "GET", "kwargs": lambda o: {}},
    "api:create_idea": {
        "method": "POST", "kwargs": lambda o: {},
        "body": lambda o: {
            "board_id": o["public_board"].id, "title": "Planted idea", "body": "x",
            "author": _person("planted@customer.test"),
        },
        "status": 201, "names_acme_objects": True,
    },
    "api:get_idea": {"method": "GET", "kwargs": lambda o: {"id": o["private_idea"].id}},
    "api:update_idea": {
        "method": "PATCH", "kwargs": lambda o: {"id": o["idea"].id},
        "body": lambda o: {"title": "Renamed", "status_category": "planned", "is_pinned": True},
    },
    "api:delete_idea": {
        "method": "DELETE", "kwargs": lambda o: {"id": o["idea"].id}, "status": 204,
    },
    "api:merge_idea": {
        "method": "POST", "kwargs": lambda o: {"id": o["private_idea"].id},
        "body": lambda o: {"into_id": o["idea"].id}, "names_acme_objects": True,
    },
    "api:unmerge_idea": {"method": "POST", "kwargs": lambda o: {"id": o["merged_idea"].id}},
    "api:get_idea_demand": {"method": "GET", "kwargs": lambda o: {"id": o["private_idea"].id}},
    # `query` is appended to the URL. Another key's answer is about its own (empty) workspace.
    "api:similar_ideas": {
        "method": "GET", "kwargs": lambda o: {}, "query": "?q=secret+acquisition+plan+export",
    },
    "api:list_votes": {"method": "GET", "kwargs": lambda o: {"id": o["idea"].id}},
    "api:add_vote": {
        "method": "POST", "kwargs": lambda o: {"id": o["idea"].id},
        "body": lambda o: {"person": _person("voter@customer.test"), "importance": "critical"},
        "status": 201,
    },
    "api:remove_vote": {
        "method": "DELETE",
        "kwargs": lambda o: {"id": o["idea"].id, "person_id": o["idea"].author_id},
        "status": 204,
    },
    "api:list_comments": {"method": "GET", "kwargs": lambda o: {"id": o["idea"].id}},
    "api:add_comment": {
        "method": "POST", "kwargs": lambda o: {"id": o["idea"].id},
        "body": lambda o: {"body": "Planted note", "internal": True, "parent_id": o["comment"].id},
        "status": 201,
    },
    "api:list_changelog": {"method": "GET", "kwargs": lambda o: {}},
    "api:create_changelog_entry": {
        "method": "POST", "kwargs": lambda o: {},
        "body": lambda o: {"title": "Planted", "idea_ids": [o["idea"].id], "publish": True},
        "status": 201, "names_acme_objects": True,
    },
    "api:publish_changelog_entry": {
        "method": "POST", "kwargs": lambda o: {"id": o["draft_entry"].id},
        "body": lambda o: {"mark_shipped": True},
    },
}  # fmt: skip
