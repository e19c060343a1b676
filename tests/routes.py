"""How the tenant matrix (test_tenant_isolation.py) builds and exercises each route."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Route:
    kwargs: Callable[[dict], dict] = lambda objects: {}
    post: dict | None = None  # form data a member may post; None = GET only
    get_allowed: bool = True  # False for POST-only endpoints (GET answers 405)
