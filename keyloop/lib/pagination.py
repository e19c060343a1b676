"""Cursor (keyset) pagination: one query per page however deep, and pages stay stable while
rows are added. A cursor is the signed sort key of the last row of the previous page."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import reduce
from operator import or_

from django.core import signing
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import Model, Q, QuerySet

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
_SALT = "keyloop.pagination.cursor"


@dataclass
class Page:
    items: list
    next_cursor: str | None


def paginate(
    queryset: QuerySet, *, ordering: Sequence[str], cursor: str | None, limit: int
) -> Page:
    """Order by `ordering` (which must end with a unique field, such as "-id") and return the
    `limit` rows that follow `cursor` (or the first ones), with the cursor of the next page."""
    ordering = tuple(ordering)
    names = [term.lstrip("-") for term in ordering]
    if names[-1] != "id":
        raise ValueError("Cursor pagination needs a unique last sort field, such as 'id'.")
    queryset = queryset.order_by(*ordering)
    if cursor:
        queryset = queryset.filter(_after(ordering, _decode(cursor, ordering, queryset.model)))
    rows = list(queryset[: limit + 1])
    if len(rows) <= limit:
        return Page(items=rows, next_cursor=None)
    rows = rows[:limit]
    last = [getattr(rows[-1], name) for name in names]
    return Page(items=rows, next_cursor=_encode(ordering, last))


def _after(ordering: tuple[str, ...], values: list) -> Q:
    """Rows strictly after `values` in `ordering`: (a > x) or (a = x and b > y) or …"""
    branches = []
    for index, term in enumerate(ordering):
        before = zip(ordering[:index], values, strict=False)
        equal = {earlier.lstrip("-"): value for earlier, value in before}
        lookup = "lt" if term.startswith("-") else "gt"
        branches.append(Q(**equal, **{f"{term.lstrip('-')}__{lookup}": values[index]}))
    return reduce(or_, branches)


def _encode(ordering: tuple[str, ...], values: list) -> str:
    plain = [v.isoformat() if isinstance(v, date | datetime) else v for v in values]
    return signing.dumps({"o": list(ordering), "v": plain}, salt=_SALT, compress=True)


def _decode(cursor: str, ordering: tuple[str, ...], model: type[Model]) -> list:
    invalid = ValidationError({"cursor": "This cursor is not valid; start again without one."})
    try:
        payload = signing.loads(cursor, salt=_SALT)
    except (signing.BadSignature, ValueError):
        raise invalid from None
    if not isinstance(payload, dict) or payload.get("o") != list(ordering):
        raise ValidationError(
            {"cursor": "This cursor belongs to another sort order; start again without one."}
        )
    raw = payload.get("v")
    if not isinstance(raw, list) or len(raw) != len(ordering):
        raise invalid
    try:
        return [
            _to_python(model, term.lstrip("-"), value)
            for term, value in zip(ordering, raw, strict=True)
        ]
    except ValidationError:
        raise invalid from None


def _to_python(model: type[Model], name: str, value):
    """A cursor value as its field's type; an annotation (a computed count) is an integer."""
    try:
        return model._meta.get_field(name).to_python(value)
    except FieldDoesNotExist:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValidationError("Not an integer.") from None
        return value
