"""Any CSV becomes feedback items through a column mapping: encodings, bad rows, re-runs."""

from pathlib import Path

import pytest
from django.core.management import call_command

from keyloop.accounts.models import Person
from keyloop.inbox.models import FeedbackItem
from keyloop.integrations.imports.actions import import_files
from keyloop.integrations.imports.sources import ImportFileError, guess_mapping

DATA = Path(__file__).parent / "data" / "imports" / "generic"


def items(world):
    return FeedbackItem.objects.filter(workspace=world.acme, channel="import")


def test_the_mapping_is_guessed_from_the_header_names(world, django_capture_on_commit_callbacks):
    feedback = (DATA / "feedback.csv").read_bytes()
    assert feedback.startswith(b"\xef\xbb\xbf")  # Excel's BOM

    with django_capture_on_commit_callbacks(execute=True):
        summary = import_files(workspace=world.acme, fmt="generic", files=[("f.csv", feedback)])

    assert summary.counts["feedback"]["created"] == 3
    slow = items(world).get(external_id="T-1001")
    assert slow.title == "Exports are slow" and slow.person.email == "dana@initech.test"
    assert slow.company.name == "Initech" and slow.company.plan == "Enterprise"
    assert slow.company.mrr_cents == 120000
    assert slow.source_url == "https://support.acme.test/tickets/1001"
    assert slow.received_at.isoformat() == "2024-05-01T09:30:00+00:00"
    assert slow.sentiment is not None  # scored by the worker after commit


def test_a_windows_1252_file_with_semicolons_keeps_its_accents(world):
    raw = (DATA / "feedback-cp1252.csv").read_bytes()
    import_files(workspace=world.acme, fmt="generic", files=[("f.csv", raw)])

    item = items(world).get(person__email="juergen@mueller.test")
    assert item.text == "Läuft nicht auf meinem Gerät – bitte prüfen"
    assert item.person.name == "Jürgen Müller" and item.company.name == "Müller GmbH"
    assert items(world).get(person__name="Zoé Dupont").text == "Café mode would be “nice”"


def test_importing_the_same_file_twice_adds_nothing(world):
    for name in ("feedback.csv", "feedback-cp1252.csv"):  # with and without an id column
        raw = (DATA / name).read_bytes()
        import_files(workspace=world.acme, fmt="generic", files=[(name, raw)])
        before = (items(world).count(), Person.objects.filter(workspace=world.acme).count())
        summary = import_files(workspace=world.acme, fmt="generic", files=[(name, raw)])
        assert summary.counts["feedback"]["created"] == 0
        assert (items(world).count(), Person.objects.filter(workspace=world.acme).count()) == before


def test_an_explicit_mapping_and_bad_rows_are_skipped_with_their_reasons(world, acme_idea):
    deleted = acme_idea(title="Old idea", deleted=True)
    live = acme_idea(title="Reporting")
    long_text = "x" * 20_001
    raw = (
        "Said,Who,Idea,When\n"
        f"Please add reports,ann@customer.test,{live.pk},2024-01-02\n"
        f"{long_text},bob@customer.test,,\n"
        "Linked to nothing,cat@customer.test,999999,\n"
        f"Linked to a deleted idea,dan@customer.test,{deleted.pk},\n"
        "Bad address,not-an-email,,\n"
        "Bad date,eve@customer.test,,yesterday-ish\n"
        ",fay@customer.test,,\n"
    ).encode()
    mapping = {"text": "Said", "email": "Who", "idea_id": "Idea", "received_at": "When"}

    summary = import_files(workspace=world.acme, fmt="generic", files=[("f.csv", raw)],
                           mapping=mapping)  # fmt: skip

    linked = items(world).get()
    assert linked.text == "Please add reports" and linked.idea == live
    assert linked.state == "linked"
    reasons = {s["row"]: s["reason"] for s in summary.skipped}
    assert reasons == {
        "f.csv:3": "text: The text is too long (20,001 characters; 20,000 at most).",
        "f.csv:4": "There is no idea 999999.",
        "f.csv:5": f"Idea {deleted.pk} was deleted.",
        "f.csv:6": "email: “not-an-email” is not an e-mail address.",
        "f.csv:7": "“yesterday-ish” is not a date.",
        "f.csv:8": "text: The feedback has no text.",
    }
    # Skipped rows left nothing behind, not even their people.
    assert not Person.objects.filter(workspace=world.acme, email="bob@customer.test").exists()


def test_a_missing_column_is_refused_before_anything_is_written(world):
    raw = b"Comment,Email\nhello,ann@customer.test\n"
    with pytest.raises(ImportFileError, match="has no column “Feedback”"):
        import_files(workspace=world.acme, fmt="generic", files=[("f.csv", raw)],
                     mapping={"text": "Feedback", "email": "Email"})  # fmt: skip
    with pytest.raises(ImportFileError, match="Map a column to the feedback text"):
        import_files(workspace=world.acme, fmt="generic", files=[("f.csv", b"A,B\n1,2\n")])
    assert not items(world).exists()


def test_guesses_cover_the_usual_names():
    assert guess_mapping(["Ticket ID", "Customer Email", "Message", "Company", "Created At"]) == {
        "text": "Message", "external_id": "Ticket ID", "email": "Customer Email",
        "company": "Company", "received_at": "Created At",
    }  # fmt: skip


def test_the_command_takes_a_mapping(world, capsys, tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text("Note,Mail\nGreat product,gil@customer.test\n")
    call_command("import", "--workspace", "acme", "--format", "generic", "--map", "text=Note",
                 "--map", "email=Mail", str(path))  # fmt: skip
    assert "feedback: 1 created" in capsys.readouterr().out
    assert items(world).get().person.email == "gil@customer.test"


@pytest.fixture
def acme_idea(world):
    from keyloop.feedback import actions as feedback

    board = world.acme.boards.get(slug="feature-requests")

    def make(title, deleted=False):
        idea = feedback.idea_create(board=board, title=title, author=None, actor_user=world.alice)
        if deleted:
            feedback.idea_delete(idea=idea, actor_user=world.alice)
        return idea

    return make
