"""Team pages of the inbox, channel settings and imports (/<slug>/admin/…): other workspaces
get 404. Same shape as routes_feedback_team.py."""

from .routes import Route


def _item(objects):
    return {"item_id": objects["feedback_item"].id}


TEAM_ROUTES: dict = {
    # The inbox
    "team_inbox": Route(),
    "team_inbox_ideas": Route(),
    "team_inbox_bulk": Route(post={"action": "dismiss"}, get_allowed=False),
    "team_inbox_item": Route(_item),
    "team_inbox_item_link": Route(_item, {"idea": ""}, False),
    "team_inbox_item_state": Route(_item, {"state": "dismissed"}, False),
    "team_inbox_item_new_idea": Route(_item, {"title": "Spy idea", "body": "", "board": "0"}),
}
