"""The Import page: upload, map the columns, the run in the background, the summary."""

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from keyloop.feedback.models import Idea
from keyloop.inbox.models import FeedbackItem
from keyloop.integrations.imports.models import ImportRun

DATA = Path(__file__).parent / "data" / "imports"


def upload(client, fmt, name, raw):
    return client.post(
        reverse("team_imports", args=["acme"]),
        {"format": fmt, "file": SimpleUploadedFile(name, raw, content_type="text/csv")},
    )


def test_an_admin_uploads_maps_imports_and_reads_the_summary(
    world, django_capture_on_commit_callbacks
):
    alice = world.client_for(world.alice)
    raw = (
        b"Said,Mail,Ref\nLove it,ann@customer.test,A1\nToo long: "
        + b"x" * 20_000
        + b",b@c.test,A2\n"
    )

    response = upload(alice, "generic", "support.csv", raw)
    run = ImportRun.objects.get(workspace=world.acme)
    assert response.status_code == 302 and response["Location"].endswith(f"/import/{run.pk}/")
    page = alice.get(response["Location"]).content.decode()
    assert "Which column is what?" in page and "Love it" in page  # the preview
    assert '<option value="Ref" selected>Ref</option>' in page  # guessed: external id

    with django_capture_on_commit_callbacks(execute=True):
        response = alice.post(response["Location"], {"text": "Said", "email": "Mail",
                                                     "external_id": "Ref"})  # fmt: skip
    assert response.status_code == 302

    run.refresh_from_db()
    assert run.state == "done" and run.data == b""
    assert FeedbackItem.objects.get(workspace=world.acme, external_id="A1").text == "Love it"
    page = alice.get(reverse("team_import_progress", args=["acme", run.pk])).content.decode()
    assert "Summary" in page and "hx-trigger" not in page  # finished: no more polling
    assert "Skipped rows (1)" in page and "support.csv:3" in page
    assert "The text is too long (20,010 characters; 20,000 at most)." in page
    listing = alice.get(reverse("team_imports", args=["acme"])).content.decode()
    assert "support.csv" in listing and "1 skipped" in listing


def test_a_board_export_is_queued_at_once(world, django_capture_on_commit_callbacks):
    alice = world.client_for(world.alice)
    with django_capture_on_commit_callbacks(execute=True):
        upload(alice, "fider", "posts.csv", (DATA / "fider" / "posts.csv").read_bytes())
    run = ImportRun.objects.get(workspace=world.acme)
    assert run.state == "done" and run.summary["idea"]["created"] == 5
    assert Idea.objects.filter(workspace=world.acme, title="Mobile app").exists()


def test_a_running_import_shows_its_progress_and_keeps_polling(world):
    run = ImportRun.objects.create(
        workspace=world.acme, format="generic", filename="big.csv", state="running",
        total_rows=50_000, done_rows=12_000,
    )  # fmt: skip
    page = (
        world.client_for(world.alice)
        .get(reverse("team_import_run", args=["acme", run.pk]))
        .content.decode()
    )
    assert "12000 of 50000 rows (24%)" in page and 'hx-trigger="every 1s"' in page


def test_a_file_that_cannot_be_imported_is_refused_on_the_upload_page(world):
    alice = world.client_for(world.alice)
    response = upload(alice, "canny", "posts.csv", (DATA / "fider" / "posts.csv").read_bytes())
    assert response.status_code == 200
    assert "is not a canny export: columns missing" in response.content.decode()
    response = upload(alice, "generic", "empty.csv", b"\n\n")
    assert "empty.csv is empty." in response.content.decode()
    assert not ImportRun.objects.exists()


def test_a_file_over_the_size_limit_is_refused(world, settings):
    settings.IMPORT_MAX_BYTES = 100
    response = upload(world.client_for(world.alice), "generic", "big.csv", b"Text\n" + b"x" * 200)
    assert "The file is 205" in response.content.decode()
    assert not ImportRun.objects.exists()


def test_members_who_are_not_admins_cannot_import(world):
    bob = world.client_for(world.bob)
    assert bob.get(reverse("team_imports", args=["acme"])).status_code == 404
    response = upload(bob, "generic", "x.csv", b"Text\nhello\n")
    assert response.status_code == 404 and not ImportRun.objects.exists()
    settings_page = world.client_for(world.alice).get(reverse("team_statuses", args=["acme"]))
    assert reverse("team_imports", args=["acme"]) in settings_page.content.decode()
    assert (
        reverse("team_imports", args=["acme"])
        not in bob.get(reverse("team_statuses", args=["acme"])).content.decode()
    )
