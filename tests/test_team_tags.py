"""Owners and admins create, rename, recolour and delete tags."""

from django.urls import reverse

from keyloop.feedback import actions
from keyloop.feedback.models import Tag


def test_alice_creates_renames_and_deletes_a_tag(world):
    alice = world.client_for(world.alice)

    alice.post(reverse("team_tags", args=["acme"]), {"name": "Reportng", "color": "#0e7490"})
    tag = Tag.objects.get(workspace=world.acme, name="Reportng")
    alice.post(
        reverse("team_tag_edit", args=["acme", tag.pk]), {"name": "Reporting", "color": "#b45309"}
    )
    tag.refresh_from_db()
    assert (tag.name, tag.color) == ("Reporting", "#b45309")

    board = world.acme.boards.get(slug="feature-requests")
    idea = actions.idea_create(board=board, title="CSV", body="", author=world.dana)
    actions.idea_set_tags(idea=idea, tags=[tag], actor_user=world.alice)
    response = alice.post(reverse("team_tag_delete", args=["acme", tag.pk]), follow=True)

    assert not Tag.objects.filter(pk=tag.pk).exists()
    assert list(idea.tags.all()) == []
    assert "The tag “Reporting” was deleted" in response.content.decode()


def test_a_duplicate_name_or_a_bad_colour_is_refused(world):
    actions.tag_create(workspace=world.acme, name="Mobile")
    alice = world.client_for(world.alice)

    duplicate = alice.post(
        reverse("team_tags", args=["acme"]), {"name": "mobile", "color": "#000000"}
    )
    bad_colour = alice.post(reverse("team_tags", args=["acme"]), {"name": "iOS", "color": "#12"})

    assert "A tag with this name exists." in duplicate.content.decode()
    assert "Use a colour like #4f46e5." in bad_colour.content.decode()
    assert list(Tag.objects.filter(workspace=world.acme).values_list("name", flat=True)) == [
        "Mobile"
    ]


def test_renaming_to_nothing_keeps_the_old_name(world):
    tag = actions.tag_create(workspace=world.acme, name="Mobile")

    response = world.client_for(world.alice).post(
        reverse("team_tag_edit", args=["acme", tag.pk]), {"name": " ", "color": "#000000"},
        follow=True,
    )  # fmt: skip

    assert "“Mobile” was not changed: Give the tag a name." in response.content.decode()
    tag.refresh_from_db()
    assert tag.name == "Mobile"


def test_a_tag_of_another_workspace_is_404(world):
    theirs = actions.tag_create(workspace=world.globex, name="Globex tag")

    alice = world.client_for(world.alice)
    renamed = alice.post(
        reverse("team_tag_edit", args=["acme", theirs.pk]), {"name": "Mine", "color": "#000000"}
    )
    deleted = alice.post(reverse("team_tag_delete", args=["acme", theirs.pk]))

    assert (renamed.status_code, deleted.status_code) == (404, 404)
    theirs.refresh_from_db()
    assert theirs.name == "Globex tag"
