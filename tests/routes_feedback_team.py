"""Team pages of the feedback app (/<slug>/admin/…): other workspaces get 404."""

from .routes import Route  # noqa: F401

TEAM_ROUTES: dict = {}
