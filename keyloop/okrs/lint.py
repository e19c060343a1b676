"""The key-result quality check: deterministic rules taken from the seed documents, each finding
with the principle it applies and a rewrite in the complete form, and `statement()`, which
renders a key result as "[metric] from [baseline] to [target] by [date]" everywhere.

Pure functions over text, numbers and dates: no models, no database. Same input, same findings,
in the same order (RULES). A key result outside the team's influence is left to a human.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from .scoring import Direction

RULES = (
    "output-not-outcome",
    "vague-verb",
    "no-number",
    "no-baseline",
    "target-equals-baseline",
    "no-deadline",
    "deadline-outside-cycle",
    "vanity-metric",
    "too-few-key-results",
    "too-many-key-results",
    "too-many-objectives",
)

MIN_KEY_RESULTS = 2
MAX_KEY_RESULTS = 5
MAX_OBJECTIVES = 5

# The placeholders of the complete form, shown wherever a value is missing.
METRIC = "[metric]"
BASELINE = "[baseline]"
TARGET = "[target]"
DATE = "[date]"
COMPLETE_FORM = f"{METRIC} from {BASELINE} to {TARGET} by {DATE}"


@dataclass(frozen=True)
class Finding:
    rule: str  # one of RULES
    message: str  # why: the principle from the seeds, applied to this key result
    suggestion: (
        str  # a rewrite in the complete form "[metric] from [baseline] to [target] by [date]"
    )


# ---------------------------------------------------------------------------------------------
# Rendering: "[metric] from [baseline] to [target] by [date]"

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_PERCENT_UNITS = {"%", "percent", "percentage", "pct"}
# Unit kinds (KeyResult.unit) that say what a number is but put nothing next to it.
_PLAIN_UNITS = {"", "number", "count", "currency", "duration"}
_CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}


def format_date(day: date) -> str:
    """30 Sep 2027: unambiguous in every locale, unlike 09/30 or 30/09."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def format_number(value, *, unit: str = "", unit_label: str = "") -> str:
    """40 not 40.0000, 1,250 with a separator, 22%, $1,200, 1,200 CHF, 4 days but 1 day."""
    number = _decimal(value)
    if number is None:
        return ""
    # normalize() drops trailing zeros (40.0000 → 4E+1); the "f" format writes it out (40).
    text = format(number.normalize() if number else Decimal(0), ",f")
    if unit.strip().lower() in _PERCENT_UNITS or unit_label.strip() == "%":
        return f"{text}%"
    label = unit_label.strip() or ("" if unit.strip().lower() in _PLAIN_UNITS else unit.strip())
    if not label:
        return text
    symbol = _CURRENCY_SYMBOLS.get(label.upper(), label if label in "$€£¥" else "")
    if symbol:
        return f"-{symbol}{text[1:]}" if text.startswith("-") else f"{symbol}{text}"
    if number in (1, -1) and len(label) > 3 and label.endswith("s") and not label.endswith("ss"):
        label = label[:-1]  # "1 day", "1 second"; not "1 m" or "1 class"
    return f"{text} {label}"


def statement(
    *,
    metric: str,
    baseline,
    target,
    deadline: date | None,
    unit: str = "",
    unit_label: str = "",
    direction: str = "",
) -> str:
    """The key result as one complete sentence: "[metric] from [baseline] to [target] by [date]".

    Missing parts stay visible as placeholders ("from [baseline]") rather than disappearing, so an
    incomplete key result looks incomplete. A stay-above/below key result keeps a bound over the
    whole period rather than reaching it by a date, so it reads "… stays at or above 85% through
    30 Sep 2027 (baseline 88%)".
    """
    name = " ".join((metric or "").split()) or METRIC
    start = format_number(baseline, unit=unit, unit_label=unit_label) or BASELINE
    goal = format_number(target, unit=unit, unit_label=unit_label) or TARGET
    when = format_date(_day(deadline)) if deadline else DATE
    if direction in (Direction.STAY_ABOVE, Direction.STAY_BELOW):
        side = "above" if direction == Direction.STAY_ABOVE else "below"
        return f"{name} stays at or {side} {goal} through {when} (baseline {start})"
    return f"{name} from {start} to {goal} by {when}"


def _day(value: date) -> date:
    return value.date() if isinstance(value, datetime) else value


def _decimal(value) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float):
        value = repr(value)
    try:
        number = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return None
    return number if number.is_finite() else None


# ---------------------------------------------------------------------------------------------
# Reading a key result's wording

# Tasks and outputs: the seeds' "Launch mobile app", "Ship feature X", "Launch redesigned
# dashboard", and the issue's list. The imperative always reads as a task; a past participle or
# a noun ("Launched app", "Migration to X") only without a number, since "Shipped orders per day
# from 100 to 150" is a perfectly good metric.
_TASK_IMPERATIVES = {
    "launch", "ship", "build", "implement", "release", "create", "write", "migrate", "redesign",
    "deliver", "develop", "deploy", "complete", "finish", "introduce", "add", "publish", "design",
    "run", "conduct", "host", "hold", "hire", "integrate", "refactor", "rewrite", "document",
    "organise", "organize", "update", "upgrade", "install", "send", "start", "begin", "rollout",
    "setup", "automate", "translate", "prepare", "set", "roll", "kick",
}  # fmt: skip
_TASK_PARTICIPLES = {
    "launched", "shipped", "built", "implemented", "released", "created", "written", "migrated",
    "redesigned", "delivered", "developed", "deployed", "completed", "finished", "introduced",
    "added", "published", "designed", "hired", "integrated", "refactored", "rewritten",
    "documented", "updated", "upgraded", "installed", "automated", "translated",
    "launch of", "release of", "migration", "implementation", "rollout of", "redesign of",
}  # fmt: skip
_PHRASAL_PARTICLES = {"set": "up", "roll": "out", "kick": "off"}
# Words that promise change without saying how much: fine with a target, vague without one.
_VAGUE_WORDS = {
    "improve", "improved", "improving", "enhance", "enhanced", "enhancing", "optimize",
    "optimized", "optimizing", "optimise", "optimised", "optimising", "better", "boost",
    "boosted", "strengthen", "strengthened", "streamline", "streamlined", "maximize", "maximise",
    "minimize", "minimise",
}  # fmt: skip
_OUTCOME_VERBS = {
    "increase", "grow", "raise", "lift", "achieve", "reach", "hit", "double", "triple", "get",
    "reduce", "decrease", "cut", "lower", "shrink", "halve", "drop", "eliminate", "keep",
    "maintain", "stay", "expand", "improve", "enhance", "optimize", "optimise", "boost",
    "maximize", "maximise", "minimize", "minimise", "make", "gain",
}  # fmt: skip
_DOWN_VERBS = {
    "reduce", "decrease", "cut", "lower", "shrink", "halve", "drop", "eliminate", "minimize",
    "minimise",
}  # fmt: skip
_KEEP_VERBS = {"keep", "maintain", "stay", "hold"}
# Verbs that neither flag nor name the metric: "Close 500 tickets" is about tickets.
_OTHER_VERBS = {
    "close", "resolve", "handle", "answer", "sign", "win", "acquire", "onboard", "convert",
    "retain", "serve", "sell", "book", "generate", "land", "secure", "attract", "recruit", "earn",
}  # fmt: skip
_KNOWN_VERBS = (
    _TASK_IMPERATIVES | _TASK_PARTICIPLES | _VAGUE_WORDS | _OUTCOME_VERBS | _KEEP_VERBS
    | _OTHER_VERBS
    | {f"{verb} {particle}" for verb, particle in _PHRASAL_PARTICLES.items()}
)  # fmt: skip
_FILLERS = re.compile(
    r"^(?:kr\s*\d*\s*[:.)\-–]\s*|\d+[.)]\s+|[-•*]\s+|we\s+(?:will|want\s+to|need\s+to)\s+|to\s+)",
    re.IGNORECASE,
)
_LEADING_WORDS = re.compile(
    r"^(?:the|a|an|our|your|their|its|new|redesigned|improved|updated|better|first|initial|"
    r"one|two|three|four|five|six|seven|eight|nine|ten|\d+|to|onto|into|of|for)\s+",
    re.IGNORECASE,
)

# Vanity or easily gamed metrics (second seed: "Page views and signups feel good but may not
# correlate with business value. Tie key results to retention, activation, or revenue."), each
# with the outcome metric to pair it with. Only for key results that push the number up: fewer
# support e-mails or meetings is an outcome, more of them is activity.
_VANITY = (
    (r"page\s?-?views?|impressions|(?:web)?site\s+visit(?:s|ors)|unique\s+visitors",
     "page views", "Share of visitors who become weekly active users"),
    (r"sign[\s-]?ups?|registrations?|new\s+accounts",
     "sign-ups", "7-day activation rate of new sign-ups"),
    (r"downloads?|installs?|installations",
     "downloads", "30-day retention of new users"),
    (r"followers|likes|fans", "followers", "Activation rate of users referred by social channels"),
    (r"meetings?", "meetings", "Conversion rate from first meeting to qualified opportunity"),
    (r"e-?mails?(?:\s+sent)?", "e-mails sent",
     "Share of e-mailed customers who return within 7 days"),
    (r"tickets?\s+(?:closed|resolved|handled)|(?:closed|resolved)\s+tickets?"
     r"|(?:close|resolve|handle)[sd]?\s+(?:\d[\d,]*\s+)?(?:support\s+)?tickets?",
     "tickets closed", "Customer satisfaction (CSAT) on resolved tickets"),
)  # fmt: skip

# A vanity count turned into a rate, a share or a quality measure is no longer vanity.
_QUALITY_RE = re.compile(
    r"\b(?:rate|share|ratio|retention|conversion|csat|satisfaction|quality)\b", re.IGNORECASE
)

# When a task or a vague wish names no metric, the outcome it most plausibly serves (the seeds'
# own pairs: onboarding → 7-day activation rate, retention, referral rate, NPS …).
_OUTCOME_FOR = (
    (r"onboarding|activation|activate", "7-day activation rate"),
    (r"retention|retain|churn", "Monthly retention"),
    (r"referral|word of mouth", "Organic referral rate"),
    (r"\bnps\b|net promoter|satisfaction|csat", "Net Promoter Score"),
    (r"pricing|checkout|conversion|trial", "Trial-to-paid conversion rate"),
    (r"performance|speed|latency|load time|faster|slow", "p95 page load time"),
    (r"support|help ?cent(?:er|re)|docs|documentation|faq", "Support tickets per 100 customers"),
    (r"\bsearch", "Search success rate"),
    (r"revenue|\bmrr\b|\barr\b|sales", "Monthly recurring revenue"),
)
# Outputs whose natural outcome is that people use the thing: "Launch mobile app" → "Mobile
# app weekly active users".
_ADOPTION_VERBS = {
    "launch", "ship", "build", "release", "create", "develop", "deploy", "introduce", "add",
    "deliver", "implement", "redesign", "design", "rollout", "roll", "launched", "shipped",
    "built", "released", "created", "developed", "deployed", "introduced", "added", "delivered",
    "implemented", "redesigned", "designed", "launch of", "release of", "rollout of",
    "redesign of", "implementation",
}  # fmt: skip

_NUM = (
    r"(?<![\w.\-/])(?P<sign>[-−])?(?P<cur>[$€£¥])?"
    r"(?P<n>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<mult>[kKmM]|bn)?(?![\w/])"
    r"(?P<pct>\s?(?:%|percent\b|pct\b))?"
    r"(?P<code>\s(?:USD|EUR|GBP|CHF)\b)?"
    r"(?P<word>\s(?:ms|milliseconds?|seconds?|secs?|s|minutes?|mins?|hours?|hrs?|days?|weeks?"
    r"|months?|points?|pts)\b)?"
    r"(?!-[A-Za-z])"
)
# The same number pattern with its groups renamed, for a baseline and a target in one pattern.
_BASE = _NUM.replace("?P<", "?P<b_")
_GOAL = _NUM.replace("?P<", "?P<t_")
_MULTIPLIERS = {"k": 1000, "m": 1000000, "bn": 1000000000}

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_MONTH_NUMBERS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_DATE_FORMS = (
    r"(?P<iso>\d{4}-\d{2}-\d{2})",
    rf"(?P<dm_day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<dm_month>{_MONTH})(?:,?\s+(?P<dm_year>\d{{4}}))?",
    rf"(?P<md_month>{_MONTH})\s+(?P<md_day>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<md_year>\d{{4}}))?",
    rf"(?P<m_month>{_MONTH})(?:\s+(?P<m_year>\d{{4}}))?",
    r"(?:(?P<q_year_first>\d{4})\s+)?q(?P<q>[1-4])(?:\s+(?P<q_year>\d{4}))?",
    r"(?:(?P<h_year_first>\d{4})\s+)?h(?P<h>[12])(?:\s+(?P<h_year>\d{4}))?",
    r"(?P<cycle>(?:this\s+|the\s+)?(?:cycle|quarter))(?:\s+end)?",
    r"(?P<year_end>(?:the\s+)?year(?:\s+end)?|eoy)",
)  # fmt: skip
_DEADLINE_RE = re.compile(
    r"(?:,\s*)?\b(?P<lead>by|before|until|till|through|thru|due|deadline:?|no\s+later\s+than|in)"
    r"\s+(?:the\s+)?(?:end\s+of\s+(?:the\s+)?)?(?P<when>" + "|".join(_DATE_FORMS) + r")(?![\w%])",
    re.IGNORECASE,
)
_FROM_TO_RE = re.compile(
    rf"\bfrom\s+(?:about\s+|around\s+|roughly\s+)?(?P<base>{_BASE})"
    rf"\s*(?:to|→|->|–)\s*(?P<qual>(?:under|below|over|above|at\s+least|at\s+most|less\s+than"
    rf"|more\s+than|fewer\s+than)\s+)?(?P<goal>{_GOAL})",
    re.IGNORECASE,
)
_TO_FROM_RE = re.compile(
    rf"\bto\s+(?P<goal>{_GOAL})\s*,?\s*(?:up\s+|down\s+)?from\s+"
    rf"(?P<base>{_BASE})",
    re.IGNORECASE,
)
_ARROW_RE = re.compile(
    rf"(?P<base>{_BASE})\s*(?:to|->|–)\s*(?P<goal>{_GOAL})",
    re.IGNORECASE,
)
_BASELINE_RE = re.compile(
    rf"\(?\s*\b(?:currently|now(?:\s+at)?|today|baseline(?:\s+of|:)?|was|up\s+from|down\s+from"
    rf"|vs\.?|versus|compared\s+to|from)\s+(?P<base>{_BASE})[^)]*\)?",
    re.IGNORECASE,
)
_RELATIVE_RE = re.compile(
    rf"\bby\s+(?:at\s+least\s+)?(?P<goal>{_GOAL})(?:\s*(?:x|times))?",
    re.IGNORECASE,
)
_RELATIVE_WORDS_RE = re.compile(r"\b(?:double|triple|halve|cut\s+in\s+half)\b", re.IGNORECASE)
_TARGET_RE = re.compile(
    rf"(?:\b(?:to|of|at|reach(?:es)?|hit|under|below|above|over|at\s+(?:least|most)|less\s+than"
    rf"|more\s+than|fewer\s+than|no\s+(?:more|less)\s+than)\s+)*"
    rf"(?P<goal>{_GOAL})",
    re.IGNORECASE,
)
_BELOW_RE = re.compile(
    r"\b(?:under|below|less\s+than|fewer\s+than|at\s+most|no\s+more\s+than)\s*$", re.IGNORECASE
)
_ABOVE_RE = re.compile(
    r"\b(?:above|over|more\s+than|at\s+least|no\s+less\s+than)\s*$", re.IGNORECASE
)


@dataclass(frozen=True)
class _Number:
    text: str  # as written: "35%", "100K", "$1.2M", "4 days"
    value: Decimal
    relative: bool = False  # "by 40%": a change relative to the baseline


def _number(match: re.Match, prefix: str = "") -> _Number:
    def group(name):
        return match.group(prefix + name)

    value = Decimal(group("n").replace(",", ""))
    if group("mult"):
        value *= _MULTIPLIERS[group("mult").lower()]
    if group("sign"):
        value = -value
    start, end = match.span(prefix + "n")
    for name in ("sign", "cur"):
        if group(name):
            start = min(start, match.start(prefix + name))
    for name in ("mult", "pct", "code", "word"):
        if group(name):
            end = max(end, match.end(prefix + name))
    return _Number(text=match.string[start:end].strip(), value=value)


@dataclass(frozen=True)
class _Deadline:
    text: str  # as written, without "by": "30 September", "end of Q2"
    day: date | None  # None when it cannot be placed in a year (no cycle to anchor it)


def _resolve(month: int, day: int | None, year: int | None, cycle_start, cycle_end) -> date | None:
    """The date, taking a missing year from the cycle: the first such date on or after its start."""

    def build(y):
        last = _month_end(y, month)
        try:
            return date(y, month, day if day is not None else last)
        except ValueError:
            return None

    if year is not None:
        return build(year)
    anchor = cycle_start or cycle_end
    if anchor is None:
        return None
    for y in range(anchor.year, anchor.year + 2):
        candidate = build(y)
        if candidate is not None and (cycle_start is None or candidate >= cycle_start):
            return candidate
    return None


def _month_end(year: int, month: int) -> int:
    if month == 12:
        return 31
    return (date(year, month + 1, 1) - date(year, month, 1)).days


def _deadline(match: re.Match, cycle_start, cycle_end) -> _Deadline:
    g = match.groupdict()
    text = match.string[match.end("lead") : match.end()].strip()
    day = None
    if g["iso"]:
        try:
            day = date.fromisoformat(g["iso"])
        except ValueError:
            day = None
    elif g["dm_month"] or g["md_month"] or g["m_month"]:
        month_text = (g["dm_month"] or g["md_month"] or g["m_month"]).lower()[:3]
        day_text = g["dm_day"] or g["md_day"]
        year_text = g["dm_year"] or g["md_year"] or g["m_year"]
        day = _resolve(
            _MONTH_NUMBERS[month_text],
            int(day_text) if day_text else None,
            int(year_text) if year_text else None,
            cycle_start,
            cycle_end,
        )
    elif g["q"]:
        year_text = g["q_year"] or g["q_year_first"]
        month = int(g["q"]) * 3
        day = _resolve(month, None, int(year_text) if year_text else None, cycle_start, cycle_end)
    elif g["h"]:
        year_text = g["h_year"] or g["h_year_first"]
        month = int(g["h"]) * 6
        day = _resolve(month, None, int(year_text) if year_text else None, cycle_start, cycle_end)
    elif g["cycle"]:
        day = cycle_end
    elif g["year_end"]:
        day = _resolve(12, 31, None, cycle_start, cycle_end)
    return _Deadline(text=text, day=day)


@dataclass(frozen=True)
class _Reading:
    """What a free-text key result says: its metric, numbers, direction and deadline."""

    metric: str
    baseline: _Number | None
    target: _Number | None
    direction: str
    deadline: _Deadline | None


def _read(text: str, cycle_start, cycle_end) -> _Reading:
    text = _FILLERS.sub("", " ".join(text.replace("→", " to ").split()))
    deadline = None
    for match in _DEADLINE_RE.finditer(text):
        # "in" only introduces a deadline for a quarter or half ("in Q3"), not "in 30 days".
        if match.group("lead").lower() == "in" and not (match.group("q") or match.group("h")):
            continue
        deadline = _deadline(match, cycle_start, cycle_end)
        text = (text[: match.start()] + text[match.end() :]).strip()
        break
    text = text.rstrip(" .;,")
    words = text.split()
    verb = _leading_verb(text)
    if verb not in _KNOWN_VERBS or not text.lower().startswith(verb):
        verb = ""  # "Monthly retention stays above 85%" leads with its metric
    body = text[len(verb) :].strip()

    baseline = target = None
    span = None  # where the numbers sit in `body`: the metric is what comes before them
    qualifier = ""
    if found := _FROM_TO_RE.search(body) or _TO_FROM_RE.search(body) or _ARROW_RE.search(body):
        baseline, target = _number(found, "b_"), _number(found, "t_")
        span = found.span()
        qualifier = (found.groupdict().get("qual") or "").strip()
    else:
        rest = body
        if found := _BASELINE_RE.search(body):
            baseline = _number(found, "b_")
            span = found.span()
            rest = body[: found.start()] + " " * (found.end() - found.start()) + body[found.end() :]
        if found := _RELATIVE_RE.search(rest):
            number = _number(found, "t_")
            target = _Number(text=number.text, value=number.value, relative=True)
            span = _first(span, found.span())
        elif found := _TARGET_RE.search(rest):
            target = _number(found, "t_")
            span = _first(span, found.span())
            qualifier = rest[: found.start("t_n")]
        elif found := _RELATIVE_WORDS_RE.search(text):
            target = _Number(text=found.group(0).lower(), value=Decimal(0), relative=True)

    metric = body
    if span is not None:
        metric = body[: span[0]]
        if not metric.strip(" ,(-"):
            # "Achieve 40% activation rate": the metric follows the number.
            after = body[span[1] :]
            metric = re.split(r"\s+(?:by|for|in|of|from|to|at)\s+|\(", after, maxsplit=1)[0]
    metric = re.split(r"\s+(?:stays?|remains?)\b", metric, maxsplit=1)[0].strip(" ,(-:")

    direction = Direction.INCREASE
    first = words[0].lower() if words else ""
    lowered = text.lower()
    below = re.search(r"\b(?:below|under|at\s+most|no\s+more\s+than)\b", lowered)
    above = re.search(r"\b(?:above|over|at\s+least|no\s+less\s+than)\b", lowered)
    if (first in _KEEP_VERBS or re.search(r"\b(?:stays?|remains?)\b", lowered)) and (
        below or above
    ):
        direction = Direction.STAY_BELOW if below else Direction.STAY_ABOVE
    elif first in _DOWN_VERBS or (target is not None and _BELOW_RE.search(qualifier or "")):
        direction = Direction.DECREASE
    elif baseline is not None and target is not None and not target.relative:
        if target.value < baseline.value:
            direction = Direction.DECREASE
    return _Reading(
        metric=metric, baseline=baseline, target=target, direction=direction, deadline=deadline
    )


def read_statement(text: str, *, cycle_start=None, cycle_end=None) -> dict:
    """The figures a one-sentence key result states: {"metric", "baseline", "target",
    "direction", "deadline"} (None where it says nothing; relative targets such as "by 40%"
    give no target). For forms: a title written as the complete statement fills the empty
    fields, so the numbers the person wrote are the ones scored and checked."""
    reading = _read(text or "", cycle_start, cycle_end)
    target = reading.target if reading.target and not reading.target.relative else None
    return {
        "metric": _capitalised(reading.metric.strip()) if target is not None else "",
        "baseline": reading.baseline.value if reading.baseline else None,
        "target": target.value if target else None,
        "direction": reading.direction,
        "deadline": reading.deadline.day if reading.deadline else None,
    }


def _first(span, other):
    return other if span is None or other[0] < span[0] else span


def _leading_verb(title: str) -> str:
    """The first word (or phrasal verb: "roll out", "set up"; "launch of"), lower-cased."""
    words = _FILLERS.sub("", title.strip()).lower().split()
    if not words:
        return ""
    first = words[0].strip(",.:;")
    second = words[1].strip(",.:;") if len(words) > 1 else ""
    if _PHRASAL_PARTICLES.get(first) == second:
        return f"{first} {second}"
    if second == "of" and f"{first} of" in _TASK_PARTICIPLES:
        return f"{first} of"
    return first


def _is_task(title: str, *, has_number: bool) -> str:
    """The task verb the title leads with, or "" when it leads with an outcome."""
    verb = _leading_verb(title)
    first = verb.split()[0] if verb else ""
    if first in _PHRASAL_PARTICLES and verb == first:
        return ""  # "set", "roll", "kick" alone are not tasks ("Set a record" is not our call)
    if verb in _TASK_IMPERATIVES or (first in _TASK_IMPERATIVES and " " in verb):
        return verb
    if verb in _TASK_PARTICIPLES and not has_number:
        return verb
    return ""


def _vague_word(title: str) -> str:
    for word in re.findall(r"[a-z]+", title.lower()):
        if word in _VAGUE_WORDS:
            return word
    return ""


def _vanity(text: str) -> tuple[str, str] | None:
    if _QUALITY_RE.search(text):
        return None  # "Sign-up conversion rate", "7-day retention of downloads": already paired
    for pattern, name, pair in _VANITY:
        if re.search(rf"\b(?:{pattern})\b", text, re.IGNORECASE):
            return name, pair
    return None


def _object(title: str, verb: str) -> str:
    """What a task or wish is about: "Launch the new mobile app" → "mobile app"."""
    words = _FILLERS.sub("", title.strip())
    rest = words[len(verb) :] if verb and words.lower().startswith(verb) else words
    rest = rest.strip(" .,:;")
    previous = None
    while previous != rest:
        previous = rest
        rest = _LEADING_WORDS.sub("", rest)
    # "Roll out SSO to all customers" is about SSO; who gets it is the rollout's detail.
    rest = re.split(r"\s+(?:to|for|in|on|across|with|by|at)\s+", rest, maxsplit=1)[0]
    return rest.strip(" .,:;")


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _inferred_metric(title: str, *, task: str) -> str:
    """A metric for a title that names none, or a marked placeholder when nothing fits."""
    verb = task or _leading_verb(title)
    about = _object(title, verb)
    if not re.search(r"[^\W\d_]", about):
        about = ""
    for pattern, metric in _OUTCOME_FOR:
        if re.search(pattern, title, re.IGNORECASE):
            return metric
    if not about:
        return METRIC
    if task:
        if task in _ADOPTION_VERBS or task.split()[0] in _ADOPTION_VERBS:
            return f"{_capitalised(about)} weekly active users"
        return f"[outcome metric for {about}]"
    if verb in _OUTCOME_VERBS and verb not in _VAGUE_WORDS:
        return _capitalised(about)  # "Increase revenue" → "Revenue"
    if verb in _OUTCOME_VERBS or verb in _VAGUE_WORDS:
        return f"[how you measure {about}]"
    return _capitalised(_object(title, ""))


# ---------------------------------------------------------------------------------------------
# The findings


@dataclass(frozen=True)
class _KeyResult:
    """A key result as the rules see it, whether it came from fields or from a sentence."""

    title: str
    metric: str  # named metric, "" when none
    from_text: bool  # metric and numbers were read from the wording, not given as fields
    direction: str
    baseline: str | None  # as displayed ("35%"), None when missing
    target: str | None
    equal: bool  # target equals baseline
    relative: bool  # target given as a change ("by 40%")
    deadline_given: bool
    deadline: date | None
    deadline_text: str
    cycle_start: date | None
    cycle_end: date | None


def _date_text(kr: _KeyResult) -> str:
    if kr.deadline is not None and _inside(kr.deadline, kr):
        return format_date(kr.deadline)
    if kr.deadline is None and kr.deadline_given:
        return kr.deadline_text
    return format_date(kr.cycle_end) if kr.cycle_end else DATE


def _inside(day: date, kr: _KeyResult) -> bool:
    return not ((kr.cycle_start and day < kr.cycle_start) or (kr.cycle_end and day > kr.cycle_end))


def _rewrite(kr: _KeyResult, *, metric: str | None = None, keep_numbers: bool = True) -> str:
    task = _is_task(kr.title, has_number=kr.target is not None)
    if metric is not None:
        name = metric
    elif task and (kr.from_text or not kr.metric):
        # "Write 10 blog posts": the 10 counts the task's outputs, not the outcome's metric.
        name, keep_numbers = _inferred_metric(kr.title, task=task), False
    else:
        name = kr.metric or _inferred_metric(kr.title, task=task)
    name = " ".join(name.split())
    if not re.search(r"[^\W\d_]", name):
        name = METRIC  # nothing that reads as a name: "0 , to 0"
    baseline = (kr.baseline if keep_numbers else None) or BASELINE
    target = (kr.target if keep_numbers else None) or TARGET
    if kr.relative and keep_numbers:
        change = "below" if kr.direction == Direction.DECREASE else "above"
        target = (
            f"{kr.target} {change} {BASELINE}"
            if kr.target and kr.target[0].isdigit()
            else (f"{kr.target} {BASELINE}")
        )
    if kr.direction in (Direction.STAY_ABOVE, Direction.STAY_BELOW) and keep_numbers:
        side = "above" if kr.direction == Direction.STAY_ABOVE else "below"
        return (
            f"{_capitalised(name)} stays at or {side} {target} through {_date_text(kr)} "
            f"(baseline {baseline})"
        )
    return f"{_capitalised(name)} from {baseline} to {target} by {_date_text(kr)}"


def _findings(kr: _KeyResult) -> list[Finding]:
    found: dict[str, Finding] = {}
    rewrite = _rewrite(kr)
    has_target = kr.target is not None

    if task := _is_task(kr.title, has_number=has_target):
        found["output-not-outcome"] = Finding(
            "output-not-outcome",
            f"“{_capitalised(task.removesuffix(' of'))}” is a task, not a key result: a key "
            "result is an outcome you can measure, not a task you do. Tasks might or might not "
            "produce outcomes — what outcome should this achieve? That's the key result.",
            rewrite,
        )
    if not has_target and (word := _vague_word(kr.title)):
        found["vague-verb"] = Finding(
            "vague-verb",
            f"“{_capitalised(word)}” without a target isn't measurable: a good key result "
            "answers “how would we know if we succeeded?” with a metric, a starting point, a "
            "target and a deadline.",
            rewrite,
        )
    if not has_target:
        found["no-number"] = Finding(
            "no-number",
            "A key result must be quantifiable: if you can't attach a number, it's not a key "
            "result. Give it a target value.",
            rewrite,
        )
    if has_target and kr.baseline is None and not kr.relative:
        found["no-baseline"] = Finding(
            "no-baseline",
            f"A target without a baseline means nothing without knowing the current state: is "
            f"{kr.target} ambitious or conservative? Baselines provide context.",
            rewrite,
        )
    if kr.equal and not kr.relative and kr.direction in (Direction.INCREASE, Direction.DECREASE):
        found["target-equals-baseline"] = Finding(
            "target-equals-baseline",
            f"The target equals the baseline ({kr.target}): nothing to measure. A key result "
            "should stretch the team beyond where it stands today.",
            _rewrite(kr, keep_numbers=False).replace(f"from {BASELINE}", f"from {kr.baseline}", 1),
        )
    if not kr.deadline_given and kr.cycle_end is None:
        found["no-deadline"] = Finding(
            "no-deadline",
            "Key results are time-bound: a deadline, typically aligned with the OKR cycle, "
            "creates urgency and enables assessment.",
            rewrite,
        )
    if kr.deadline is not None and not _inside(kr.deadline, kr):
        bounds = " – ".join(format_date(d) for d in (kr.cycle_start, kr.cycle_end) if d)
        found["deadline-outside-cycle"] = Finding(
            "deadline-outside-cycle",
            f"The deadline ({format_date(kr.deadline)}) falls outside the cycle ({bounds}): key "
            "results have deadlines aligned with their OKR cycle, so the cycle can assess them.",
            rewrite,
        )
    vanity = _vanity(kr.title if kr.from_text else (kr.metric or kr.title))
    if vanity and kr.direction in (Direction.INCREASE, Direction.STAY_ABOVE):
        name, pair = vanity
        found["vanity-metric"] = Finding(
            "vanity-metric",
            f"{_capitalised(name)} feel good but may not correlate with business value, and "
            "metrics that can be gamed will be. Pair it with a quality or outcome metric tied to "
            f"retention, activation or revenue: “{pair}”.",
            _rewrite(kr, metric=pair, keep_numbers=False),
        )
    return [found[rule] for rule in RULES if rule in found]


def lint_key_result(
    *,
    title: str,
    metric: str = "",
    unit: str = "",
    direction: str = "increase",
    baseline=None,
    target=None,
    deadline: date | None = None,
    cycle_start: date | None = None,
    cycle_end: date | None = None,
    unit_label: str = "",
    kind: str = "metric",
) -> list[Finding]:
    """The findings for a key result's fields (the numbers come from the fields, not the title).

    Without a deadline, the key result's deadline defaults to the cycle's end, so only a key
    result with neither is flagged "no-deadline". A milestone's figures are just done/not done
    (0 → 1) and say nothing about the outcome, so its title is judged on its own: "Launch
    mobile app" as a milestone is still a task, not a result.
    """
    if kind == "milestone":
        return lint_statement(title, cycle_start=cycle_start, cycle_end=cycle_end)
    base = _decimal(baseline)
    goal = _decimal(target)
    day = _day(deadline) if deadline else None
    kr = _KeyResult(
        title=title or "",
        metric=(metric or "").strip(),
        from_text=False,
        direction=direction or Direction.INCREASE,
        baseline=format_number(base, unit=unit, unit_label=unit_label)
        if base is not None
        else None,
        target=format_number(goal, unit=unit, unit_label=unit_label) if goal is not None else None,
        equal=base is not None and goal is not None and base == goal,
        relative=False,
        deadline_given=day is not None,
        deadline=day,
        deadline_text=format_date(day) if day else "",
        cycle_start=_day(cycle_start) if cycle_start else None,
        cycle_end=_day(cycle_end) if cycle_end else None,
    )
    return _findings(kr)


def lint_statement(
    statement: str, *, cycle_start: date | None = None, cycle_end: date | None = None
) -> list[Finding]:
    """The findings for a key result written as one sentence.

    Reads "[metric] from X to Y by DATE" and its usual variants: "Achieve NPS of 45 (currently
    28)", "Reduce tickets by 40%", "… by end of Q2", "… by 30 September" (the year taken from
    the cycle). Without a date, a key result in a cycle is due at the cycle's end.
    """
    start = _day(cycle_start) if cycle_start else None
    end = _day(cycle_end) if cycle_end else None
    reading = _read(statement or "", start, end)
    equal = (
        reading.baseline is not None
        and reading.target is not None
        and reading.baseline.value == reading.target.value
    )
    kr = _KeyResult(
        title=statement or "",
        metric=_capitalised(reading.metric) if reading.target is not None else "",
        from_text=True,
        direction=reading.direction,
        baseline=reading.baseline.text if reading.baseline else None,
        target=reading.target.text if reading.target else None,
        equal=equal,
        relative=bool(reading.target and reading.target.relative),
        deadline_given=reading.deadline is not None,
        deadline=reading.deadline.day if reading.deadline else None,
        deadline_text=reading.deadline.text if reading.deadline else "",
        cycle_start=start,
        cycle_end=end,
    )
    return _findings(kr)


def lint_objective(*, title: str, key_result_count: int) -> list[Finding]:
    """2–5 key results per objective: warned outside that range, never blocked while drafting."""
    if key_result_count < MIN_KEY_RESULTS:
        return [
            Finding(
                "too-few-key-results",
                f"“{title}” has {key_result_count} key result"
                f"{'' if key_result_count == 1 else 's'}: each objective should have 2–5. Fewer "
                "than 2 leaves important dimensions of success unmeasured.",
                f"Add a key result: {COMPLETE_FORM}",
            )
        ]
    if key_result_count > MAX_KEY_RESULTS:
        return [
            Finding(
                "too-many-key-results",
                f"“{title}” has {key_result_count} key results: five per objective is the "
                "maximum. When everything is a key result, nothing is — more than that "
                "fragments focus.",
                "Keep the 3–5 key results that truly indicate success; track the rest as KPIs.",
            )
        ]
    return []


def lint_team_cycle(*, team_name: str, objective_count: int) -> list[Finding]:
    """More than five objectives for one team in one cycle dilutes focus."""
    if objective_count > MAX_OBJECTIVES:
        return [
            Finding(
                "too-many-objectives",
                f"{team_name} has {objective_count} objectives this cycle: more than 5 dilutes "
                "focus. Focus makes clear what matters — and implicitly, what doesn't.",
                "Keep the 5 objectives that matter most this cycle; fold the rest into them or "
                "move them to the next cycle.",
            )
        ]
    return []
