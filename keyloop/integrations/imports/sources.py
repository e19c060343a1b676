"""Reading what other feedback tools export: files (CSV, or a zip of CSVs) in any of the usual
encodings, each format's columns, and its rows as ideas, votes and comments.

Column layouts (see tests/data/imports/README.md for where each comes from):
  canny      posts.csv, votes.csv, comments.csv
  fider      the admin's "Export posts to CSV" (posts.csv)
  uservoice  the suggestions export (one row per idea and voter) and comments.csv
  generic    any CSV; rows become feedback items through a column mapping
"""

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.core.exceptions import ValidationError
from django.utils.dateparse import parse_datetime

from keyloop.feedback.models import StatusCategory

csv.field_size_limit(10 * 1024 * 1024)


class ImportFileError(ValidationError):
    """The file as a whole cannot be imported (encoding, columns): nothing was written."""


# --- files -----------------------------------------------------------------------------------


def decode(raw: bytes) -> str:
    """UTF-8 (with or without a BOM), else Windows-1252 (what Excel writes), else Latin-1."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


@dataclass
class Table:
    name: str
    headers: list[str]
    rows: list[list[str]]  # data rows; row i is line i + 2 of the file (1 is the header)

    def column(self, *names: str) -> int | None:
        wanted = {normalize(n) for n in names}
        return next((i for i, h in enumerate(self.headers) if normalize(h) in wanted), None)


def normalize(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", header.lower())


def read_table(name: str, raw: bytes) -> Table:
    text = decode(raw)
    if "\x00" in text:
        raise ImportFileError(f"{name} is not a text (CSV) file.")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), dialect))
    except csv.Error as error:
        raise ImportFileError(f"{name} is not a readable CSV file ({error}).") from error
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise ImportFileError(f"{name} is empty.")
    headers = [h.strip() for h in rows[0]]
    return Table(name=name, headers=headers, rows=rows[1:])


def read_files(files: list[tuple[str, bytes]], *, max_bytes: int) -> list[Table]:
    """CSV files, and the CSV files inside any zip among them."""
    tables = []
    for name, raw in files:
        if raw[:4] == b"PK\x03\x04":
            try:
                archive = zipfile.ZipFile(io.BytesIO(raw))
            except zipfile.BadZipFile as error:
                raise ImportFileError(f"{name} is not a readable zip file.") from error
            members = [
                m for m in archive.infolist()
                if m.filename.lower().endswith(".csv") and not m.filename.startswith("__MACOSX")
            ]  # fmt: skip
            if not members:
                raise ImportFileError(f"{name} holds no CSV file.")
            if sum(m.file_size for m in members) > max_bytes:
                raise ImportFileError(f"{name} unpacks to more than {max_bytes:,} bytes.")
            tables += [read_table(m.filename.rsplit("/", 1)[-1], archive.read(m)) for m in members]
        else:
            tables.append(read_table(name, raw))
    return tables


# --- values ---------------------------------------------------------------------------------


def parse_when(value: str) -> datetime | None:
    """ISO 8601 or "YYYY-MM-DD HH:MM:SS" (UTC when no offset), or a few spreadsheet forms."""
    value = (value or "").strip()
    if not value:
        return None
    moment = None
    try:
        moment = parse_datetime(value.replace(" UTC", "").replace("Z", "+00:00"))
    except ValueError:
        moment = None
    if moment is None:
        for pattern in ("%Y-%m-%d", "%m/%d/%Y %H:%M", "%m/%d/%Y", "%d.%m.%Y", "%Y/%m/%d"):
            try:
                moment = datetime.strptime(value, pattern)
                break
            except ValueError:
                continue
    if moment is None:
        raise ValidationError(f"“{value[:40]}” is not a date.")
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def split_list(value: str) -> list[str]:
    return [part.strip() for part in re.split(r"[,;|]", value or "") if part.strip()]


# Status words of Canny, Fider and UserVoice → our categories. Anything else is open.
_CATEGORY_WORDS = {
    StatusCategory.SHIPPED: {"complete", "completed", "shipped", "done", "released", "live",
                             "already exists", "launched"},
    StatusCategory.IN_PROGRESS: {"in progress", "started", "working on it", "in development",
                                 "building", "in_progress"},
    StatusCategory.PLANNED: {"planned", "scheduled", "accepted", "on the roadmap", "next up"},
    StatusCategory.UNDER_REVIEW: {"under review", "reviewing", "under consideration",
                                  "considering", "needs review", "under_review"},
    StatusCategory.CLOSED: {"closed", "declined", "rejected", "duplicate", "won't do",
                            "will not implement", "not planned", "archived", "deleted"},
}  # fmt: skip


def status_category(name: str) -> str:
    words = " ".join((name or "").lower().replace("-", " ").split())
    for category, known in _CATEGORY_WORDS.items():
        if words in known:
            return category
    return StatusCategory.OPEN


def status_name(name: str) -> str:
    """Fider and Canny export slugs ("in-progress", "started"): give them a readable name."""
    name = " ".join((name or "").replace("_", " ").replace("-", " ").split())
    return name[:1].upper() + name[1:] if name.islower() else name


# --- what the formats carry -------------------------------------------------------------------


@dataclass
class PersonRef:
    email: str = ""
    name: str = ""
    external_id: str = ""
    company: dict | None = None

    def __bool__(self) -> bool:
        return bool(self.email or self.external_id)


@dataclass
class SourceIdea:
    source_id: str
    title: str
    body: str = ""
    board: str = ""
    status: str = ""
    tags: list[str] = field(default_factory=list)
    author: PersonRef | None = None
    created_at: datetime | None = None


@dataclass
class SourceVote:
    source_id: str
    idea_id: str
    voter: PersonRef
    created_at: datetime | None = None


@dataclass
class SourceComment:
    source_id: str
    idea_id: str
    body: str
    author: PersonRef | None = None
    by_team: bool = False  # an official response: written by the team, no customer author
    internal: bool = False
    created_at: datetime | None = None


@dataclass
class Row:
    where: str  # "posts.csv:4"
    kind: str  # idea, vote, comment
    record: object = None  # SourceIdea | SourceVote | SourceComment
    error: str = ""  # a row that cannot be read: skipped with this reason


class _Reader:
    """A table's cells by column name; blank for a column the file lacks."""

    def __init__(self, table: Table, columns: dict[str, tuple[str, ...]]):
        self.index = {key: table.column(*names) for key, names in columns.items()}

    def __call__(self, row: list[str], key: str) -> str:
        i = self.index.get(key)
        return row[i].strip() if i is not None and i < len(row) else ""


@dataclass
class FileKind:
    kind: str  # idea, vote, comment
    label: str  # "Canny posts"
    required: tuple[str, ...]  # keys that must have a column
    columns: dict[str, tuple[str, ...]]  # key -> accepted header names
    parse: object  # (cell, row) -> list of records

    def matches(self, table: Table) -> bool:
        return all(table.column(*self.columns[key]) is not None for key in self.required)

    def missing(self, table: Table) -> list[str]:
        return [self.columns[k][0] for k in self.required if table.column(*self.columns[k]) is None]


def _company(cell, row, prefix="company") -> dict | None:
    name, external_id = cell(row, f"{prefix}_name"), cell(row, f"{prefix}_id")
    if not name and not external_id:
        return None
    company = {"name": name, "external_id": external_id}
    mrr = cell(row, f"{prefix}_mrr")
    if mrr:
        try:
            company["mrr_cents"] = round(float(mrr.replace(",", "").lstrip("$")) * 100)
        except ValueError as error:
            raise ValidationError(f"Monthly revenue “{mrr[:20]}” is not a number.") from error
    return company


# Canny: posts, votes and comments, each its own CSV.
def _canny_post(cell, row):
    author = PersonRef(cell(row, "author_email"), cell(row, "author_name"),
                       cell(row, "author_id"), _company(cell, row))  # fmt: skip
    tags = split_list(cell(row, "tags")) + split_list(cell(row, "category"))
    return [SourceIdea(cell(row, "id"), cell(row, "title"), cell(row, "details"),
                       cell(row, "board"), cell(row, "status"), tags, author or None,
                       parse_when(cell(row, "created")))]  # fmt: skip


def _canny_vote(cell, row):
    voter = PersonRef(cell(row, "voter_email"), cell(row, "voter_name"), cell(row, "voter_id"),
                      _company(cell, row))  # fmt: skip
    if not voter:
        raise ValidationError("The voter has no e-mail address or id.")
    return [
        SourceVote(cell(row, "id"), cell(row, "post_id"), voter, parse_when(cell(row, "created")))
    ]


def _canny_comment(cell, row):
    author = PersonRef(cell(row, "author_email"), cell(row, "author_name"), cell(row, "author_id"))
    internal = cell(row, "internal").lower() in {"true", "yes", "1"}
    return [SourceComment(cell(row, "id"), cell(row, "post_id"), cell(row, "value"),
                          author or None, by_team=internal, internal=internal,
                          created_at=parse_when(cell(row, "created")))]  # fmt: skip


CANNY = [
    FileKind("idea", "Canny posts", ("id", "title", "status"), {
        "id": ("id", "post id"), "title": ("title",), "details": ("details", "description"),
        "board": ("board", "board name"), "category": ("category",), "status": ("status",),
        "tags": ("tags",), "author_name": ("author name",), "author_email": ("author email",),
        "author_id": ("author id", "author user id"), "company_name": ("company name",),
        "company_id": ("company id",), "company_mrr": ("company mrr", "company monthly spend"),
        "created": ("created", "created at"),
    }, _canny_post),
    FileKind("vote", "Canny votes", ("id", "post_id", "voter_email"), {
        "id": ("id", "vote id"), "post_id": ("post id",), "voter_name": ("voter name",),
        "voter_email": ("voter email",), "voter_id": ("voter id", "voter user id"),
        "company_name": ("company name",), "company_id": ("company id",),
        "company_mrr": ("company mrr", "company monthly spend"),
        "created": ("created", "created at"),
    }, _canny_vote),
    FileKind("comment", "Canny comments", ("id", "post_id", "value"), {
        "id": ("id", "comment id"), "post_id": ("post id",), "value": ("value", "comment"),
        "author_name": ("author name",), "author_email": ("author email",),
        "author_id": ("author id",), "internal": ("internal",),
        "created": ("created", "created at"),
    }, _canny_comment),
]  # fmt: skip


# Fider: the admin's "Export posts to CSV". No e-mail addresses in it, only the author's name,
# so authors become people known by that name; votes are a count, so no voters to import.
def _fider_person(name: str) -> PersonRef | None:
    return PersonRef(name=name, external_id=f"fider:{name}"[:200]) if name else None


def _fider_post(cell, row):
    number = cell(row, "number")
    records = [SourceIdea(number, cell(row, "title"), cell(row, "description"), "",
                          cell(row, "status"), split_list(cell(row, "tags")),
                          _fider_person(cell(row, "created_by")),
                          parse_when(cell(row, "created_at")))]  # fmt: skip
    response = cell(row, "response")
    if response:
        responder = cell(row, "responded_by")
        body = f"{response}\n\n— {responder}" if responder else response
        records.append(SourceComment(f"response:{number}", number, body, None, by_team=True,
                                     created_at=parse_when(cell(row, "responded_at"))))  # fmt: skip
    return records


FIDER = [
    FileKind("idea", "Fider posts", ("number", "title", "status"), {
        "number": ("number",), "title": ("title",), "description": ("description",),
        "created_at": ("created_at",), "created_by": ("created_by",), "status": ("status",),
        "responded_by": ("responded_by",), "responded_at": ("responded_at",),
        "response": ("response",), "tags": ("tags",),
    }, _fider_post),
]  # fmt: skip


# UserVoice: the suggestions export repeats each idea once per voter (user.* columns).
def _uservoice_suggestion(cell, row):
    creator = PersonRef(cell(row, "creator_email"), cell(row, "creator_name"))
    tags = split_list(cell(row, "labels")) + split_list(cell(row, "category"))
    idea_id = cell(row, "id")
    records = [SourceIdea(idea_id, cell(row, "title"), cell(row, "body"), cell(row, "forum"),
                          cell(row, "status"), tags, creator or None,
                          parse_when(cell(row, "created")))]  # fmt: skip
    company = _company(cell, row, "account")
    voter = PersonRef(
        cell(row, "user_email"), cell(row, "user_name"), cell(row, "user_id"), company
    )
    if voter:
        key = voter.external_id or voter.email.lower()
        records.append(SourceVote(f"{idea_id}:{key}", idea_id, voter, None))
    return records


def _uservoice_comment(cell, row):
    author = PersonRef(cell(row, "user_email"), cell(row, "user_name"), cell(row, "user_id"))
    return [SourceComment(cell(row, "id"), cell(row, "suggestion_id"), cell(row, "body"),
                          author or None, created_at=parse_when(cell(row, "created")))]  # fmt: skip


USERVOICE = [
    FileKind("idea", "UserVoice suggestions", ("id", "title"), {
        "id": ("suggestion.id",), "title": ("suggestion.title",), "body": ("suggestion.body",),
        "forum": ("suggestion.forum.name",), "category": ("suggestion.category.name",),
        "status": ("suggestion.status.name",), "labels": ("suggestion.labels.name",),
        "created": ("suggestion.created_timestamp",),
        "creator_email": ("suggestion.creator.email_address",),
        "creator_name": ("suggestion.creator.name",), "user_id": ("user.id",),
        "user_email": ("user.email_address",), "user_name": ("user.name",),
        "account_name": ("account.name", "external_account.name"),
        "account_id": ("account.external_id", "external_account.external_id"),
        "account_mrr": ("account.mrr", "external_account.mrr"),
    }, _uservoice_suggestion),
    FileKind("comment", "UserVoice comments", ("id", "suggestion_id", "body"), {
        "id": ("comment.id",), "suggestion_id": ("suggestion.id",), "body": ("comment.body",),
        "created": ("comment.created_timestamp",), "user_id": ("user.id",),
        "user_email": ("user.email_address",), "user_name": ("user.name",),
    }, _uservoice_comment),
]  # fmt: skip

FORMATS = {"canny": CANNY, "fider": FIDER, "uservoice": USERVOICE}
KIND_ORDER = {"idea": 0, "vote": 1, "comment": 2}


def board_rows(fmt: str, tables: list[Table]) -> list[Row]:
    """Every row of every file, ideas first, then votes, then comments. A file that is no
    known export of `fmt` raises ImportFileError before anything is written."""
    kinds = FORMATS[fmt]
    matched = []
    for table in tables:
        kind = next((k for k in kinds if k.matches(table)), None)
        if kind is None:
            expected = "; ".join(f"{k.label}: {', '.join(k.missing(table))}" for k in kinds)
            raise ImportFileError(
                f"{table.name} is not a {fmt} export: columns missing ({expected})."
            )
        matched.append((kind, table))
    matched.sort(key=lambda pair: KIND_ORDER[pair[0].kind])
    rows = []
    for kind, table in matched:
        cell = _Reader(table, kind.columns)
        for number, values in enumerate(table.rows, start=2):
            where = f"{table.name}:{number}"
            try:
                records = kind.parse(cell, values)
            except ValidationError as error:
                rows.append(Row(where, kind.kind, error=" ".join(error.messages)))
                continue
            rows += [
                Row(where, type(r).__name__.removeprefix("Source").lower(), r) for r in records
            ]
    return rows


# --- generic: a column mapping ----------------------------------------------------------------

# field -> (label, header names that suggest it)
GENERIC_FIELDS = {
    "text": ("Feedback text", ("text", "feedback", "body", "message", "comment", "description",
                               "content", "details")),
    "title": ("Title", ("title", "subject", "summary", "headline")),
    "external_id": ("External id", ("id", "externalid", "ticketid", "ticket", "feedbackid",
                                    "reference", "ref")),
    "email": ("Person e-mail", ("email", "emailaddress", "customeremail", "useremail",
                                "authoremail", "requesteremail", "contactemail")),
    "name": ("Person name", ("name", "customername", "username", "authorname", "fullname",
                             "requester", "requestername", "contactname", "customer")),
    "person_id": ("Person external id", ("personid", "userid", "customerid", "contactid",
                                         "externaluserid")),
    "company": ("Company name", ("company", "companyname", "account", "accountname",
                                 "organization", "organisation")),
    "company_id": ("Company external id", ("companyid", "accountid", "organizationid")),
    "plan": ("Company plan", ("plan", "tier", "companyplan")),
    "segment": ("Company segment", ("segment", "companysegment")),
    "mrr_cents": ("Company MRR (cents)", ("mrrcents", "mrr", "monthlyrevenue", "revenue")),
    "received_at": ("Received at", ("receivedat", "date", "createdat", "created", "timestamp",
                                    "submittedat", "time")),
    "source_url": ("Source URL", ("url", "sourceurl", "link", "permalink", "ticketurl")),
    "idea_id": ("Keyloop idea id", ("ideaid", "idea", "keyloopidea")),
}  # fmt: skip


def guess_mapping(headers: list[str]) -> dict[str, str]:
    """field -> header, from the header names; each header used once."""
    normalized = {normalize(h): h for h in reversed(headers)}
    mapping, used = {}, set()
    for key, (_, names) in GENERIC_FIELDS.items():
        for name in names:
            header = normalized.get(name)
            if header is not None and header not in used:
                mapping[key] = header
                used.add(header)
                break
    return mapping


def check_mapping(table: Table, mapping: dict[str, str]) -> dict[str, int]:
    """field -> column index; ImportFileError when text is not mapped or a column is missing."""
    unknown = sorted(set(mapping) - set(GENERIC_FIELDS))
    if unknown:
        raise ImportFileError(
            f"Unknown field(s) {', '.join(unknown)}; use {', '.join(GENERIC_FIELDS)}."
        )
    if not mapping.get("text"):
        raise ImportFileError("Map a column to the feedback text: it is required.")
    index = {}
    for key, header in mapping.items():
        if not header:
            continue
        position = next((i for i, h in enumerate(table.headers) if h == header), None)
        if position is None:
            position = table.column(header)
        if position is None:
            raise ImportFileError(
                f"{table.name} has no column “{header}” (for {GENERIC_FIELDS[key][0].lower()}). "
                f"Its columns: {', '.join(table.headers)}."
            )
        index[key] = position
    return index
