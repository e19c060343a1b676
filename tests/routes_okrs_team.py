"""Team pages of the okrs app for the tenant matrix (see routes_okrs.py)."""

from .routes import Route  # noqa: F401

TEAM_ROUTES: dict = {}
