"""Every API list runs the same number of queries for a few rows as for many."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from keyloop.accounts.models import Company, Person
from keyloop.feedback import actions


def _grow(world, idea, board, n):
    """n more of everything: ideas with tags and owners, voters with companies, comments,
    notes, boards, statuses and changelog entries."""
    tag = actions.tag_create(workspace=world.acme, name=f"Tag {idea.pk}-{n}")
    start = Person.objects.filter(workspace=world.acme).count()
    for i in range(start, start + n):
        company = Company.objects.create(workspace=world.acme, name=f"Co {i}")
        person = Person.objects.create(workspace=world.acme, email=f"p{i}@x.test", company=company)
        other = actions.idea_create(board=board, title=f"Idea {i}", body="", author=person)
        actions.idea_set_tags(idea=other, tags=[tag], actor_user=None)
        actions.idea_set_owner(idea=other, owner=world.bob, actor_user=None)
        actions.vote_add(idea=idea, person=person, importance="critical")
        actions.comment_add(idea=idea, body=f"Comment {i}", author=person)
        actions.comment_add(
            idea=idea, body=f"Note {i}", author=None, author_user=world.alice, internal=True
        )
        actions.board_create(workspace=world.acme, name=f"Board {i}")
        actions.status_create(
            workspace=world.acme, name=f"Status {i}", color="#123456", category="planned"
        )
        actions.changelog_create(
            workspace=world.acme, title=f"Entry {i}", body="", ideas=[idea, other], author=None,
            publish=i % 2 == 0,
        )  # fmt: skip


LISTS = ["/ideas", "/ideas?sort=top", "/boards", "/statuses", "/changelog", "votes", "comments"]


@pytest.mark.parametrize("path", LISTS)
def test_a_list_runs_a_fixed_number_of_queries(world, api, path):
    board = world.acme.boards.get(slug="feature-requests")
    idea = actions.idea_create(board=board, title="Popular", body="", author=world.dana)
    if path in ("votes", "comments"):
        path = f"/ideas/{idea.id}/{path}"
    api.get(path)  # the key's last-used time is written once; not part of a list's cost

    counts, sizes = [], []
    for grow_by in (2, 15):
        _grow(world, idea, board, grow_by)
        with CaptureQueriesContext(connection) as queries:
            response = api.client.get(
                "/api/v1" + path + ("&" if "?" in path else "?") + "limit=100",
                HTTP_AUTHORIZATION=f"Bearer {api.key}",
            )
        assert response.status_code == 200
        counts.append(len(queries))
        sizes.append(len(response.json()["items"]))

    assert sizes[1] > sizes[0] + 10
    assert counts[0] == counts[1] <= 4, counts
