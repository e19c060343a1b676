"""A new or edited idea and a new feedback item get their vectors from a background task that
starts after the transaction commits, and so does a feedback item a reply was appended to;
counter updates (votes) embed nothing."""

from keyloop.dedup import embedder as embedders
from keyloop.dedup import index
from keyloop.dedup.index import text_hash
from keyloop.dedup.models import Embedding
from keyloop.feedback import actions
from keyloop.inbox.actions import feedback_append, feedback_receive

from .portal_support import idea_on


def test_a_new_idea_and_a_new_feedback_item_are_embedded_after_commit(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        idea = idea_on(world, "Export dashboards to PDF", "One click.")
        item, _ = feedback_receive(
            workspace=world.acme, channel="api", external_id="f1", text="PDF of dashboards?"
        )

    matching, typing = embedders.get(embedders.MATCHING), embedders.get(embedders.TYPING)
    idea_models = Embedding.objects.filter(kind="idea", object_id=idea.pk).values_list("model")
    item_models = Embedding.objects.filter(kind="feedback", object_id=item.pk).values_list("model")
    # Ideas under both models; feedback only under the matching one, which the inbox uses.
    assert sorted(m for (m,) in idea_models) == sorted([matching.name, typing.name])
    assert [m for (m,) in item_models] == [matching.name]


def test_nothing_is_embedded_before_the_commit(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        idea_on(world, "Export dashboards to PDF", "One click.")

    assert callbacks and not Embedding.objects.exists()


def test_an_edit_replaces_the_vector(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        idea = idea_on(world, "Dark mode", "Easier on the eyes.")
    matching = embedders.get(embedders.MATCHING).name
    first = Embedding.objects.get(kind="idea", object_id=idea.pk, model=matching)

    with django_capture_on_commit_callbacks(execute=True):
        actions.idea_update(idea=idea, title="Night theme", body="Darker UI.", version=None)

    second = Embedding.objects.get(kind="idea", object_id=idea.pk, model=matching)
    assert second.text_hash != first.text_hash and bytes(second.vector) != bytes(first.vector)


def test_a_reply_appended_to_feedback_replaces_its_vector(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        item, _ = feedback_receive(
            workspace=world.acme, channel="email", external_id="<m1@mail.test>",
            text="Your reports are slow.",
        )  # fmt: skip
    first = Embedding.objects.get(kind="feedback", object_id=item.pk)

    with django_capture_on_commit_callbacks(execute=True):
        feedback_append(item=item, text="What I need most is a PDF export of each dashboard.")

    second = Embedding.objects.get(kind="feedback", object_id=item.pk)
    assert second.text_hash == text_hash(index.query_text(index.full_text(item.title, item.text)))
    assert second.text_hash != first.text_hash and bytes(second.vector) != bytes(first.vector)
