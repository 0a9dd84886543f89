"""Reads that are compiled to SQL once per process and, on PostgreSQL, planned once per connection.

For the small reads of the order pages, building and compiling a queryset costs the web process more than the
database needs to answer it, and the database spends most of its own time parsing and planning the statement
(docs/performance.md). A ``PreparedRead`` is declared with a function that builds a ``values_list()``
queryset from keyword values and the type of each value (``int`` or ``str``)::

    EVENTS = PreparedRead(
        lambda shipment_id: TrackingEvent.objects.filter(shipment_id=shipment_id).values_list("status"),
        shipment_id=int,
    )
    EVENTS(shipment_id=7)  # [("in_transit",), ...]

On its first run (per database alias) the function is called with stand-ins, unique values of the right type,
the queryset is compiled, and the positions of the stand-ins among the SQL parameters are kept. Every later
run only puts the real values in those positions, executes, and converts the rows exactly as the ORM would
(the compiler's own converters), so the result equals ``list(queryset)`` on SQLite as on PostgreSQL.

On PostgreSQL the statement is a server-side prepared statement (``PREPARE``, sent together with the first
``EXECUTE`` on each connection, so that it is still one query): from the sixth run on a connection,
PostgreSQL reuses its plan. Not with a pooler that hands a session's connection to others between
transactions (PgBouncer in transaction mode): set ``DISABLE_SERVER_SIDE_CURSORS`` for such a database, as
Django asks anyway, and the SQL is sent as it is. A migration that changes a column a prepared statement
reads makes PostgreSQL refuse it until the connection is renewed (a deploy restarts the workers).

Only for querysets whose SQL does not depend on the values (exact lookups on plain columns, no lists whose
length varies): a stand-in that does not reach the parameters unchanged is refused at compile time.
"""

import itertools
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from weakref import WeakKeyDictionary

from django.db import connections
from django.db.models import QuerySet

_names = itertools.count(1)
# The statements prepared on each open PostgreSQL connection (forgotten with the connection).
_prepared_on: "WeakKeyDictionary[object, set[str]]" = WeakKeyDictionary()


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple
    positions: dict[str, tuple[int, ...]]
    width: int  # the selected columns (ordering may add more at the end)
    # {position: (converters, expression)} as ``SQLCompiler.get_converters`` finds them: they depend on the
    # backend and the columns, not on the connection (on PostgreSQL there are usually none).
    converters: dict
    name: str = ""  # of the server-side prepared statement; "" to send the SQL itself
    prepare: str = ""
    execute: str = ""


class PreparedRead:
    def __init__(self, build: Callable[..., QuerySet], **parameters: type):
        if any(kind not in (int, str) for kind in parameters.values()):
            raise TypeError("PreparedRead parameters are int or str")
        self._build = build
        self._parameters = parameters
        self._compiled: dict[str, _Compiled] = {}

    def _compile(self, using: str) -> _Compiled:
        stand_ins = {
            name: -secrets.randbits(30) - 1 if kind is int else f"\x1e{name}:{secrets.token_hex(8)}"
            for name, kind in self._parameters.items()
        }
        queryset = self._build(**stand_ins).using(using)
        compiler = queryset.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        positions = {
            name: tuple(
                index
                for index, param in enumerate(params)
                if type(param) is type(stand_in) and param == stand_in
            )
            for name, stand_in in stand_ins.items()
        }
        missing = [name for name, found in positions.items() if not found]
        if missing:
            raise ValueError(f"PreparedRead: {', '.join(missing)} did not reach the SQL parameters unchanged")
        columns = [expression for expression, _sql, _alias in compiler.select[: compiler.col_count]]
        compiled = _Compiled(sql, tuple(params), positions, len(columns), compiler.get_converters(columns))
        connection = connections[using]
        if connection.vendor != "postgresql" or connection.settings_dict.get("DISABLE_SERVER_SIDE_CURSORS"):
            return compiled
        # The SQL with $1, $2, … for its parameters (Django writes a literal % as %%, which stays for the
        # driver's own formatting of the statement it sends).
        number = itertools.count(1)
        statement = re.sub(r"%%|%s", lambda match: match[0] if match[0] == "%%" else f"${next(number)}", sql)
        name = f"prepared_read_{next(_names)}"
        arguments = ", ".join(["%s"] * len(params))
        execute = f"EXECUTE {name}({arguments})" if params else f"EXECUTE {name}"
        return _Compiled(
            **{
                **compiled.__dict__,
                "name": name,
                "prepare": f"PREPARE {name} AS {statement}; ",
                "execute": execute,
            }
        )

    def __call__(self, *, using: str = "default", **values) -> list[tuple]:
        compiled = self._compiled.get(using)
        if compiled is None:
            compiled = self._compiled[using] = self._compile(using)
        params = list(compiled.params)
        for name, indexes in compiled.positions.items():
            for index in indexes:
                params[index] = values[name]
        connection = connections[using]
        with connection.cursor() as cursor:
            if not compiled.name:
                cursor.execute(compiled.sql, params)
            else:
                prepared = _prepared_on.setdefault(connection.connection, set())
                sql = compiled.execute if compiled.name in prepared else compiled.prepare + compiled.execute
                # Counted as prepared even if the EXECUTE fails: PREPARE outlasts a failed transaction.
                prepared.add(compiled.name)
                cursor.execute(sql, params)
            rows = cursor.fetchall()
        if not compiled.converters:
            return [tuple(row[: compiled.width]) for row in rows]
        converted = []
        for row in rows:  # as SQLCompiler.apply_converters
            row = list(row[: compiled.width])
            for position, (converters, expression) in compiled.converters.items():
                for converter in converters:
                    row[position] = converter(row[position], expression, connection)
            converted.append(tuple(row))
        return converted
