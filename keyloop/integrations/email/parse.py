"""A raw RFC 5322 message (bytes) → what the inbox keeps: sender, subject, the new text only.

HTML-only bodies become readable text; quoted replies and signatures are cut off so an item
holds what the customer wrote this time; attachments are listed (name, type, size), never
stored. Nothing here touches the database.
"""

import codecs
import email
import email.errors
import email.policy
import email.utils
import functools
import hashlib
import html as htmllib
import re
from dataclasses import dataclass, field
from datetime import datetime
from email.headerregistry import HeaderRegistry
from email.message import EmailMessage
from html.parser import HTMLParser

MESSAGE_ID_MAX = 255


class _HeaderClasses(HeaderRegistry):
    """The stdlib builds a new header class on every header read; build each one once."""

    @functools.cache  # noqa: B019 (one registry for the process)
    def __getitem__(self, name):
        return super().__getitem__(name)


POLICY = email.policy.default.clone(header_factory=_HeaderClasses())


class MalformedEmail(ValueError):
    """The bytes are not a message we can read; the text says why, for the sender."""


@dataclass
class ParsedEmail:
    sender_email: str
    sender_name: str
    subject: str
    text: str  # the new text: quotes and signature removed
    message_id: str  # without angle brackets; synthetic (hash of the bytes) when missing
    references: list[str] = field(default_factory=list)  # In-Reply-To first, then References
    attachments: list[dict] = field(default_factory=list)  # [{"name", "type", "size"}]
    date: datetime | None = None
    auto_submitted: bool = False  # out-of-office and other machine replies


# --- Message-IDs ---------------------------------------------------------------------------

_ID = re.compile(r"<([^<>\s]+)>")


def normalize_message_id(value: str) -> str:
    """'<abc@host>' → 'abc@host'; ids too long for a column become a stable hash."""
    value = value.strip().strip("<>").strip()
    if len(value) > MESSAGE_ID_MAX:
        value = "sha256:" + hashlib.sha256(value.encode("utf-8", "surrogateescape")).hexdigest()
    return value


def _ids(header_value: str) -> list[str]:
    found = _ID.findall(header_value or "")
    if not found and header_value and header_value.strip():
        found = header_value.split()  # some clients leave out the angle brackets
    return [normalize_message_id(value) for value in found if value.strip("<>")]


# --- Charsets -----------------------------------------------------------------------------


def decode_bytes(data: bytes, declared: str | None) -> str:
    """Decode with the declared charset if it is real and fits, else UTF-8, else cp1252.

    Mail often says iso-8859-1 or us-ascii and means windows-1252 (curly quotes, €), which is
    a superset for every printable character, so those labels are read as cp1252.
    """
    candidates = []
    if declared:
        try:
            name = codecs.lookup(declared.strip().strip("\"'")).name
        except LookupError:
            name = None
        if name in ("latin-1", "iso8859-1", "ascii"):
            name = "cp1252"
        if name:
            candidates.append(name)
    candidates += ["utf-8", "cp1252"]
    for name in candidates:
        try:
            return data.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("cp1252", errors="replace")


def _part_bytes(part) -> bytes:
    payload = part.get_payload(decode=True)
    if payload is None:
        payload = part.get_payload()
        if isinstance(payload, str):
            payload = payload.encode("utf-8", "surrogateescape")
        else:
            payload = b""
    return payload


def _part_text(part) -> str:
    text = decode_bytes(_part_bytes(part), part.get_content_charset())
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _header(message, name: str) -> str:
    """A header as text, '' when absent or unreadable (a broken header never stops a message)."""
    try:
        value = message.get(name)
    except (ValueError, TypeError, IndexError, AttributeError, LookupError):
        raw = next((v for k, v in message.raw_items() if k.lower() == name.lower()), "")
        value = raw
    if value is None:
        return ""
    text = str(value)
    if "\ufffd" in text or re.search(r"[\udc80-\udcff]", text):
        # 8-bit bytes without an encoded-word: guess the charset like a body's.
        text = decode_bytes(text.encode("utf-8", "surrogateescape"), None)
    return " ".join(text.split())


# --- HTML to text -------------------------------------------------------------------------

_BLOCK = {
    "address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "fieldset",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "tr", "ul",
}  # fmt: skip
_DROPPED = {"script", "style", "head", "title", "template", "noscript", "svg", "object"}
_VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "wbr",
}
# Quotes and signatures as mail clients mark them in HTML.
_QUOTE_CLASSES = {"gmail_quote", "gmail_signature", "yahoo_quoted", "moz-cite-prefix"}
# Outlook puts everything after these markers as the quoted message.
_CUT_IDS = {"appendonsend", "divrplyfwdmsg", "mail-editor-reference-message-container"}


class _HTMLText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip_tag: str | None = None
        self.skip_depth = 0
        self.pre = 0
        self.cut = False
        self.links: list[str | None] = []

    def _newline(self, count: int = 1):
        self.out.append("\n" * count)

    def _starts_skip(self, tag: str, attrs: dict) -> bool:
        if tag in _DROPPED:
            return True
        classes = set((attrs.get("class") or "").lower().split())
        if classes & _QUOTE_CLASSES:
            return True
        return tag == "blockquote" and (attrs.get("type") or "").lower() == "cite"

    def handle_starttag(self, tag, attrs):
        if self.cut:
            return
        attrs = {name: value for name, value in attrs}
        if self.skip_tag:
            if tag == self.skip_tag and tag not in _VOID:
                self.skip_depth += 1
            return
        if (attrs.get("id") or "").lower() in _CUT_IDS:
            self.cut = True
            return
        if self._starts_skip(tag, attrs):
            if tag not in _VOID:
                self.skip_tag, self.skip_depth = tag, 1
            return
        if tag == "br":
            self._newline()
        elif tag == "li":
            self._newline()
            self.out.append("- ")
        elif tag in _BLOCK:
            self._newline(2 if tag in ("p", "h1", "h2", "h3", "table", "blockquote") else 1)
            if tag == "hr":
                self.out.append("---")
                self._newline()
        if tag == "pre":
            self.pre += 1
        elif tag in ("td", "th"):
            self.out.append(" ")
        elif tag == "a":
            self.links.append(attrs.get("href"))
        elif tag == "img" and attrs.get("alt"):
            self.out.append(f"[{attrs['alt'].strip()}]")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if self.cut:
            return
        if self.skip_tag:
            if tag == self.skip_tag:
                self.skip_depth -= 1
                if self.skip_depth == 0:
                    self.skip_tag = None
            return
        if tag == "pre":
            self.pre = max(0, self.pre - 1)
        if tag == "a" and self.links:
            href = (self.links.pop() or "").strip()
            if re.match(r"(?i)(https?:|mailto:)", href):
                shown = re.sub(r"(?i)^mailto:", "", href)
                tail = "".join(self.out[-8:])
                if shown not in tail:
                    self.out.append(f" ({shown})")
        if tag in _BLOCK and tag != "li":  # an item's line break comes with the next item
            self._newline(2 if tag in ("p", "h1", "h2", "h3", "table", "blockquote") else 1)

    def handle_data(self, data):
        if self.cut or self.skip_tag:
            return
        if not self.pre:
            data = re.sub(r"\s+", " ", data)
        self.out.append(data)

    def text(self) -> str:
        lines = [" ".join(line.split()) for line in "".join(self.out).split("\n")]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def html_to_text(html: str) -> str:
    """Readable text from an HTML body: blocks on their own lines, links keep their address."""
    parser = _HTMLText()
    try:
        parser.feed(html)
        parser.close()
    except (AssertionError, ValueError, AttributeError):
        # html.parser gives up on some broken markup ('<![ bogus'); strip the tags crudely.
        text = re.sub(r"(?is)<(script|style|head)\b.*?(</\1\s*>|$)", " ", html)
        text = htmllib.unescape(re.sub(r"(?s)<[^>]*>?", " ", text))
        return re.sub(
            r"\n{3,}", "\n\n", "\n".join(" ".join(x.split()) for x in text.split("\n"))
        ).strip()
    return parser.text()


# --- Quotes and signatures ------------------------------------------------------------------

_ATTRIBUTION = re.compile(
    r"^\s*(On|Le|Am|El|Il|Op)\b.*(wrote|a écrit|schrieb|escribió|ha scritto|schreef)\s*:\s*$",
    re.IGNORECASE,
)
_ATTRIBUTION_START = re.compile(r"^\s*(On|Le|Am|El|Il|Op)\s.*\d", re.IGNORECASE)
_ORIGINAL = re.compile(
    r"^\s*-{2,}\s*(Original Message|Ursprüngliche Nachricht|Message d'origine|Forwarded message)"
    r"\s*-{2,}\s*$",
    re.IGNORECASE,
)
_OUTLOOK_RULE = re.compile(r"^\s*_{10,}\s*$")
_HEADER_FROM = re.compile(r"^\s*\*?(From|Von|De)\s*:\*?\s", re.IGNORECASE)
_HEADER_NEXT = re.compile(r"^\s*\*?(Sent|Date|Gesendet|Envoyé|To|Subject)\s*:", re.IGNORECASE)
_SIGNATURE = re.compile(r"^--\s?$")
_MOBILE = re.compile(
    r"^\s*(Sent from my \w+|Sent from (Mail|Outlook|Yahoo Mail)\b|Get Outlook for \w+"
    r"|Sent from (an? )?(mobile|iPhone|iPad|Android|Samsung)|Envoyé de mon \w+"
    r"|Von meinem \w+ gesendet)",
    re.IGNORECASE,
)


def strip_quotes_and_signature(text: str) -> str:
    """The text the sender wrote now: without quoted history, attribution lines, signatures.

    Lines quoted with '>' are dropped wherever they are (answers written between quotes are
    kept); an attribution ("On … wrote:") or an Outlook header block that is not followed by
    '>'-quoted lines starts an unquoted copy of the old message, so everything after it goes.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        rest = lines[index + 1 :]
        if _SIGNATURE.match(line) or _MOBILE.match(line):
            break
        if _ORIGINAL.match(line) or (_OUTLOOK_RULE.match(line) and _outlook_header(rest)):
            break
        if _HEADER_FROM.match(line) and _outlook_header(lines[index:]):
            break
        attribution = _ATTRIBUTION.match(line)
        span = 1
        if not attribution and _ATTRIBUTION_START.match(line) and rest:
            # "On Tue, 4 Mar 2025 at 09:12, Ada Lovelace <ada@example.com>\nwrote:"
            if _ATTRIBUTION.match(f"{line} {rest[0]}"):
                attribution, span = True, 2
        if attribution:
            following = next((x for x in lines[index + span :] if x.strip()), "")
            if not following.lstrip().startswith(">"):
                break
            index += span
            continue
        if line.lstrip().startswith(">"):
            index += 1
            continue
        kept.append(line.rstrip())
        index += 1
    cleaned = re.sub(r"\n{3,}", "\n\n", "\n".join(kept))
    return cleaned.strip()


def _outlook_header(lines: list[str]) -> bool:
    """'From: …' followed within three lines by 'Sent:'/'Date:'/'To:': a quoted header."""
    start = next((i for i, x in enumerate(lines[:3]) if _HEADER_FROM.match(x)), None)
    if start is None:
        return False
    return any(_HEADER_NEXT.match(x) for x in lines[start + 1 : start + 4])


# --- The message --------------------------------------------------------------------------

_SUBJECT_PREFIX = re.compile(r"^\s*((re|fwd?|aw|wg|sv|tr)\s*(\[\d+\])?\s*:\s*)+", re.IGNORECASE)


def clean_subject(subject: str) -> str:
    return _SUBJECT_PREFIX.sub("", subject).strip()


def _leaves(part):
    """(part, content type) of the leaves in order; an attached message is one leaf."""
    kind = part.get_content_type()
    if kind == "message/rfc822" or not part.is_multipart():
        yield part, kind
        return
    payload = part.get_payload()
    for sub in payload if isinstance(payload, list) else []:
        yield from _leaves(sub)


def _filename(part) -> str:
    try:
        name = part.get_filename()
    except (ValueError, TypeError, LookupError):
        name = None
    return " ".join(str(name).split()) if name else ""


def _disposition(part) -> str:
    try:
        return (part.get_content_disposition() or "").lower()
    except (ValueError, TypeError, LookupError):
        return ""


def _attachment(part, kind: str) -> dict:
    if kind == "message/rfc822":
        inner = part.get_payload()
        inner = inner[0] if isinstance(inner, list) and inner else None
        subject = _header(inner, "Subject") if inner is not None else ""
        return {"name": f"{subject or 'message'}.eml", "type": kind, "size": len(part.as_bytes())}
    ext = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "application/pdf": "pdf"}
    name = _filename(part) or f"attachment.{ext.get(kind, 'bin')}"
    return {"name": name[:255], "type": kind, "size": len(_part_bytes(part))}


def _check_structure(message) -> None:
    fatal = (
        email.errors.NoBoundaryInMultipartDefect,
        email.errors.StartBoundaryNotFoundDefect,
        email.errors.MultipartInvariantViolationDefect,
    )
    for part in message.walk():
        for defect in getattr(part, "defects", []):
            if isinstance(defect, fatal):
                raise MalformedEmail(
                    "The message's MIME structure is broken (a multipart part has no or a "
                    "wrong boundary), so its text cannot be read."
                )


def parse_email(raw: bytes, *, envelope_sender: str = "") -> ParsedEmail:
    """Read one raw message. Raises MalformedEmail with a reason a sender can act on."""
    if not isinstance(raw, bytes | bytearray) or not raw.strip():
        raise MalformedEmail("The message is empty.")
    raw = bytes(raw).lstrip(b"\xef\xbb\xbf\r\n\t ")
    if raw.startswith(b"From "):  # an mbox separator line some forwarders keep
        raw = raw.split(b"\n", 1)[1] if b"\n" in raw else b""
    head = raw[:4096].split(b"\n\n", 1)[0].split(b"\r\n\r\n", 1)[0]
    if not re.match(rb"^[!-9;-~]+:", head.lstrip()):
        raise MalformedEmail("This is not an e-mail message: it does not start with headers.")
    try:
        message: EmailMessage = email.message_from_bytes(raw, policy=POLICY)
    except (ValueError, TypeError, IndexError, LookupError, email.errors.MessageError) as error:
        raise MalformedEmail(f"The message cannot be parsed ({error}).") from error
    _check_structure(message)

    name, address = email.utils.parseaddr(_header(message, "From"))
    if "@" not in address:
        name, address = email.utils.parseaddr(_header(message, "Sender") or envelope_sender)
    if "@" not in address:
        raise MalformedEmail("The message has no sender address (From:).")

    subject = _header(message, "Subject")
    message_id = next(iter(_ids(_header(message, "Message-ID"))), "")
    if not message_id:
        message_id = f"sha256:{hashlib.sha256(raw).hexdigest()}"
    references = _ids(_header(message, "In-Reply-To"))
    references += [x for x in reversed(_ids(_header(message, "References"))) if x not in references]
    try:
        date = email.utils.parsedate_to_datetime(_header(message, "Date") or "")
    except (ValueError, TypeError, IndexError):
        date = None
    auto = _header(message, "Auto-Submitted").lower()
    precedence = _header(message, "Precedence").lower()
    auto_submitted = (auto not in ("", "no")) or precedence in ("auto_reply", "bulk", "junk")

    plain, html, attachments = [], [], []
    for part, kind in _leaves(message):
        is_file = _disposition(part) == "attachment" or bool(_filename(part))
        if kind == "text/plain" and not is_file:
            plain.append(_part_text(part))
        elif kind == "text/html" and not is_file:
            html.append(_part_text(part))
        elif not part.is_multipart() or kind == "message/rfc822":
            attachments.append(_attachment(part, kind))
    text = strip_quotes_and_signature("\n\n".join(plain))
    if not text and html:
        text = strip_quotes_and_signature("\n\n".join(html_to_text(h) for h in html))
    return ParsedEmail(
        sender_email=address.strip(), sender_name=name.strip(), subject=subject, text=text,
        message_id=message_id, references=references, attachments=attachments, date=date,
        auto_submitted=auto_submitted,
    )  # fmt: skip
