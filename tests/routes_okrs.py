"""Routes of the okrs app for the tenant matrix (test_tenant_isolation.py).

`objects(world)` adds this app's acme objects to the matrix's `acme_objects`.
"""

from .routes import Route  # noqa: F401
from .routes_okrs_team import TEAM_ROUTES  # noqa: F401  (pages; the API and objects are here)

PORTAL_ROUTES: dict = {}
API_ROUTES: dict = {}


def objects(world, acme: dict) -> dict:
    return {}
