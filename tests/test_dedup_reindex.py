"""`keyloop reindex` stores vectors for existing ideas and feedback once (a restart loads
them), recomputes only what was edited, and the background task does the same for new ones."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from keyloop.dedup.models import Embedding
from keyloop.dedup.tasks import embeddings_refresh
from keyloop.feedback import actions
from keyloop.inbox.actions import feedback_receive

from .portal_support import idea_on


def reindex(*args) -> str:
    out = StringIO()
    call_command("reindex", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def ideas(world):
    return [
        idea_on(world, "Export dashboards to PDF", "One click."),
        idea_on(world, "Dark mode", "Easier on the eyes."),
    ]


def test_reindex_stores_each_vector_once_with_a_progress_bar(world, ideas):
    feedback_receive(
        workspace=world.acme, channel="api", external_id="f1", text="Can I get a PDF of this?"
    )

    first = reindex("--workspace", "acme")
    second = reindex()

    assert "acme: [##############################] 3/3" in first
    assert "Embedded 3 text(s)" in first and "Embedded 0 text(s)" in second
    stored = Embedding.objects.filter(workspace=world.acme)
    assert sorted(stored.values_list("kind", flat=True)) == ["feedback", "idea", "idea"]
    assert all(len(bytes(row.vector)) == 384 * 4 for row in stored)


def test_an_edited_idea_is_embedded_again_and_nothing_else(world, ideas):
    reindex()
    before = bytes(Embedding.objects.get(kind="idea", object_id=ideas[1].pk).vector)

    actions.idea_update(idea=ideas[1], title="Night theme", body="Darker UI.", version=None)

    assert embeddings_refresh.call() == 1
    after = bytes(Embedding.objects.get(kind="idea", object_id=ideas[1].pk).vector)
    assert after != before


def test_an_unknown_workspace_is_a_clear_error(world):
    with pytest.raises(CommandError, match="No workspace with the slug 'initech'"):
        reindex("--workspace", "initech")
