"""The embedding model runs offline on the CPU: 384 numbers per text, unit length, similar
texts close; a model that fails to load leaves word matching working and says so."""

import numpy as np

from keyloop.dedup import embedder as embedders
from keyloop.dedup.queries import similar_ideas

from .portal_support import idea_on


def test_the_packaged_model_gives_normalised_384_number_vectors():
    model = embedders.get()

    vectors = model.embed(["Export dashboards to PDF", "PDF download of reports", "Dark mode"])

    assert embedders.status().ok and embedders.status().warning == ""
    assert vectors.shape == (3, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.3


def test_a_batch_gives_the_same_vectors_as_one_text_at_a_time():
    model = embedders.get()
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
    assert "could not be loaded" in embedders.status().warning


def test_a_folder_without_the_model_files_is_reported_not_raised(world, settings, tmp_path):
    settings.EMBEDDING_MODEL = str(tmp_path / "nowhere")

    assert embedders.get() is None
    assert "model.onnx is missing" in embedders.status().warning
