"""The team merges from an idea's page, sees the demand of the whole group, and unmerges."""

import pytest

from keyloop.accounts.models import Company, Person
from keyloop.feedback import actions
from keyloop.feedback.models import Board, Idea


@pytest.fixture
def ideas(world):
    board = Board.objects.get(workspace=world.acme)
    root = actions.idea_create(board=board, title="CSV export", author=world.dana)
    dup = actions.idea_create(
        board=board, title="Export everything to Excel", body="For finance", author=world.eve
    )
    globo = Company.objects.create(
        workspace=world.acme, name="Globo", plan="Enterprise", mrr_cents=100_000
    )
    for name in ("frank", "gina"):
        person = Person.objects.create(workspace=world.acme, email=f"{name}@x.test", company=globo)
        actions.vote_add(idea=dup, person=person, importance="critical")
    actions.vote_add(idea=dup, person=world.dana)  # Dana asked on both: counted once
    return root, dup


def test_merge_from_the_idea_page_then_undo(world, ideas):
    root, dup = ideas
    alice = world.client_for(world.alice)
    page = alice.get(f"/acme/admin/ideas/{dup.pk}/").content.decode()
    assert f"/acme/admin/ideas/{dup.pk}/merge/" in page
    picker = alice.get(f"/acme/admin/ideas/{dup.pk}/merge/", {"q": "CSV"}).content.decode()
    assert "CSV export" in picker and 'type="radio"' in picker
    response = alice.post(f"/acme/admin/ideas/{dup.pk}/merge/", {"into": root.pk}, follow=True)
    assert response.redirect_chain[-1][0] == f"/acme/admin/ideas/{root.pk}/"
    html = response.content.decode()
    assert "is merged into “CSV export”" in html and "Undo" in html
    # The root's Demand card counts Dana, Eve, Frank and Gina once each; Initech and Globo.
    assert '<dd id="demand-people">4</dd>' in html
    assert '<dd id="demand-companies">2</dd>' in html
    assert '<dd id="demand-mrr">$1,199</dd>' in html
    assert "Merged from" in html and "Export everything to Excel" in html
    assert "merged “Export everything to Excel” into this idea" in html  # activity
    # The merged idea's page says where it went.
    merged_page = alice.get(f"/acme/admin/ideas/{dup.pk}/").content.decode()
    assert "Merged</strong> into" in merged_page and "CSV export" in merged_page
    # Unmerge from the root's "Merged from" list.
    response = alice.post(
        f"/acme/admin/ideas/{dup.pk}/unmerge/",
        {"next": f"/acme/admin/ideas/{root.pk}/#merged-from"},
        follow=True,
    )
    assert "stands on its own again" in response.content.decode()
    assert '<dd id="demand-people">1</dd>' in response.content.decode()
    assert Idea.objects.get(pk=dup.pk).merged_into_id is None


def test_merging_without_a_choice_or_into_itself_says_why(world, ideas):
    root, dup = ideas
    alice = world.client_for(world.alice)
    response = alice.post(f"/acme/admin/ideas/{dup.pk}/merge/", {})
    assert response.status_code == 400
    assert "Choose the idea to merge into." in response.content.decode()
    response = alice.post(f"/acme/admin/ideas/{dup.pk}/merge/", {"into": dup.pk})
    assert response.status_code == 400
    assert "cannot be merged into itself" in response.content.decode()
    actions.idea_merge(idea=dup, into=root, actor=None)
    response = alice.post(f"/acme/admin/ideas/{root.pk}/merge/", {"into": dup.pk})
    assert "loop" in response.content.decode()
    assert Idea.objects.get(pk=root.pk).merged_into_id is None


def test_another_workspaces_idea_cannot_be_a_target(world, ideas):
    root, dup = ideas
    foreign = actions.idea_create(
        board=Board.objects.get(workspace=world.globex), title="Theirs", author=None
    )
    alice = world.client_for(world.alice)
    response = alice.post(f"/acme/admin/ideas/{dup.pk}/merge/", {"into": foreign.pk})
    assert response.status_code == 404
    assert Idea.objects.get(pk=dup.pk).merged_into_id is None
