"""Routes of the notifications app for the tenant matrix (test_tenant_isolation.py).

`objects(world)` adds this app's acme objects to the matrix's `acme_objects`.
"""

from .routes import Route  # noqa: F401

TEAM_ROUTES: dict = {}
PORTAL_ROUTES: dict = {}
API_ROUTES: dict = {}


def objects(world, acme: dict) -> dict:
    return {}
