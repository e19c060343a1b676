import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "keyloop.settings")
application = get_wsgi_application()

# Import every view, API router and schema now, while the worker starts, rather than during
# its first request (about half a second of CPU that the first user would wait for).
get_resolver().url_patterns  # noqa: B018 (reading the property imports the URLconf)
