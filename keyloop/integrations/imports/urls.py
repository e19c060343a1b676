"""Routes of the imports channel; joined into keyloop/integrations/urls.py."""

from django.urls import path

from . import views

IMPORT = "<slug:slug>/admin/settings/import/"

urlpatterns: list = [
    path(IMPORT, views.team_imports, name="team_imports"),
    path(f"{IMPORT}<int:run_id>/", views.team_import_run, name="team_import_run"),
    path(
        f"{IMPORT}<int:run_id>/progress/", views.team_import_progress, name="team_import_progress"
    ),
]
