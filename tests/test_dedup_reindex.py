"""`keyloop reindex` stores vectors for existing ideas and feedback once (a restart loads
them) under each model in use — ideas under both, feedback under the matching one only —
recomputes only what was edited, and the background task does the same for new ones."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from keyloop.dedup import embedder as embedders
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
    matching, typing = embedders.get(embedders.MATCHING), embedders.get(embedders.TYPING)

    first = reindex("--workspace", "acme")
    second = reindex()

    assert f"acme ({matching.name}): [##############################] 3/3" in first
    assert f"acme ({typing.name}): [##############################] 2/2" in first
    assert f"Embedded 3 text(s) with {matching.name}" in first
    assert f"Embedded 2 text(s) with {typing.name}" in first
    assert "Embedded 3 text(s)" not in second and "Embedded 2 text(s)" not in second
    stored = Embedding.objects.filter(workspace=world.acme)
    assert sorted(stored.filter(model=matching.name).values_list("kind", flat=True)) == [
        "feedback", "idea", "idea",
    ]  # fmt: skip
    assert sorted(stored.filter(model=typing.name).values_list("kind", flat=True)) == [
        "idea", "idea",
    ]  # fmt: skip
    assert {len(bytes(row.vector)) for row in stored.filter(model=matching.name)} == {768 * 4}
    assert {len(bytes(row.vector)) for row in stored.filter(model=typing.name)} == {384 * 4}


def test_an_edited_idea_is_embedded_again_and_nothing_else(world, ideas):
    reindex()
    vectors = Embedding.objects.filter(kind="idea", object_id=ideas[1].pk)
    before = {row.model: bytes(row.vector) for row in vectors}

    actions.idea_update(idea=ideas[1], title="Night theme", body="Darker UI.", version=None)

    assert embeddings_refresh.call() == 2  # the one idea, under each of the two models
    after = {row.model: bytes(row.vector) for row in vectors.all()}
    assert after.keys() == before.keys() and len(after) == 2
    assert all(after[model] != before[model] for model in after)


def test_an_unknown_workspace_is_a_clear_error(world):
    with pytest.raises(CommandError, match="No workspace with the slug 'initech'"):
        reindex("--workspace", "initech")
