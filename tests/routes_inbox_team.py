"""Team pages of the inbox, channel settings and imports (/<slug>/admin/…): other workspaces
get 404. Same shape as routes_feedback_team.py."""

from .routes import Route  # noqa: F401  (entries use it)

TEAM_ROUTES: dict = {}
