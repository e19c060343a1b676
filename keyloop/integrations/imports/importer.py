"""Importing rows: each row is atomic (its own savepoint, or part of a chunk that is redone
row by row when anything in it fails), a bad row is skipped with its reason, and what was
imported before is found again (ImportRecord, or a feedback item's external id), so running
the same import twice changes nothing the second time."""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.db.models.functions import Lower

from keyloop.accounts.models import Company, Person, User, Workspace, normalize_email
from keyloop.feedback import actions as feedback
from keyloop.feedback.models import (
    Board,
    Channel,
    Comment,
    Idea,
    Status,
    Tag,
    Vote,
)
from keyloop.inbox import actions as inbox

from .models import ImportRecord
from .sources import (
    GENERIC_FIELDS,
    PersonRef,
    Row,
    SourceComment,
    SourceIdea,
    SourceVote,
    Table,
    parse_when,
    status_category,
    status_name,
)

CHUNK = 1000
SKIPPED_KEPT = 500  # reasons stored per run; the count covers all
Progress = Callable[[int, int], None]
_COLORS = {category: color for _, color, category in feedback.DEFAULT_STATUSES}


@dataclass
class Summary:
    counts: dict = field(default_factory=dict)  # kind -> {created, updated, unchanged, skipped}
    skipped: list = field(default_factory=list)  # [{"row", "kind", "reason"}]
    skipped_count: int = 0

    def add(self, kind: str, outcome: str, n: int = 1) -> None:
        tally = self.counts.setdefault(
            kind, {"created": 0, "updated": 0, "unchanged": 0, "skipped": 0}
        )
        tally[outcome] += n

    def skip(self, where: str, kind: str, reason: str) -> None:
        self.add(kind, "skipped")
        self.skipped_count += 1
        if len(self.skipped) < SKIPPED_KEPT:
            self.skipped.append({"row": where, "kind": kind, "reason": reason})


def reason_of(error: Exception) -> str:
    if isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            return " ".join(
                f"{'' if name == '__all__' else name + ': '}{message}"
                for name, messages in error.message_dict.items()
                for message in messages
            )
        return " ".join(error.messages)
    return "The database refused it (a conflicting row)."


def _person(workspace: Workspace, ref: PersonRef | None) -> Person | None:
    if not ref:
        return None
    if ref.email:
        validate_person_email(ref.email)
    return feedback.person_identify(
        workspace=workspace, email=ref.email, name=ref.name, external_id=ref.external_id,
        company=ref.company,
    )  # fmt: skip


def validate_person_email(email: str) -> None:
    try:
        validate_email(email)
    except ValidationError as error:
        raise ValidationError({"email": f"“{email[:60]}” is not an e-mail address."}) from error


# --- Canny, Fider, UserVoice: ideas, votes, comments ---------------------------------------------


class BoardImport:
    """Ideas, votes and comments of one export, row by row (a few thousand rows at most)."""

    def __init__(self, *, workspace: Workspace, fmt: str, actor_user: User | None):
        self.workspace, self.fmt, self.actor_user = workspace, fmt, actor_user
        self.summary = Summary()
        self.boards = {b.name.lower(): b for b in Board.objects.filter(workspace=workspace)}
        self.statuses = {s.name.lower(): s for s in Status.objects.filter(workspace=workspace)}
        self.tags = {t.name.lower(): t for t in Tag.objects.filter(workspace=workspace)}
        self.records: dict[tuple[str, str], int] = {}

    def run(self, rows: list[Row], progress: Progress | None = None) -> Summary:
        people_before = Person.objects.filter(workspace=self.workspace).count()
        self.records = {
            (kind, source_id): object_id
            for kind, source_id, object_id in ImportRecord.objects.filter(
                workspace=self.workspace, format=self.fmt
            ).values_list("kind", "source_id", "object_id")
        }
        seen = set()  # UserVoice repeats an idea on every one of its voters' rows
        for done, row in enumerate(rows, start=1):
            if row.kind == "idea" and not row.error:
                if row.record.source_id in seen:
                    continue
                seen.add(row.record.source_id)
            if row.error:
                self.summary.skip(row.where, row.kind, row.error)
            else:
                try:
                    with transaction.atomic():
                        outcome = getattr(self, f"_{row.kind}")(row.record)
                    self.summary.add(row.kind, outcome)
                except (ValidationError, DatabaseError) as error:
                    self.summary.skip(row.where, row.kind, reason_of(error))
            if progress and (done % 200 == 0 or done == len(rows)):
                progress(done, len(rows))
        created = Person.objects.filter(workspace=self.workspace).count() - people_before
        if created:
            self.summary.add("person", "created", created)
        return self.summary

    def _remember(self, kind: str, source_id: str, object_id: int) -> None:
        ImportRecord.objects.create(
            workspace=self.workspace, format=self.fmt, kind=kind, source_id=source_id,
            object_id=object_id,
        )  # fmt: skip
        # Each row remembers its object last, so a row that fails never gets here.
        self.records[(kind, source_id)] = object_id

    def _board(self, name: str) -> Board:
        name = (name or "").strip()[:80]
        if not name:
            board = Board.objects.filter(workspace=self.workspace).order_by("position").first()
            if board is None:
                board = feedback.board_create(workspace=self.workspace, name="Feature requests")
            return board
        if name.lower() not in self.boards:
            self.boards[name.lower()] = feedback.board_create(workspace=self.workspace, name=name)
        return self.boards[name.lower()]

    def _status(self, name: str) -> Status | None:
        name = status_name(name)[:40]
        if not name:
            return None
        if name.lower() not in self.statuses:
            category = status_category(name)
            self.statuses[name.lower()] = feedback.status_create(
                workspace=self.workspace, name=name, color=_COLORS[category], category=category
            )
        return self.statuses[name.lower()]

    def _tag(self, name: str) -> Tag:
        name = name.strip()[:40]
        if name.lower() not in self.tags:
            self.tags[name.lower()] = feedback.tag_create(workspace=self.workspace, name=name)
        return self.tags[name.lower()]

    def _idea(self, source: SourceIdea) -> str:
        if not source.source_id:
            raise ValidationError("The post has no id.")
        status = self._status(source.status)
        known = self.records.get(("idea", source.source_id))
        if known is not None:
            idea = Idea.objects.filter(pk=known, workspace=self.workspace).first()
            if idea is None:
                raise ValidationError("It was imported before, and that idea was deleted since.")
            if status is not None and idea.status_id != status.pk:
                feedback.idea_change_status(idea=idea, status=status, actor_user=self.actor_user)
                return "updated"
            return "unchanged"
        board = self._board(source.board)
        author = _person(self.workspace, source.author)
        idea = feedback.idea_create(
            board=board, title=source.title, body=source.body, author=author,
            source=Channel.IMPORT, actor_user=self.actor_user, status=status,
        )  # fmt: skip
        if source.created_at:
            Idea.objects.filter(pk=idea.pk).update(
                created_at=source.created_at, updated_at=source.created_at
            )
        tags = [self._tag(name) for name in source.tags if name.strip()]
        if tags:
            idea.tags.add(*tags)
        self._remember("idea", source.source_id, idea.pk)
        return "created"

    def _source_idea(self, source_id: str) -> Idea:
        known = self.records.get(("idea", source_id))
        idea = Idea.objects.filter(pk=known, workspace=self.workspace).first() if known else None
        if idea is None:
            raise ValidationError(
                f"It refers to post {source_id or '(none)'}, which is not in the import."
            )
        return idea

    def _vote(self, source: SourceVote) -> str:
        if not source.source_id:
            raise ValidationError("The vote has no id.")
        if ("vote", source.source_id) in self.records:
            return "unchanged"
        idea = self._source_idea(source.idea_id)
        voter = _person(self.workspace, source.voter)
        vote, created = feedback.vote_add(idea=idea, person=voter, source=Channel.IMPORT)
        if created and source.created_at:
            Vote.objects.filter(pk=vote.pk).update(created_at=source.created_at)
        self._remember("vote", source.source_id, vote.pk)
        return "created" if created else "unchanged"

    def _comment(self, source: SourceComment) -> str:
        if not source.source_id:
            raise ValidationError("The comment has no id.")
        if ("comment", source.source_id) in self.records:
            return "unchanged"
        idea = self._source_idea(source.idea_id)
        author = None if source.by_team else _person(self.workspace, source.author)
        comment = feedback.comment_add(
            idea=idea, body=source.body, author=author, internal=source.internal,
            team=source.by_team or source.internal or idea.board.is_locked,
        )  # fmt: skip
        if source.created_at:
            Comment.objects.filter(pk=comment.pk).update(created_at=source.created_at)
        self._remember("comment", source.source_id, comment.pk)
        return "created"


# --- generic: feedback items through a column mapping ---------------------------------------------


@dataclass
class _Entry:
    where: str
    fields: dict  # feedback_receive's keyword arguments, person not yet resolved
    person: PersonRef | None
    idea_id: int | None


def _mrr(value: str) -> int:
    try:
        cents = int(value.replace(",", "").replace("_", ""))
    except ValueError as error:
        raise ValidationError({"mrr_cents": f"“{value[:20]}” is not a whole number."}) from error
    if cents < 0:
        raise ValidationError({"mrr_cents": "Revenue cannot be negative."})
    return cents


def _row_id(values: list[str]) -> str:
    """A stable id for a row that has none: the same row imported again is the same item."""
    return "row:" + hashlib.sha256("\x1f".join(v.strip() for v in values).encode()).hexdigest()[:40]


class GenericImport:
    """Rows → feedback items (channel "import"), a chunk of rows at a time: people, companies,
    ideas and already imported ids are resolved for the whole chunk in a few queries and the
    items inserted together; a chunk that fails anywhere is redone row by row."""

    def __init__(self, *, workspace: Workspace, table: Table, index: dict[str, int],
                 actor_user: User | None):  # fmt: skip
        self.workspace, self.table, self.index = workspace, table, index
        self.actor_user = actor_user
        self.summary = Summary()
        # People and companies this import has found or made, kept across chunks: most rows
        # name a customer seen before. Only this import writes them meanwhile (a change it
        # makes goes through person_identify, which returns the row as saved).
        self.known_people: dict[tuple, Person] = {}
        self.known_companies: dict[tuple, Company] = {}

    def run(self, progress: Progress | None = None) -> Summary:
        rows, total = self.table.rows, len(self.table.rows)
        people_before = Person.objects.filter(workspace=self.workspace).count()
        for start in range(0, total, CHUNK):
            self._chunk(rows[start : start + CHUNK], start)
            if progress:
                progress(min(start + CHUNK, total), total)
        created = Person.objects.filter(workspace=self.workspace).count() - people_before
        if created:
            self.summary.add("person", "created", created)
        return self.summary

    def _cell(self, values: list[str], key: str) -> str:
        i = self.index.get(key)
        return values[i].strip() if i is not None and i < len(values) else ""

    def _entry(self, values: list[str], where: str) -> _Entry:
        cell = self._cell
        external_id = cell(values, "external_id") or _row_id(values)
        fields = {
            "text": cell(values, "text"), "title": cell(values, "title"),
            "external_id": external_id, "source_url": cell(values, "source_url"),
            "received_at": parse_when(cell(values, "received_at")),
        }  # fmt: skip
        inbox.feedback_clean(channel=Channel.IMPORT, **{k: v for k, v in fields.items()
                                                       if k != "received_at"})  # fmt: skip
        company = None
        if cell(values, "company") or cell(values, "company_id"):
            company = {
                "name": cell(values, "company"), "external_id": cell(values, "company_id"),
                "plan": cell(values, "plan")[:80], "segment": cell(values, "segment")[:80],
            }  # fmt: skip
            if cell(values, "mrr_cents"):
                company["mrr_cents"] = _mrr(cell(values, "mrr_cents"))
        email = cell(values, "email")
        if email:
            validate_person_email(email)
            email = normalize_email(email)
        person = PersonRef(email, cell(values, "name")[:200], cell(values, "person_id")[:200],
                           company)  # fmt: skip
        if not person and company:
            raise ValidationError({"company": "A company needs a person (e-mail or id)."})
        idea_id = None
        if cell(values, "idea_id"):
            try:
                idea_id = int(cell(values, "idea_id"))
            except ValueError as error:
                raise ValidationError(
                    {"idea_id": f"“{cell(values, 'idea_id')[:20]}” is not an idea id."}
                ) from error
        return _Entry(where, fields, person or None, idea_id)

    def _chunk(self, rows: list[list[str]], offset: int) -> None:
        entries: list[_Entry] = []
        for number, values in enumerate(rows, start=offset + 2):
            where = f"{self.table.name}:{number}"
            try:
                entries.append(self._entry(values, where))
            except ValidationError as error:
                self.summary.skip(where, "feedback", reason_of(error))
        ideas = self._ideas({e.idea_id for e in entries if e.idea_id})
        ready = []
        for entry in entries:
            if entry.idea_id is not None:
                idea = ideas.get(entry.idea_id)
                if idea is None:
                    self.summary.skip(entry.where, "feedback", f"There is no idea {entry.idea_id}.")
                    continue
                if idea.deleted_at is not None:
                    self.summary.skip(entry.where, "feedback", f"Idea {idea.pk} was deleted.")
                    continue
                entry.fields["idea"] = idea
            ready.append(entry)
        # Already imported (or repeated within the chunk): nothing to write, not even people.
        stored = set(
            inbox.FeedbackItem.objects.filter(
                workspace=self.workspace, channel=Channel.IMPORT,
                external_id__in=[e.fields["external_id"] for e in ready],
            ).values_list("external_id", flat=True)
        )  # fmt: skip
        new = []
        for entry in ready:
            if entry.fields["external_id"] in stored:
                self.summary.add("feedback", "unchanged")
            else:
                stored.add(entry.fields["external_id"])
                new.append(entry)
        if not new:
            return
        try:
            with transaction.atomic():
                people = self._people([e.person for e in new])
                for entry in new:
                    entry.fields["person"] = people.get(_person_key(entry.person))
                results = inbox.feedback_receive_many(
                    workspace=self.workspace, channel=Channel.IMPORT,
                    entries=[e.fields for e in new], actor_user=self.actor_user, checked=True,
                )  # fmt: skip
        except (ValidationError, DatabaseError):
            self.known_people.clear()  # rolled back: some may not exist after all
            self.known_companies.clear()
            self._one_by_one(new)
            return
        self.known_people.update(people)
        for _, created in results:
            self.summary.add("feedback", "created" if created else "unchanged")

    def _one_by_one(self, entries: list[_Entry]) -> None:
        for entry in entries:
            entry.fields.pop("person", None)
            try:
                with transaction.atomic():
                    person = _person(self.workspace, entry.person)
                    _, created = inbox.feedback_receive(
                        workspace=self.workspace, channel=Channel.IMPORT, person=person,
                        actor_user=self.actor_user, **entry.fields,
                    )  # fmt: skip
            except (ValidationError, DatabaseError) as error:
                self.summary.skip(entry.where, "feedback", reason_of(error))
            else:
                self.summary.add("feedback", "created" if created else "unchanged")

    def _ideas(self, ids: set[int]) -> dict[int, Idea]:
        if not ids:
            return {}
        return {i.pk: i for i in Idea.objects.filter(workspace=self.workspace, pk__in=ids)}

    def _companies(self, specs: list[dict]) -> dict[tuple, Company]:
        """Company per (external id, name) key: the known ones read in two queries; new or
        changed ones through company_identify (a chunk names few companies)."""
        ws = self.workspace
        ids = {s["external_id"] for s in specs if s["external_id"]}
        names = {s["name"] for s in specs if not s["external_id"]}
        known = {}
        if ids:
            known.update({("id", c.external_id): c for c in Company.objects.filter(
                workspace=ws, external_id__in=ids)})  # fmt: skip
        if names:
            known.update({("name", c.name): c for c in Company.objects.filter(
                workspace=ws, external_id="", name__in=names)})  # fmt: skip
        found = {}
        for spec in specs:
            key = _company_key(spec)
            if key in found:
                continue
            company = self.known_companies.get(key)
            if company is not None and not _company_changes(company, spec):
                found[key] = company
                continue
            company = known.get(("id", spec["external_id"]) if spec["external_id"]
                                else ("name", spec["name"]))  # fmt: skip
            if company is None or _company_changes(company, spec):
                company = feedback.company_identify(workspace=ws, **spec)
            found[key] = company
        self.known_companies.update(found)
        return found

    def _people(self, refs: list[PersonRef | None]) -> dict[tuple, Person]:
        """Person per key for the chunk, as person_identify would find or make each one: the
        known and unchanged read in one query, new ones inserted together, the rest (changed,
        or colliding with another new one) through person_identify itself."""
        ws = self.workspace
        distinct: dict[tuple, PersonRef] = {}
        for ref in refs:
            if ref is not None:
                distinct.setdefault(_person_key(ref), ref)
        if not distinct:
            return {}
        companies = self._companies([r.company for r in distinct.values() if r.company is not None])
        found = {}
        for key, ref in list(distinct.items()):
            person = self.known_people.get(key)
            company = companies.get(_company_key(ref.company)) if ref.company else None
            if person is not None and not _person_changes(person, ref, company):
                found[key] = person
                del distinct[key]
        if not distinct:
            return found
        ids = {r.external_id for r in distinct.values() if r.external_id}
        emails = {r.email.lower() for r in distinct.values() if r.email}
        lookup = Q(pk__in=[])
        if ids:
            lookup |= Q(external_id__in=ids) & ~Q(external_id="")
        if emails:
            lookup |= Q(email_lower__in=emails) & ~Q(email="")
        by_id, by_email = {}, {}
        for person in Person.objects.annotate(email_lower=Lower("email")).filter(
            lookup, workspace=ws
        ):
            if person.external_id:
                by_id[person.external_id] = person
            if person.email:
                by_email[person.email.lower()] = person
        new, later = [], []
        taken_ids, taken_emails = set(by_id), set(by_email)
        for key, ref in distinct.items():
            company = companies.get(_company_key(ref.company)) if ref.company else None
            person = (by_id.get(ref.external_id) if ref.external_id else None) or (
                by_email.get(ref.email.lower()) if ref.email else None
            )
            if person is not None:
                if _person_changes(person, ref, company):
                    later.append((key, ref))
                else:
                    found[key] = person
            elif (ref.external_id and ref.external_id in taken_ids) or (
                ref.email and ref.email.lower() in taken_emails
            ):
                later.append((key, ref))  # shares an id or e-mail with another new person
            else:
                taken_ids.add(ref.external_id)
                taken_emails.add(ref.email.lower())
                person = Person(workspace=ws, email=ref.email, external_id=ref.external_id,
                                name=ref.name.strip(), company=company)  # fmt: skip
                new.append(person)
                found[key] = person
        Person.objects.bulk_create(new, batch_size=500)
        for key, ref in later:
            found[key] = _person(ws, ref)
        return found


def _person_key(ref: PersonRef | None) -> tuple:
    return (ref.external_id, ref.email.lower()) if ref else ()


def _company_key(spec: dict | None) -> tuple:
    return (spec["external_id"], spec["name"]) if spec else ()


def _company_changes(company: Company, spec: dict) -> bool:
    for name in ("name", "plan", "segment"):
        if spec.get(name) and getattr(company, name) != spec[name]:
            return True
    return spec.get("mrr_cents") is not None and company.mrr_cents != spec["mrr_cents"]


def _person_changes(person: Person, ref: PersonRef, company: Company | None) -> bool:
    if ref.email and person.email != ref.email:
        return True
    if ref.external_id and person.external_id != ref.external_id:
        return True
    if ref.name.strip() and person.name != ref.name.strip():
        return True
    return company is not None and person.company_id != company.pk


GENERIC_LABELS = {key: label for key, (label, _) in GENERIC_FIELDS.items()}
