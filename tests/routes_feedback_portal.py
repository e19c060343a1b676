"""Portal pages of the feedback app: open to all for public objects."""

from keyloop.feedback.portal_session import magic_link_token

from .routes import Route


def _board(key):
    return lambda objects: {"board_slug": objects[key].slug}


def _idea(key):
    return lambda objects: {"idea_id": objects[key].id}


def _login_token(objects):
    token = magic_link_token(workspace=objects["idea"].workspace, email="dana@initech.test")
    return {"token": token}


IDENTITY = {"email": "visitor@example.test", "name": "Visitor"}

PORTAL_ROUTES: dict = {
    "board": Route(_board("public_board")),
    "idea_new": Route(_board("public_board"), {"title": "Dark mode", "body": "", **IDENTITY}),
    "idea_similar": Route(_board("public_board")),
    "idea": Route(_idea("idea")),
    "idea_vote": Route(_idea("idea"), IDENTITY, False),
    "idea_unvote": Route(_idea("idea"), {}, False),
    "idea_follow": Route(_idea("idea"), {}, False),
    "idea_unfollow": Route(_idea("idea"), {}, False),
    "idea_comment": Route(_idea("idea"), {"body": "Me too", **IDENTITY}, False),
    "roadmap": Route(),
    "changelog": Route(),
    "changelog_rss": Route(),
    "changelog_atom": Route(),
    "changelog_entry": Route(lambda objects: {"entry_id": objects["changelog_entry"].id}),
    "portal_login": Route(post={"email": "visitor@example.test"}),
    # The signed token is the capability; a valid one logs the visitor in and redirects.
    "portal_login_token": Route(_login_token),
    "portal_logout": Route(post={}, get_allowed=False),
}
# Portal pages reached through a private board's objects: 404 to all but the team.
PRIVATE_PORTAL_ROUTES: dict = {
    "board": Route(_board("private_board")),
    "idea_new": Route(_board("private_board"), {"title": "Leak", "body": "", **IDENTITY}),
    "idea_similar": Route(_board("private_board")),
    "idea": Route(_idea("private_idea")),
    "idea_vote": Route(_idea("private_idea"), IDENTITY, False),
    "idea_unvote": Route(_idea("private_idea"), {}, False),
    "idea_follow": Route(_idea("private_idea"), {}, False),
    "idea_unfollow": Route(_idea("private_idea"), {}, False),
    "idea_comment": Route(_idea("private_idea"), {"body": "Leak", **IDENTITY}, False),
}
