"""RSS and Atom feeds of a workspace's published changelog entries.

Links are absolute, built from settings.BASE_URL (the address customers know the portal
by), never from the request's Host header.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from keyloop.accounts.access import access_workspace_public

from . import queries
from .models import ChangelogEntry

FEED_SIZE = 50


def absolute(path: str) -> str:
    return settings.BASE_URL + path


class ChangelogRssFeed(Feed):
    feed_type = Rss201rev2Feed
    feed_name = "changelog_rss"

    def get_object(self, request, slug):
        return access_workspace_public(slug=slug)

    def title(self, workspace):
        return f"{workspace.name} changelog"

    def link(self, workspace):
        return absolute(reverse("changelog", args=[workspace.slug]))

    def feed_url(self, workspace):
        return absolute(reverse(self.feed_name, args=[workspace.slug]))

    def description(self, workspace):
        return f"What is new in {workspace.name}."

    def items(self, workspace):
        entries = queries.published_changelog(workspace=workspace).select_related("workspace")
        return entries[:FEED_SIZE]

    def item_title(self, entry: ChangelogEntry):
        return entry.title

    def item_description(self, entry: ChangelogEntry):
        # Rendered through the Markdown sanitiser, then escaped again by the feed writer.
        return render_to_string(
            "feedback/portal/feed_item.html",
            {"entry": entry, "ideas": entry.ideas.all(), "base_url": settings.BASE_URL},
        )

    def item_link(self, entry: ChangelogEntry):
        return absolute(reverse("changelog_entry", args=[entry.workspace.slug, entry.pk]))

    def item_guid(self, entry: ChangelogEntry):
        return self.item_link(entry)

    item_guid_is_permalink = True

    def item_pubdate(self, entry: ChangelogEntry):
        return entry.published_at

    def item_updateddate(self, entry: ChangelogEntry):
        return max(entry.updated_at, entry.published_at)


class ChangelogAtomFeed(ChangelogRssFeed):
    feed_type = Atom1Feed
    feed_name = "changelog_atom"

    def subtitle(self, workspace):
        return self.description(workspace)
