"""The team's feedback pages, under /<workspace>/admin/."""

from django.urls import path

from .views import team

_ADMIN = "<slug:slug>/admin/"
_IDEA = _ADMIN + "ideas/<int:idea_id>/"

team_urlpatterns: list = [
    # Ideas: any member of the team.
    path(_ADMIN + "ideas/", team.ideas, name="team_ideas"),
    path(_IDEA, team.idea, name="team_idea"),
    path(_IDEA + "edit/", team.idea_edit, name="team_idea_edit"),
    path(_IDEA + "status/", team.idea_status, name="team_idea_status"),
    path(_IDEA + "owner/", team.idea_owner, name="team_idea_owner"),
    path(_IDEA + "eta/", team.idea_eta, name="team_idea_eta"),
    path(_IDEA + "tags/", team.idea_tags, name="team_idea_tags"),
    path(_IDEA + "board/", team.idea_board, name="team_idea_board"),
    path(_IDEA + "pin/", team.idea_pin, name="team_idea_pin"),
    path(_IDEA + "notes/", team.idea_note, name="team_idea_note"),
    path(_IDEA + "delete/", team.idea_delete, name="team_idea_delete"),
    path(_IDEA + "restore/", team.idea_restore, name="team_idea_restore"),
    path(_IDEA + "merge/", team.idea_merge, name="team_idea_merge"),
    path(_IDEA + "unmerge/", team.idea_unmerge, name="team_idea_unmerge"),
    path(_ADMIN + "ideas/duplicates/", team.duplicates, name="team_duplicates"),
    path(
        _ADMIN + "ideas/duplicates/dismiss/",
        team.duplicates_dismiss,
        name="team_duplicates_dismiss",
    ),
    # Boards, statuses and tags: owners and admins.
    path(_ADMIN + "boards/", team.boards, name="team_boards"),
    path(_ADMIN + "boards/<int:board_id>/", team.board_edit, name="team_board_edit"),
    path(_ADMIN + "boards/<int:board_id>/delete/", team.board_delete, name="team_board_delete"),
    path(_ADMIN + "statuses/", team.statuses, name="team_statuses"),
    path(_ADMIN + "statuses/<int:status_id>/", team.status_edit, name="team_status_edit"),
    path(_ADMIN + "statuses/<int:status_id>/move/", team.status_move, name="team_status_move"),
    path(
        _ADMIN + "statuses/<int:status_id>/default/",
        team.status_default,
        name="team_status_default",
    ),
    path(
        _ADMIN + "statuses/<int:status_id>/delete/", team.status_delete, name="team_status_delete"
    ),
    path(_ADMIN + "tags/", team.tags, name="team_tags"),
    path(_ADMIN + "tags/<int:tag_id>/", team.tag_edit, name="team_tag_edit"),
    path(_ADMIN + "tags/<int:tag_id>/delete/", team.tag_delete, name="team_tag_delete"),
    # Changelog: any member of the team.
    path(_ADMIN + "changelog/", team.changelog, name="team_changelog"),
    path(_ADMIN + "changelog/new/", team.changelog_new, name="team_changelog_new"),
    path(_ADMIN + "changelog/ideas/", team.changelog_ideas, name="team_changelog_ideas"),
    path(_ADMIN + "changelog/<int:entry_id>/", team.changelog_edit, name="team_changelog_edit"),
    path(
        _ADMIN + "changelog/<int:entry_id>/publish/",
        team.changelog_publish,
        name="team_changelog_publish",
    ),
    path(
        _ADMIN + "changelog/<int:entry_id>/unpublish/",
        team.changelog_unpublish,
        name="team_changelog_unpublish",
    ),
    path(
        _ADMIN + "changelog/<int:entry_id>/delete/",
        team.changelog_delete,
        name="team_changelog_delete",
    ),
]
