"""The team's OKR pages, under /<workspace>/admin/okrs/. Every name starts with "okr" (the
navigation highlights "OKRs" on all of them)."""

from django.urls import path

from . import views

_OKRS = "<slug:slug>/admin/okrs/"
_CYCLE = _OKRS + "cycles/<int:cycle_id>/"
_TEAM = _OKRS + "teams/<int:team_id>/"
_OBJECTIVE = _OKRS + "objectives/<int:objective_id>/"
_KEY_RESULT = _OKRS + "key-results/<int:key_result_id>/"
_KPI = _OKRS + "kpis/<int:kpi_id>/"

okrs_team_urlpatterns: list = [
    path(_OKRS, views.tree, name="okrs"),
    path(_OKRS + "mine/", views.mine, name="okr_mine"),
    # Cycles
    path(_OKRS + "cycles/", views.cycles, name="okr_cycles"),
    path(_OKRS + "cycles/new/", views.cycle_new, name="okr_cycle_new"),
    path(_CYCLE + "edit/", views.cycle_edit, name="okr_cycle_edit"),
    path(_CYCLE + "grade/", views.cycle_grade, name="okr_cycle_grade"),
    path(_CYCLE + "lint/", views.cycle_lint, name="okr_cycle_lint"),
    # Teams
    path(_OKRS + "teams/", views.teams, name="okr_teams"),
    path(_TEAM + "edit/", views.team_edit, name="okr_team_edit"),
    # Objectives
    path(_OKRS + "objectives/new/", views.objective_new, name="okr_objective_new"),
    path(_OBJECTIVE, views.objective, name="okr_objective"),
    path(_OBJECTIVE + "edit/", views.objective_edit, name="okr_objective_edit"),
    path(_OBJECTIVE + "copy/", views.objective_copy, name="okr_objective_copy"),
    path(_OBJECTIVE + "delete/", views.objective_delete, name="okr_objective_delete"),
    path(_OBJECTIVE + "key-results/new/", views.key_result_new, name="okr_key_result_new"),
    path(_OBJECTIVE + "key-results/lint/", views.key_result_lint, name="okr_key_result_lint"),
    # Key results
    path(_KEY_RESULT, views.key_result, name="okr_key_result"),
    path(_KEY_RESULT + "edit/", views.key_result_edit, name="okr_key_result_edit"),
    path(_KEY_RESULT + "delete/", views.key_result_delete, name="okr_key_result_delete"),
    path(_KEY_RESULT + "check-in/", views.key_result_check_in, name="okr_key_result_check_in"),
    # KPIs
    path(_OKRS + "kpis/", views.kpis, name="okr_kpis"),
    path(_OKRS + "kpis/new/", views.kpi_new, name="okr_kpi_new"),
    path(_KPI, views.kpi, name="okr_kpi"),
    path(_KPI + "edit/", views.kpi_edit, name="okr_kpi_edit"),
    path(_KPI + "values/", views.kpi_value, name="okr_kpi_value"),
    path(_KPI + "promote/", views.kpi_promote, name="okr_kpi_promote"),
]
