"""The public changelog, one page per entry, and its RSS and Atom feeds."""

import xml.etree.ElementTree as ET

from django.urls import reverse

from keyloop.feedback import actions

from .portal_support import idea_on


def publish(world, title, ideas=(), body="", publish=True):
    return actions.changelog_create(
        workspace=world.acme, title=title, body=body, ideas=list(ideas), author=world.alice,
        publish=publish,
    )  # fmt: skip


def test_the_changelog_lists_published_entries_with_their_ideas(world, client):
    idea = idea_on(world, title="Export to CSV")
    publish(world, "CSV export is here", [idea], body="Download **any** report.")
    publish(world, "Unannounced", publish=False)
    html = client.get("/acme/changelog").content.decode()
    assert "CSV export is here" in html and "Download <strong>any</strong> report." in html
    assert reverse("idea", args=["acme", idea.pk]) in html
    assert "Unannounced" not in html
    assert reverse("changelog_rss", args=["acme"]) in html


def test_an_entry_has_its_own_page_and_drafts_are_404_to_customers(world, client):
    entry = publish(world, "CSV export is here")
    draft = publish(world, "Unannounced", publish=False)
    assert (
        "CSV export is here"
        in client.get(reverse("changelog_entry", args=["acme", entry.pk])).content.decode()
    )
    assert client.get(reverse("changelog_entry", args=["acme", draft.pk])).status_code == 404
    assert client.get(reverse("changelog_entry", args=["globex", entry.pk])).status_code == 404
    team = world.client_for(world.alice).get(reverse("changelog_entry", args=["acme", draft.pk]))
    assert team.status_code == 200 and "Draft" in team.content.decode()


def test_an_empty_changelog_says_so(world, client):
    assert "No updates yet" in client.get("/acme/changelog").content.decode()


def test_the_rss_feed_has_published_entries_with_absolute_links(world, client, settings):
    settings.BASE_URL = "https://feedback.example.com"
    idea = idea_on(world, title="Export to CSV")
    entry = publish(world, "CSV export is here", [idea], body="Hello *world*")
    publish(world, "Unannounced", publish=False)
    response = client.get("/acme/changelog/rss")
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    assert channel.findtext("title") == "Acme changelog"
    assert channel.findtext("link") == "https://feedback.example.com/acme/changelog"
    [item] = channel.findall("item")
    assert item.findtext("title") == "CSV export is here"
    assert item.findtext("link") == f"https://feedback.example.com/acme/changelog/{entry.pk}/"
    description = item.findtext("description")
    assert "<em>world</em>" in description
    assert f'href="https://feedback.example.com/acme/ideas/{idea.pk}/"' in description


def test_the_atom_feed_too(world, client, settings):
    settings.BASE_URL = "https://feedback.example.com"
    entry = publish(world, "CSV export is here")
    response = client.get("/acme/changelog/atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ET.fromstring(response.content)
    [item] = feed.findall("a:entry", ns)
    assert item.findtext("a:title", namespaces=ns) == "CSV export is here"
    link = item.find("a:link", ns).get("href")
    assert link == f"https://feedback.example.com/acme/changelog/{entry.pk}/"


def test_feeds_of_an_unknown_workspace_are_404(db, client):
    assert client.get("/nobody/changelog/rss").status_code == 404
    assert client.get("/nobody/changelog/atom").status_code == 404
