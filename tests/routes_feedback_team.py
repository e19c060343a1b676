"""Team pages of the feedback app (/<slug>/admin/…): other workspaces get 404."""

from .routes import Route


def _idea(objects):
    return {"idea_id": objects["idea"].id}


def _private_idea(objects):
    return {"idea_id": objects["private_idea"].id}


def _status(objects):
    return {"status_id": objects["status"].id}


def _tag(objects):
    return {"tag_id": objects["tag"].id}


COLOUR = "#112233"

TEAM_ROUTES: dict = {
    # Ideas
    "team_ideas": Route(),
    "team_idea": Route(_private_idea),
    "team_idea_edit": Route(_private_idea, {"title": "Hijacked", "body": "", "version": "1"}),
    "team_idea_status": Route(_idea, {"comment": "Hijacked"}, False),
    "team_idea_owner": Route(_idea, {"owner": ""}, False),
    "team_idea_eta": Route(_idea, {"eta": "2030-01-01"}, False),
    "team_idea_tags": Route(_idea, {}, False),
    "team_idea_board": Route(_idea, {}, False),
    "team_idea_pin": Route(_idea, {"pinned": "1"}, False),
    "team_idea_note": Route(_idea, {"body": "Spying"}, False),
    "team_idea_delete": Route(_idea, {}, False),
    "team_idea_restore": Route(_idea, {}, False),
    "team_idea_merge": Route(_private_idea, {"q": "CSV"}),
    "team_idea_unmerge": Route(lambda o: {"idea_id": o["merged_idea"].id}, {}, False),
    "team_duplicates": Route(),
    "team_duplicates_dismiss": Route(post={}, get_allowed=False),
    # Boards, statuses, tags
    "team_boards": Route(post={"name": "Spy board"}),
    "team_board_edit": Route(lambda o: {"board_id": o["private_board"].id}, {"name": "Hijacked"}),
    "team_board_delete": Route(lambda o: {"board_id": o["private_board"].id}, {}),
    "team_statuses": Route(post={"name": "Spy", "color": COLOUR, "category": "open"}),
    "team_status_edit": Route(
        _status, {"name": "Hijacked", "color": COLOUR, "category": "open"}, False
    ),
    "team_status_move": Route(_status, {"direction": "up"}, False),
    "team_status_default": Route(_status, {}, False),
    "team_status_delete": Route(_status, {}),
    "team_tags": Route(post={"name": "Spy", "color": COLOUR}),
    "team_tag_edit": Route(_tag, {"name": "Hijacked", "color": COLOUR}, False),
    "team_tag_delete": Route(_tag, {}, False),
    # Changelog
    "team_changelog": Route(),
    "team_changelog_new": Route(post={"title": "Spy entry", "body": "", "intent": "save"}),
    "team_changelog_ideas": Route(),
    "team_changelog_edit": Route(
        lambda o: {"entry_id": o["draft_entry"].id}, {"title": "Hijacked", "intent": "save"}
    ),
    "team_changelog_publish": Route(
        lambda o: {"entry_id": o["draft_entry"].id}, {"mark_shipped": "on"}, False
    ),
    "team_changelog_unpublish": Route(lambda o: {"entry_id": o["changelog_entry"].id}, {}, False),
    "team_changelog_delete": Route(lambda o: {"entry_id": o["draft_entry"].id}, {}, False),
}
