"""Hand-written SELECTs for the hottest read paths, answered as model instances.

Building and compiling a Django queryset costs more CPU than the database takes to answer the
small reads a case page makes (docs/decisions/0009-performance.md), so a read path that is
worth it writes its SQL by hand and lets this module turn the rows into model instances with
Django's public API only: ``Model.from_db`` (the documented hook for loading instances), the
fields' database converters (dates and booleans on SQLite, JSON, decimals), and plain
assignment of a joined object to its foreign key (what ``select_related`` leaves in place).
Lists of child rows are returned as lists for the caller's read model (never stored inside the
instances), so templates and serializers read those lists and run no further query.

Only the ``%s`` placeholder is used; Django's cursors accept it on SQLite and PostgreSQL.
Access scoping is not done here: callers start from a case the one access-scoped query
(``Case.objects.visible_to``) returned and read only what belongs to it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import IntegrityError, connection, models, transaction

M = TypeVar("M", bound=models.Model)
Converter = Callable[[Any, Any, Any], Any]


@dataclass(frozen=True)
class Shape:
    """How one model's columns appear in a SELECT under a table alias."""

    model: type[models.Model]
    alias: str
    columns: str  # 'a."id", a."name", ...' in concrete-field order
    attnames: tuple[str, ...]
    converters: tuple[tuple[int, tuple[Converter, ...], Any], ...]  # (index, funcs, expression)
    pk_index: int

    @property
    def width(self) -> int:
        return len(self.attnames)

    def build(self, row: Sequence[Any], start: int = 0) -> Any:
        """The instance whose columns begin at ``row[start]``; None when its primary key is
        NULL (the far side of a LEFT JOIN that found nothing)."""
        values = list(row[start : start + len(self.attnames)])
        if values[self.pk_index] is None:
            return None
        for index, funcs, expression in self.converters:
            value = values[index]
            for func in funcs:
                value = func(value, expression, connection)
            values[index] = value
        return self.model.from_db(connection.alias, self.attnames, values)


_SHAPES: dict[tuple[type[models.Model], str, str], Shape] = {}


def shape(model: type[models.Model], alias: str) -> Shape:
    """The (cached) shape of ``model`` selected under ``alias`` on the current database."""
    key = (model, alias, connection.vendor)
    found = _SHAPES.get(key)
    if found is not None:
        return found
    fields = model._meta.concrete_fields
    quote = connection.ops.quote_name
    converters = []
    for index, field in enumerate(fields):
        column = field.get_col(alias)
        funcs = tuple(
            connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        )
        if funcs:
            converters.append((index, funcs, column))
    pk_index = next(i for i, f in enumerate(fields) if f.primary_key)
    made = Shape(
        model=model,
        alias=alias,
        columns=", ".join(f"{alias}.{quote(str(f.column))}" for f in fields),
        attnames=tuple(f.attname for f in fields),
        converters=tuple(converters),
        pk_index=pk_index,
    )
    _SHAPES[key] = made
    return made


def order_by(model: type[models.Model], alias: str) -> str:
    """``model._meta.ordering`` as SQL (by primary key when it has none), so a hand-written
    read sorts as the ORM would."""
    quote = connection.ops.quote_name
    terms = []
    for term in model._meta.ordering or ["pk"]:
        name = str(term).lstrip("-")
        field = model._meta.pk if name == "pk" else model._meta.get_field(name)
        assert isinstance(field, models.Field), f"{model.__name__} orders by {term}"
        direction = "DESC" if str(term).startswith("-") else "ASC"
        terms.append(f"{alias}.{quote(str(field.column))} {direction}")
    return ", ".join(terms)


def select(sql: str, params: Iterable[Any], *shapes: Shape) -> list[tuple[Any, ...]]:
    """Run ``sql`` (selecting each shape's columns in turn, then nothing else) and build one
    tuple of instances per row."""
    [rows] = fetch_together([(sql, list(params))])
    return _built(rows, shapes)


def _built(rows: Sequence[Sequence[Any]], shapes: Sequence[Shape]) -> list[tuple[Any, ...]]:
    built = []
    for row in rows:
        start, objs = 0, []
        for s in shapes:
            objs.append(s.build(row, start))
            start += s.width
        built.append(tuple(objs))
    return built


def fetch_together(statements: Sequence[tuple[str, list[Any]]]) -> list[list[tuple[Any, ...]]]:
    """The rows of each statement, all sent in one round trip where the driver can pipeline
    them (psycopg 3 on PostgreSQL: its documented pipeline mode), else one after another.
    Every statement still goes through Django's cursor (and so its query log)."""
    if len(statements) > 1 and connection.vendor == "postgresql":
        connection.ensure_connection()
        driver = connection.connection
        if driver is not None and hasattr(driver, "pipeline"):
            with driver.pipeline():
                cursors = []
                for sql, params in statements:
                    cursor = connection.cursor()
                    cursor.execute(sql, params)
                    cursors.append(cursor)
                found = [list(c.fetchall()) for c in cursors]
            for cursor in cursors:
                cursor.close()
            return found
    results = []
    for sql, params in statements:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            results.append(list(cursor.fetchall()))
    return results


_DEFAULT_ORDER = "model ordering"


@dataclass(frozen=True)
class Read:
    """One hand-written read of ``model`` instances (as ``alias``) meeting ``where``: see
    ``joined``."""

    model: type[models.Model]
    alias: str
    where: str
    params: Sequence[Any]
    related: Mapping[str, str] | None = None
    fixed: Mapping[str, models.Model | None] | None = None
    tail: str = _DEFAULT_ORDER

    def statement(self) -> tuple[str, tuple[Shape, ...]]:
        related = tuple((self.related or {}).items())
        return _joined_sql(
            connection.vendor, self.model, self.alias, related, self.where, self.tail
        )

    def instances(self, rows: Sequence[Sequence[Any]], shapes: Sequence[Shape]) -> list[Any]:
        found = []
        for objs in _built(rows, shapes):
            obj = objs[0]
            for name, other in zip(self.related or {}, objs[1:], strict=True):
                attach(obj, name, other)
            for name, other in (self.fixed or {}).items():
                attach(obj, name, other)
            found.append(obj)
        return found


def joined(
    model: type[M],
    alias: str,
    where: str,
    params: Iterable[Any],
    *,
    related: Mapping[str, str] | None = None,
    fixed: Mapping[str, models.Model | None] | None = None,
    tail: str = _DEFAULT_ORDER,
) -> list[M]:
    """Instances of ``model`` (as ``alias``) meeting ``where``, with the foreign keys named in
    ``related`` (field name -> alias) joined and attached as ``select_related`` attaches them:
    an inner join for a required key, a left join for a nullable one (None when it found
    nothing). ``fixed`` objects already read (the case) are attached to every instance.
    ``tail`` follows the WHERE clause; by default the model's ordering."""
    [found] = joined_together(Read(model, alias, where, list(params), related, fixed, tail))
    return found


def joined_together(*reads: Read) -> list[list[Any]]:
    """Several ``joined`` reads in one round trip where the database allows
    (``fetch_together``): the instances of each, in order."""
    statements = [r.statement() for r in reads]
    rows = fetch_together(
        [(sql, list(r.params)) for r, (sql, _) in zip(reads, statements, strict=True)]
    )
    return [
        r.instances(found, shapes)
        for r, found, (_, shapes) in zip(reads, rows, statements, strict=True)
    ]


@functools.lru_cache(maxsize=256)
def _joined_sql(
    vendor: str,  # part of the cache key: quoting and converters are the database's
    model: type[models.Model],
    alias: str,
    related: tuple[tuple[str, str], ...],
    where: str,
    tail: str,
) -> tuple[str, tuple[Shape, ...]]:
    quote = connection.ops.quote_name
    shapes = [shape(model, alias)]
    joins = []
    for name, other in related:
        key = model._meta.get_field(name)
        assert isinstance(key, models.ForeignKey), f"{model.__name__}.{name} is not a key"
        target = key.related_model
        assert isinstance(target, type)
        shapes.append(shape(target, other))
        joins.append(
            f"{'LEFT JOIN' if key.null else 'JOIN'} {quote(target._meta.db_table)} {other} "
            f"ON {other}.{quote(str(key.target_field.column))} = {alias}.{quote(str(key.column))}"
        )
    if tail == _DEFAULT_ORDER:
        tail = f"ORDER BY {order_by(model, alias)}"
    sql = (
        f"SELECT {', '.join(s.columns for s in shapes)} "
        f"FROM {quote(model._meta.db_table)} {alias} {' '.join(joins)} WHERE {where} {tail}"
    )
    return sql, tuple(shapes)


def rows(sql: str, params: Iterable[Any]) -> list[tuple[Any, ...]]:
    """Plain rows, for columns that need no converter (text and integers)."""
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return list(cursor.fetchall())


def values(
    sql: str, params: Iterable[Any], model: type[models.Model], *names: str
) -> list[list[Any]]:
    """Rows of a few named fields of ``model`` (selected in that order, nothing else), with
    those fields' database converters applied: for reads that need no instance."""
    fields = [model._meta.get_field(name) for name in names]
    converters = []
    for index, field in enumerate(fields):
        column = field.get_col(model._meta.db_table)  # type: ignore[union-attr]
        funcs = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        if funcs:
            converters.append((index, funcs, column))
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        rows = [list(row) for row in cursor.fetchall()]
    for row in rows:
        for index, funcs, column in converters:
            for func in funcs:
                row[index] = func(row[index], column, connection)
    return rows


def insert(obj: models.Model) -> None:
    """INSERT a new instance (every concrete column but an automatic primary key) and set its
    primary key: what ``save(force_insert=True)`` does, without the ORM's per-query compile.
    No signals are sent; for models nothing listens to (the audit trail's rows, exchange
    messages). The caller hands over an instance that has never been saved (its automatic key
    still unset)."""
    insert_many([obj])


def insert_new(obj: models.Model) -> bool:
    """INSERT ``obj`` unless a row with the same unique values is there (its key set); False,
    and nothing written, when one is. ``INSERT ... ON CONFLICT DO NOTHING RETURNING`` where
    the database has it (PostgreSQL, SQLite 3.35+): no savepoint needed around it, since a
    conflict is no error; elsewhere a savepoint around a plain INSERT."""
    meta = obj._meta
    auto = meta.auto_field
    features = connection.features
    if auto is None or not (
        features.can_return_columns_from_insert and features.supports_ignore_conflicts
    ):
        try:
            with transaction.atomic():
                insert(obj)
        except IntegrityError:
            return False
        return True
    if getattr(obj, auto.attname) is not None:
        raise ValueError(f"{type(obj).__name__} {obj.pk} is already saved: insert refused")
    fields = [f for f in meta.concrete_fields if f is not auto]
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(str(f.column)) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))}) ON CONFLICT DO NOTHING "
        f"RETURNING {quote(str(auto.column))}"
    )
    values = [f.get_db_prep_save(f.pre_save(obj, add=True), connection) for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        row = cursor.fetchone()
    if row is None:
        return False
    setattr(obj, auto.attname, row[0])
    return True


def insert_many(objs: Sequence[models.Model]) -> None:
    """INSERT new instances of one model in one statement where the database returns the keys
    of a multi-row insert (PostgreSQL, SQLite 3.35+; Django's ``bulk_create`` relies on the
    same), else one by one; each gets its primary key, as ``insert`` gives it."""
    if not objs:
        return
    meta = objs[0]._meta
    auto = meta.auto_field
    for obj in objs:
        if type(obj)._meta is not meta:
            raise ValueError("insert_many takes instances of one model")
        if auto is not None and getattr(obj, auto.attname) is not None:
            raise ValueError(f"{type(obj).__name__} {obj.pk} is already saved: insert refused")
    fields = [f for f in meta.concrete_fields if f is not auto]
    quote = connection.ops.quote_name
    head = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(str(f.column)) for f in fields)}) "
        "VALUES "
    )
    row = f"({', '.join(['%s'] * len(fields))})"
    rows = [
        [f.get_db_prep_save(f.pre_save(obj, add=True), connection) for f in fields] for obj in objs
    ]
    returning = f" RETURNING {quote(str(auto.column))}" if auto is not None else ""
    with connection.cursor() as cursor:
        if (
            len(objs) > 1
            and auto is not None
            and connection.features.can_return_rows_from_bulk_insert
        ):
            cursor.execute(
                head + ", ".join([row] * len(objs)) + returning, [v for r in rows for v in r]
            )
            for obj, (pk,) in zip(objs, cursor.fetchall(), strict=True):
                setattr(obj, auto.attname, pk)
            return
        for obj, values in zip(objs, rows, strict=True):
            if auto is not None and connection.features.can_return_columns_from_insert:
                cursor.execute(head + row + returning, values)
                setattr(obj, auto.attname, cursor.fetchone()[0])
            else:
                cursor.execute(head + row, values)
                if auto is not None:
                    pk = connection.ops.last_insert_id(cursor, meta.db_table, str(auto.column))
                    setattr(obj, auto.attname, pk)


def update_each(
    model: type[models.Model], changes: Sequence[tuple[Any, Mapping[str, Any]]]
) -> None:
    """UPDATE rows of ``model`` by primary key, each with its own field values (``changes``:
    (pk, {field name: value})), without the ORM's per-query compile: rows changing the same
    fields share one statement, sent with ``executemany`` (pipelined by psycopg 3). No
    signals; values are prepared by their fields as ``QuerySet.update`` prepares them."""
    quote = connection.ops.quote_name
    meta = model._meta
    groups: dict[tuple[str, ...], list[list[Any]]] = {}
    for pk, values in changes:
        fields: list[models.Field[Any, Any]] = []
        for name in values:
            field = meta.get_field(name)
            assert isinstance(field, models.Field), f"{model.__name__}.{name} is not a column"
            fields.append(field)
        columns = tuple(str(f.column) for f in fields)
        prepared = [f.get_db_prep_save(values[f.name], connection) for f in fields]
        groups.setdefault(columns, []).append([*prepared, pk])
    for columns, params in groups.items():
        sql = (
            f"UPDATE {quote(meta.db_table)} SET {', '.join(f'{quote(c)} = %s' for c in columns)} "
            f"WHERE {quote(str(meta.pk.column))} = %s"
        )
        with connection.cursor() as cursor:
            cursor.executemany(sql, params)


def attach(obj: models.Model, field: str, related: models.Model | None) -> None:
    """Attach a joined object to its foreign key by plain assignment (the key's descriptor
    keeps it, as after ``select_related``): reading it runs no query."""
    setattr(obj, field, related)
