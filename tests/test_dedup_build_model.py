"""`keyloop build_model` installs the duplicate-detection model once; a download that is not
the pinned model is refused and leaves nothing behind. (The real download and conversion run
in scripts/bootstrap.sh, before the suite; here the download is a local folder.)"""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from keyloop.dedup import embedder as embedders
from keyloop.dedup import mpnet


def build(*args) -> str:
    out = StringIO()
    call_command("build_model", *args, stdout=out)
    return out.getvalue()


def test_a_built_model_is_not_downloaded_again(monkeypatch):
    def download(scratch):
        raise AssertionError("downloaded again")

    monkeypatch.setattr(mpnet, "download_source", download)

    assert "is already built" in build()
    assert (embedders.mpnet_folder() / "model.onnx").exists()


def test_a_download_that_is_not_the_pinned_model_is_refused_and_leaves_nothing(
    settings, tmp_path, monkeypatch
):
    settings.MODELS_DIR = tmp_path / "models"

    def download(scratch):
        source = scratch / "source" / "all-mpnet-base-v2"
        source.mkdir(parents=True)
        (source / "model.safetensors").write_bytes(b"someone else's weights")
        return source

    monkeypatch.setattr(mpnet, "download_source", download)

    with pytest.raises(CommandError, match="expected 78c0197b"):
        build()
    assert list((tmp_path / "models").iterdir()) == []  # no model, no scratch left
    assert embedders.get() is not None  # the typing model stands in
    assert "not built yet" in embedders.status().warning
