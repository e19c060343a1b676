"""Single-row statements for the hot write paths (API votes, feedback, people), without the ORM's
query compiler: building a `filter(...)` costs several times what SQLite takes to run it
(docs/decisions/0006-hot-writes-in-plain-sql.md). Reads still come back as model instances.
"""

from django.db import connections, router, transaction
from django.db.models import DEFERRED, signals

_inserts: dict = {}


def insert(obj, *, ignore_conflicts: bool = False) -> bool:
    """INSERT a new model instance with every concrete field (defaults and `auto_now_add`
    applied as `save()` would), set its primary key, and send `pre_save`/`post_save` as
    `save()` does (page cache and embedding refresh listen to them).

    With `ignore_conflicts`, a row that a unique constraint already holds is left alone and
    False comes back (ON CONFLICT DO NOTHING: no savepoint, nothing rolled back).
    """
    model = type(obj)
    connection = connections[router.db_for_write(model)]
    key = (model, connection.alias, ignore_conflicts)
    prepared = _inserts.get(key)
    if prepared is None:
        opts, quote = model._meta, connection.ops.quote_name
        fields = [field for field in opts.concrete_fields if not field.primary_key]
        statement = "INSERT INTO {} ({}) VALUES ({}){} RETURNING {}".format(
            quote(opts.db_table),
            ", ".join(quote(field.column) for field in fields),
            ", ".join(["%s"] * len(fields)),
            " ON CONFLICT DO NOTHING" if ignore_conflicts else "",
            quote(opts.pk.column),
        )
        prepared = _inserts[key] = (statement, fields)
    statement, fields = prepared
    signals.pre_save.send(
        sender=model, instance=obj, raw=False, using=connection.alias, update_fields=None
    )
    params = [field.get_db_prep_save(field.pre_save(obj, True), connection) for field in fields]
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        row = cursor.fetchone()
    if row is None:
        return False
    obj.pk = row[0]
    obj._state.adding, obj._state.db = False, connection.alias
    signals.post_save.send(
        sender=model, instance=obj, created=True, update_fields=None, raw=False,
        using=connection.alias,
    )  # fmt: skip
    return True


def execute(model, statement: str, params: list) -> int:
    """Run one statement on `model`'s database; the number of rows it changed."""
    with connections[router.db_for_write(model)].cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.rowcount


def execute_many(model, statement: str, rows: list) -> None:
    """Run one statement once per parameter row (executemany), in one transaction, on
    `model`'s database."""
    alias = router.db_for_write(model)
    with transaction.atomic(using=alias, savepoint=False), connections[alias].cursor() as cursor:
        cursor.executemany(statement, rows)


def rows(model, statement: str, params: list) -> list:
    """The `model` instances a SELECT of the model's own columns returns (each value
    converted as the ORM converts it; columns not selected are deferred)."""
    connection = connections[router.db_for_read(model)]
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        found = cursor.fetchall()
        if not found:
            return []
        key = (model, connection.alias, statement)
        prepared = _reads.get(key)
        if prepared is None:
            prepared = _reads[key] = _read_plan(model, connection, cursor.description)
    order, converters = prepared
    instances = []
    for row in found:
        values = [DEFERRED if position is None else row[position] for position in order]
        for index, column, functions in converters:
            value = values[index]
            for convert in functions:
                value = convert(value, column, connection)
            values[index] = value
        instances.append(model.from_db(connection.alias, None, values))
    return instances


def first(model, statement: str, params: list):
    """The first row of `rows` (give the statement its LIMIT 1), or None."""
    found = rows(model, statement, params)
    return found[0] if found else None


_reads: dict = {}


def _read_plan(model, connection, description):
    """Where each of the model's fields is in a result row (Model.from_db takes them in the
    model's order; SELECT * gives the table's, which migrations may have made different),
    and the converters the ORM's compiler would apply (dates on SQLite, JSON…)."""
    positions = {column[0]: position for position, column in enumerate(description)}
    order, converters = [], []
    for index, field in enumerate(model._meta.concrete_fields):
        order.append(positions.get(field.column))
        if order[-1] is None:
            continue  # not selected: deferred, loaded if read
        column = field.get_col(model._meta.db_table)
        functions = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        if functions:
            converters.append((index, column, functions))
    return order, converters
