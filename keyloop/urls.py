from django.contrib import admin
from django.urls import path

from keyloop import views
from keyloop.accounts import urls as accounts_urls
from keyloop.api import api
from keyloop.feedback.portal_urls import portal_urlpatterns
from keyloop.feedback.team_urls import team_urlpatterns
from keyloop.inbox.team_urls import inbox_team_urlpatterns
from keyloop.integrations.urls import urlpatterns as integration_urlpatterns

admin.site.site_header = "Keyloop superuser admin"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("django-admin/", admin.site.urls),
    path("api/v1/", api.urls),
    *accounts_urls.urlpatterns,
    # Workspace routes come last: their first segment is a slug (see RESERVED_SLUGS).
    *accounts_urls.workspace_urlpatterns,
    *integration_urlpatterns,
    *inbox_team_urlpatterns,
    *team_urlpatterns,
    *portal_urlpatterns,
]
