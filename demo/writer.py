"""Insert many rows fast: ids handed out up front, then one COPY (PostgreSQL) or executemany per table.

Why not ``bulk_create``: the seeder writes about 25 rows per order (lines, parcels, scans, history,
messages), 2.5 million rows for 100,000 orders. Building a model instance per row and letting the ORM
compile multi-row INSERTs costs more than the two-minute budget on a 2-core machine; ``COPY`` from plain
tuples does not (see docs/performance.md, "Demo seed"). Every row still goes through the model's fields:
columns are checked against ``_meta``, fields the caller leaves out get their model default, and on
databases without COPY each value is prepared with ``Field.get_db_prep_save`` just as the ORM would.

Ids are allocated before the insert, so that children can point at parents without a round trip:
blocks reserved from the table's sequence on PostgreSQL (the tables are locked against other writers
until the seed commits), from the current maximum on SQLite (safe because the seeder runs in one write
transaction, which SQLite serialises).
"""

import io
import json
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

NULL = "\\N"
COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
ID_BLOCK = 20_000


def _copy_text(value: Any) -> str:
    return NULL if value is None else value.translate(COPY_ESCAPES)


def _copy_plain(value: Any) -> str:
    return NULL if value is None else str(value)


def _copy_bool(value: Any) -> str:
    return NULL if value is None else ("t" if value else "f")


def _copy_temporal(value: date | datetime | None) -> str:
    return NULL if value is None else value.isoformat()


def _copy_json(value: Any) -> str:
    return NULL if value is None else json.dumps(value, ensure_ascii=False).translate(COPY_ESCAPES)


def _copy_converter(field: models.Field) -> Callable[[Any], str]:
    if isinstance(field, models.BooleanField):
        return _copy_bool
    if isinstance(field, models.JSONField):
        return _copy_json
    if isinstance(field, models.DateField):  # includes DateTimeField
        return _copy_temporal
    if isinstance(field, models.CharField | models.TextField):
        return _copy_text
    return _copy_plain


class Table:
    """The rows waiting to be written to one model's table, in ``columns`` order (field attnames)."""

    def __init__(self, writer: "BulkWriter", model: type[models.Model], columns: Sequence[str]):
        self.writer = writer
        self.model = model
        self.columns = tuple(columns)
        fields_by_attname = {field.attname: field for field in model._meta.concrete_fields}
        unknown = set(self.columns) - set(fields_by_attname)
        if unknown:
            raise ValueError(f"{model._meta.label} has no columns {sorted(unknown)}")
        self.fields = [fields_by_attname[name] for name in self.columns]
        self.missing_fields = [field for name, field in fields_by_attname.items() if name not in self.columns]
        self.rows: list[tuple] = []
        self.count = 0
        self._ids: list[int] = []
        self._next_sqlite_id: int | None = None

    def next_id(self) -> int:
        if not self._ids:
            self._ids = self.writer.allocate_ids(self, ID_BLOCK)
            self._ids.reverse()
        return self._ids.pop()

    def add(self, row: tuple) -> None:
        self.rows.append(row)

    def _missing_values(self) -> list[Any]:
        """What the ORM would store for the fields the caller did not give: defaults, and now for auto_now."""
        now = timezone.now()
        values = []
        for field in self.missing_fields:
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                values.append(now)
            else:
                values.append(field.get_default())
        return values

    def flush(self) -> None:
        if not self.rows:
            return
        self.writer.write(self)
        self.count += len(self.rows)
        self.rows = []


class BulkWriter:
    def __init__(self, *, connection: BaseDatabaseWrapper, use_copy: bool | None = None):
        self.connection = connection
        self.is_postgresql = connection.vendor == "postgresql"
        self.use_copy = self.is_postgresql if use_copy is None else use_copy
        if self.use_copy and not self.is_postgresql:
            raise ValueError("COPY needs PostgreSQL")
        self.tables: list[Table] = []

    def table(self, model: type[models.Model], columns: Sequence[str]) -> Table:
        table = Table(self, model, columns)
        if self.is_postgresql:
            # Other writers wait until the seed commits; that makes reserving id blocks safe.
            with self.connection.cursor() as cursor:
                cursor.execute(
                    f"LOCK TABLE {self.connection.ops.quote_name(model._meta.db_table)} IN SHARE ROW EXCLUSIVE MODE"
                )
        self.tables.append(table)
        return table

    def flush(self) -> None:
        """Write every table's pending rows, parents first (tables flush in the order they were declared)."""
        for table in self.tables:
            table.flush()

    def counts(self) -> dict[str, int]:
        return {table.model._meta.label: table.count for table in self.tables}

    # --- ids --------------------------------------------------------------------------------------

    def allocate_ids(self, table: Table, count: int) -> list[int]:
        db_table = table.model._meta.db_table
        pk_column = table.model._meta.pk.column
        with self.connection.cursor() as cursor:
            if self.is_postgresql:
                # Reserve a block: take the next value and move the sequence past the block. Safe because
                # table() locked the table against other writers until our transaction ends.
                cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [db_table, pk_column])
                sequence = cursor.fetchone()[0]
                cursor.execute("SELECT nextval(%s)", [sequence])
                first = cursor.fetchone()[0]
                cursor.execute("SELECT setval(%s, %s)", [sequence, first + count - 1])
                return list(range(first, first + count))
            if table._next_sqlite_id is None:
                quote = self.connection.ops.quote_name
                cursor.execute(f"SELECT MAX({quote(pk_column)}) FROM {quote(db_table)}")  # noqa: S608
                highest = cursor.fetchone()[0] or 0
                if self.connection.vendor == "sqlite":
                    # AUTOINCREMENT never reuses the id of a deleted row; neither do we.
                    cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [db_table])
                    row = cursor.fetchone()
                    highest = max(highest, row[0] if row else 0)
                table._next_sqlite_id = highest + 1
        first = table._next_sqlite_id
        table._next_sqlite_id = first + count
        return list(range(first, first + count))

    # --- rows -------------------------------------------------------------------------------------

    def write(self, table: Table) -> None:
        if self.use_copy:
            self._copy(table)
        else:
            self._insert(table)

    def _column_list(self, table: Table) -> tuple[str, list[models.Field]]:
        fields = table.fields + table.missing_fields
        quote = self.connection.ops.quote_name
        return ", ".join(quote(field.column) for field in fields), fields

    def _copy(self, table: Table) -> None:
        column_list, fields = self._column_list(table)
        converters = [_copy_converter(field) for field in table.fields]
        extra = "".join(
            "\t" + _copy_converter(field)(value)
            for field, value in zip(table.missing_fields, table._missing_values(), strict=True)
        )
        buffer = io.StringIO()
        write = buffer.write
        for row in table.rows:
            write("\t".join([convert(value) for convert, value in zip(converters, row, strict=True)]))
            write(extra)
            write("\n")
        buffer.seek(0)
        sql = f"COPY {self.connection.ops.quote_name(table.model._meta.db_table)} ({column_list}) FROM STDIN"
        with self.connection.cursor() as cursor:
            raw_cursor = cursor.cursor
            if hasattr(raw_cursor, "copy_expert"):  # psycopg2
                raw_cursor.copy_expert(sql, buffer)
            else:  # psycopg 3
                with raw_cursor.copy(sql) as copy:
                    copy.write(buffer.getvalue())

    def _insert(self, table: Table) -> None:
        column_list, fields = self._column_list(table)
        connection = self.connection
        extra = tuple(
            field.get_db_prep_save(value, connection)
            for field, value in zip(table.missing_fields, table._missing_values(), strict=True)
        )
        prepare = [field.get_db_prep_save for field in table.fields]
        params = [
            tuple(p(value, connection) for p, value in zip(prepare, row, strict=True)) + extra
            for row in table.rows
        ]
        placeholders = ", ".join(["%s"] * len(fields))
        sql = (
            f"INSERT INTO {connection.ops.quote_name(table.model._meta.db_table)} "  # noqa: S608
            f"({column_list}) VALUES ({placeholders})"
        )
        # SQLite allows at most 32,766 variables per statement; executemany binds one row at a time.
        with connection.cursor() as cursor:
            cursor.executemany(sql, params)
