"""The notifications API routes (a django-ninja Router mounted at /api/v1/)."""

from ninja import Router

router = Router(tags=["notifications"])
