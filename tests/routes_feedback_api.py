"""Feedback API routes: {'method': 'GET', 'kwargs': lambda objects: {...}}."""

from .routes import Route  # noqa: F401

API_ROUTES: dict = {}
