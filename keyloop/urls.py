from django.contrib import admin
from django.urls import path

from keyloop import views
from keyloop.accounts import urls as accounts_urls
from keyloop.api import api
from keyloop.feedback.portal_urls import portal_urlpatterns
from keyloop.feedback.team_urls import team_urlpatterns
from keyloop.inbox.team_urls import inbox_team_urlpatterns
from keyloop.integrations.urls import urlpatterns as integration_urlpatterns
from keyloop.notifications.portal_urls import notifications_portal_urlpatterns
from keyloop.notifications.team_urls import notifications_team_urlpatterns
from keyloop.okrs.portal_urls import okrs_portal_urlpatterns
from keyloop.okrs.team_urls import okrs_team_urlpatterns

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
    *notifications_team_urlpatterns,
    *okrs_team_urlpatterns,
    *team_urlpatterns,
    *notifications_portal_urlpatterns,
    *okrs_portal_urlpatterns,
    *portal_urlpatterns,
]
