"""Single-row statements for the hot write paths (API votes, feedback, people), without the ORM's
query compiler: building a `filter(...)` costs several times what SQLite takes to run it
(docs/decisions/0006-hot-writes-in-plain-sql.md). Reads still come back as model instances.
"""

from django.db import connections, router
from django.db.models import signals

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


def first(model, statement: str, params: list):
    """The first `model` instance a SELECT returns (fields converted as the ORM does), or None."""
    return next(iter(model.objects.raw(statement, params)), None)
