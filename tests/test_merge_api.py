"""Merging, unmerging and true demand through the REST API."""

from keyloop.accounts.models import Company, Person
from keyloop.feedback import actions
from keyloop.feedback.models import AuditEvent, Board, IdeaActivity

from .api_client import api_for


def _ideas(world):
    board = Board.objects.get(workspace=world.acme)
    root = actions.idea_create(board=board, title="CSV export", author=world.dana)
    dup = actions.idea_create(board=board, title="Export to Excel", author=world.eve)
    return root, dup


def test_merge_links_the_idea_and_unmerge_restores_it(world, api):
    root, dup = _ideas(world)
    response = api.post(f"/ideas/{dup.id}/merge", {"into_id": root.id})
    assert response.status_code == 200, response.content
    assert response.json()["merged_into_id"] == root.id
    assert response.json()["vote_count"] == 1  # nothing copied, nothing lost
    listed = [idea["id"] for idea in api.get("/ideas").json()["items"]]
    assert listed == [root.id]
    assert api.get(f"/ideas/{dup.id}").json()["merged_into_id"] == root.id
    demand = api.get(f"/ideas/{root.id}/demand").json()
    assert demand["unique_people"] == 2 and demand["vote_count"] == 2

    # Voting on the merged idea is refused: vote on the root.
    vote = api.post(f"/ideas/{dup.id}/votes", {"person": {"email": "new@x.test"}})
    assert vote.status_code == 409

    response = api.post(f"/ideas/{dup.id}/unmerge")
    assert response.status_code == 200 and response.json()["merged_into_id"] is None
    assert {idea["id"] for idea in api.get("/ideas").json()["items"]} == {root.id, dup.id}
    assert api.get(f"/ideas/{root.id}/demand").json()["unique_people"] == 1
    assert list(AuditEvent.objects.values_list("action", flat=True)) == [
        "idea.unmerge", "idea.merge"
    ]  # fmt: skip


def test_merging_into_a_merged_idea_goes_to_its_root(world, api):
    root, dup = _ideas(world)
    third = actions.idea_create(board=root.board, title="Excel download", author=None)
    api.post(f"/ideas/{dup.id}/merge", {"into_id": root.id})
    response = api.post(f"/ideas/{third.id}/merge", {"into_id": dup.id})
    assert response.json()["merged_into_id"] == root.id


def test_bad_merges_are_refused_and_change_nothing(world, api):
    root, dup = _ideas(world)
    assert api.post(f"/ideas/{root.id}/merge", {"into_id": root.id}).status_code == 422
    api.post(f"/ideas/{dup.id}/merge", {"into_id": root.id})
    # Into one of its own merged ideas: a loop.
    loop = api.post(f"/ideas/{root.id}/merge", {"into_id": dup.id})
    assert loop.status_code == 422
    assert "loop" in loop.json()["errors"][0]["message"]
    # Already merged: 409; not merged: 409.
    assert api.post(f"/ideas/{dup.id}/merge", {"into_id": root.id}).status_code == 409
    assert api.post(f"/ideas/{root.id}/unmerge").status_code == 409
    # Another workspace's idea: 404, naming the field.
    globex_board = Board.objects.get(workspace=world.globex)
    foreign = actions.idea_create(board=globex_board, title="Theirs", author=None)
    response = api.post(f"/ideas/{root.id}/merge", {"into_id": foreign.id})
    assert response.status_code == 404
    assert response.json()["errors"][0]["field"] == "into_id"
    assert api_for(world.globex).post(f"/ideas/{dup.id}/unmerge").status_code == 404
    # A deleted idea.
    actions.idea_delete(idea=dup, actor_user=None)
    assert api.post(f"/ideas/{dup.id}/unmerge").status_code == 404
    root.refresh_from_db()
    assert root.merged_into_id is None
    assert IdeaActivity.objects.filter(kind="merged").count() == 2  # the one good merge


def test_demand_shape(world, api):
    root, dup = _ideas(world)
    globo = Company.objects.create(
        workspace=world.acme, name="Globo", plan="Enterprise", segment="Enterprise",
        mrr_cents=100_000,
    )  # fmt: skip
    for name in ("frank", "gina"):
        person = Person.objects.create(workspace=world.acme, email=f"{name}@x.test", company=globo)
        actions.vote_add(idea=dup, person=person, importance="critical")
    api.post(f"/ideas/{dup.id}/merge", {"into_id": root.id})
    demand = api.get(f"/ideas/{root.id}/demand").json()
    assert demand["unique_people"] == 4
    assert demand["unique_companies"] == 2
    assert demand["mrr_cents"] == 119_900
    assert demand["importance"] == {"nice_to_have": 2, "important": 0, "critical": 2}
    assert {"name": "Enterprise", "people": 2, "companies": 1, "mrr_cents": 100_000} in demand[
        "by_segment"
    ]
    assert len(demand["weekly"]) == 12 and demand["weekly"][-1]["new_people"] == 4
    assert set(demand["weekly"][0]) == {"week", "new_people"}
