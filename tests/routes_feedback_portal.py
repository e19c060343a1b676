"""Portal pages of the feedback app: open to all for public objects."""

from .routes import Route  # noqa: F401

PORTAL_ROUTES: dict = {}
# Portal pages reached through a private board's objects: 404 to all but the team.
PRIVATE_PORTAL_ROUTES: dict = {}
