"""Customer-facing pages of a workspace's portal, under /<workspace>/.

These paths are part of the product's interface (links in e-mails, feeds, the API's `url`
fields): /<ws>/roadmap, /<ws>/changelog and its feeds have no trailing slash on purpose.
"""

from django.urls import path

from .feeds import ChangelogAtomFeed, ChangelogRssFeed
from .views import portal

portal_urlpatterns = [
    path("<slug:slug>/", portal.portal_home, name="portal_home"),
    path("<slug:slug>/boards/<slug:board_slug>/", portal.board, name="board"),
    path("<slug:slug>/boards/<slug:board_slug>/new/", portal.idea_new, name="idea_new"),
    path("<slug:slug>/boards/<slug:board_slug>/similar/", portal.idea_similar, name="idea_similar"),
    path("<slug:slug>/ideas/<int:idea_id>/", portal.idea, name="idea"),
    path("<slug:slug>/ideas/<int:idea_id>/vote/", portal.idea_vote, name="idea_vote"),
    path("<slug:slug>/ideas/<int:idea_id>/unvote/", portal.idea_unvote, name="idea_unvote"),
    path("<slug:slug>/ideas/<int:idea_id>/follow/", portal.idea_follow, name="idea_follow"),
    path("<slug:slug>/ideas/<int:idea_id>/unfollow/", portal.idea_unfollow, name="idea_unfollow"),
    path("<slug:slug>/ideas/<int:idea_id>/comments/", portal.idea_comment, name="idea_comment"),
    path("<slug:slug>/roadmap", portal.roadmap, name="roadmap"),
    path("<slug:slug>/changelog", portal.changelog, name="changelog"),
    path("<slug:slug>/changelog/rss", ChangelogRssFeed(), name="changelog_rss"),
    path("<slug:slug>/changelog/atom", ChangelogAtomFeed(), name="changelog_atom"),
    path("<slug:slug>/changelog/<int:entry_id>/", portal.changelog_entry, name="changelog_entry"),
    path("<slug:slug>/login/", portal.portal_login, name="portal_login"),
    path("<slug:slug>/login/<str:token>/", portal.portal_login_token, name="portal_login_token"),
    path("<slug:slug>/logout/", portal.portal_logout, name="portal_logout"),
]
