"""Board lists sorted by true demand and by MRR: the portal and the API, in a fixed number of
queries however many ideas and voters there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from keyloop.accounts.models import Company, Person
from keyloop.feedback import actions
from keyloop.feedback.models import Board


@pytest.fixture
def ideas(world):
    """ "Few but rich" has one voter from a $5,000 company; "Popular" three voters without a
    company; "Merged demand" has one voter, plus two more on a duplicate merged into it."""
    board = Board.objects.get(workspace=world.acme)
    big = Company.objects.create(workspace=world.acme, name="Big", mrr_cents=500_000)

    def person(name, company=None):
        return Person.objects.create(workspace=world.acme, email=f"{name}@x.test", company=company)

    rich = actions.idea_create(board=board, title="Few but rich", author=person("ceo", big))
    popular = actions.idea_create(board=board, title="Popular", author=person("p1"))
    for name in ("p2", "p3"):
        actions.vote_add(idea=popular, person=person(name))
    merged = actions.idea_create(board=board, title="Merged demand", author=person("m1"))
    dup = actions.idea_create(board=board, title="Merged duplicate", author=person("m2"))
    actions.vote_add(idea=dup, person=person("m3"))
    actions.vote_add(idea=dup, person=Person.objects.get(email="p1@x.test"))
    actions.idea_merge(idea=dup, into=merged, actor=world.alice)
    return {"rich": rich, "popular": popular, "merged": merged, "board": board}


def test_api_sorts_by_demand_and_mrr_with_cursors(world, api, ideas):
    by_demand = api.get("/ideas", sort="demand").json()["items"]
    assert [i["title"] for i in by_demand] == ["Merged demand", "Popular", "Few but rich"]
    by_mrr = api.get("/ideas", sort="mrr").json()["items"]
    assert by_mrr[0]["title"] == "Few but rich"
    first = api.get("/ideas", sort="demand", limit=1).json()
    second = api.get("/ideas", sort="demand", limit=1, cursor=first["next_cursor"]).json()
    assert [first["items"][0]["title"], second["items"][0]["title"]] == ["Merged demand", "Popular"]
    assert api.get("/ideas", sort="loudest").status_code == 422


def test_portal_board_sorts_by_demand_and_mrr(world, ideas):
    client = world.client_for(None)
    page = client.get("/acme/boards/feature-requests/?sort=demand").content.decode()
    assert page.index("Merged demand") < page.index("Popular") < page.index("Few but rich")
    assert "Merged duplicate" not in page
    page = client.get("/acme/boards/feature-requests/?sort=mrr").content.decode()
    assert page.index("Few but rich") < page.index("Merged demand")
    assert "Most demand" in page and "Most MRR" in page


def _grow(world, board, n):
    start = Person.objects.count()
    for i in range(start, start + n):
        company = Company.objects.create(workspace=world.acme, name=f"Co {i}", mrr_cents=i)
        person = Person.objects.create(workspace=world.acme, email=f"g{i}@x.test", company=company)
        idea = actions.idea_create(board=board, title=f"Idea {i}", author=person)
        if i % 3 == 0:
            target = actions.idea_create(board=board, title=f"Root {i}", author=None)
            actions.idea_merge(idea=idea, into=target, actor=None)


@pytest.mark.parametrize("sort", ["demand", "mrr"])
def test_lists_sorted_by_demand_run_a_fixed_number_of_queries(world, api, ideas, sort):
    client = world.client_for(None)
    api.get("/ideas")  # the key's last-used time is written once; not part of a list's cost
    counts = []
    for grow_by in (2, 12):
        _grow(world, ideas["board"], grow_by)
        with CaptureQueriesContext(connection) as portal:
            assert client.get(f"/acme/boards/feature-requests/?sort={sort}").status_code == 200
        with CaptureQueriesContext(connection) as api_list:
            assert api.get("/ideas", sort=sort, limit=100).status_code == 200
        counts.append((len(portal), len(api_list)))
    assert counts[0] == counts[1]
