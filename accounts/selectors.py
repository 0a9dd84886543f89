"""Reads for the two order pages a customer opens most: the order itself and a parcel's tracking page.

Emails link to these pages, so most looks at them are first looks that the page cache cannot answer. Each
read here is a ``PreparedRead`` (compiled to SQL once per process, planned once per connection on
PostgreSQL) and fetches only the columns the page shows. The lists that hang off the one row come with it:
inside the order's row as JSON (its parcels, its lines with their parcel parts, its status history and
returns: ``_json_rows``), and joined to the parcel's row for the tracking page (its scans and contents). The
number of queries does not grow with the order (tests/accounts/test_query_counts.py): one for either page.

Who may see an order is the rule of ``orders.selectors.orders_visible``: the signed-in customer's own orders,
and the orders a magic link granted to the session. For the one order number a page is about, that rule is
"the number is granted, or the order is the customer's"; each read below comes in these two forms.
"""

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import lru_cache

from django.core.signals import setting_changed
from django.db import DEFAULT_DB_ALIAS
from django.db.models import (
    Aggregate,
    CharField,
    Field,
    Func,
    Model,
    OuterRef,
    QuerySet,
    Subquery,
)
from django.db.models.base import ModelState
from django.db.models.functions import Cast
from django.dispatch import receiver

from accounts.prepared import PreparedRead
from orders.models import Category, Order, OrderLine, OrderStatusChange, Product, ProductImage
from returns.models import ReturnPolicy, ReturnRequest
from tracking.models import Carrier, Shipment, ShipmentLine


def _instance(model: type[Model], values: dict) -> Model:
    """A saved model instance from some of its columns (by attname); the others are deferred: reading one
    loads it, as with ``.only()``.

    ``Model.from_db()`` would walk all of the model's fields in ``__init__`` (the order has forty) and send
    ``pre_init``/``post_init``; an order page builds a dozen instances, and this is a tenth of its time. The
    instance ends up the same: its values in ``__dict__``, the deferred fields absent, ``_state`` saved in
    this database. No receiver listens to those signals for the models read here (tested).
    """
    instance = model.__new__(model)
    instance.__dict__.update(values)
    instance._state = ModelState()
    instance._state.adding = False
    instance._state.db = DEFAULT_DB_ALIAS
    return instance


def _rows(read: PreparedRead, names: tuple[str, ...], **values) -> list[dict]:
    return [dict(zip(names, row, strict=True)) for row in read(**values)]


def _scoped(build, **parameters: type) -> dict[bool, PreparedRead]:
    """A read of one order number in both forms, ``{granted: read}``; ``build(number, customer_id=None, …)``
    narrows to the customer's orders when ``customer_id`` is given."""
    return {
        True: PreparedRead(build, number=str, **parameters),
        False: PreparedRead(build, number=str, customer_id=int, **parameters),
    }


def _scope_values(*, number: str, customer_id: int | None, granted: bool) -> dict:
    if granted:
        return {"number": number}
    if customer_id is None:
        raise ValueError("An order page needs a signed-in customer or a grant for the number")
    return {"number": number, "customer_id": customer_id}


class _JSONValue(Field):
    """A JSON value read from the database: PostgreSQL's driver hands ``json`` over parsed, SQLite as text."""

    def get_internal_type(self):
        return "TextField"

    def from_db_value(self, value, expression, connection):
        return json.loads(value) if isinstance(value, str) else value


class _JSONArray(Func):
    """Values as one JSON array: ``JSON_BUILD_ARRAY`` on PostgreSQL (``json``, cheaper to build than the
    ``jsonb`` of Django's ``JSONArray``), ``JSON_ARRAY`` on SQLite."""

    function = "JSON_BUILD_ARRAY"
    output_field = _JSONValue()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="JSON_ARRAY", **extra_context)


class _JSONRows(Aggregate):
    """Rows as one JSON array of arrays: ``JSON_AGG`` on PostgreSQL, ``JSON_GROUP_ARRAY`` on SQLite."""

    function = "JSON_AGG"
    output_field = _JSONValue()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="JSON_GROUP_ARRAY", **extra_context)


def _json_rows(rows: QuerySet, parent: str, *columns) -> Subquery:
    """A short list that hangs off the row being read (``rows``, filtered on their ``parent`` column by an
    ``OuterRef``), as one JSON value of that row instead of a query of its own: ``[[column, …], …]``, or None
    without rows. JSON knows strings and numbers only: amounts go in as text (``Cast``) and come out through
    ``_amount()``, moments come as ISO 8601 text for ``_moment()``; the caller restores the order."""
    return Subquery(
        rows.order_by().values(parent).annotate(rows=_JSONRows(_JSONArray(*columns))).values("rows")
    )


def _moment(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)  # SQLite keeps UTC without an offset


def _amount(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text).quantize(Decimal("0.01"))


# --- The order page ------------------------------------------------------------------------------------

# What the order page shows of the order: everything but bookkeeping (ids from other systems, timestamps).
ORDER_FIELDS = (
    "id",
    "number",
    "customer_id",
    "email",
    "placed_at",
    "status",
    "currency",
    "subtotal",
    "shipping_total",
    "discount_total",
    "tax_total",
    "grand_total",
    "payment_method_type",
    "payment_method_detail",
    *(
        f"{address}_{part}"
        for address in ("shipping", "billing")
        for part in ("first_name", "last_name", "company", "street", "extra", "postcode", "city")
    ),
)
# A parcel as the plain-language status reads it (accounts.presentation.shipment_plain_status).
SHIPMENT_STATUS_FIELDS = (
    "id",
    "status",
    "estimated_delivery",
    "is_delayed",
    "delivered_at",
    "tracking_number",
)
# The order page's lists, each as JSON in the order's row (``_json_rows``), in this column order.
PARCEL_COLUMNS = (*SHIPMENT_STATUS_FIELDS, "carrier_id", "carrier__name", "created_at")
HISTORY_COLUMNS = ("id", "to_status", "changed_at")
RETURN_COLUMNS = ("id", "number", "status", "requested_at", "refund_amount")
LINE_COLUMNS = (
    "id",
    "position",
    "product_id",
    "product_name",
    "product_sku",
    "unit_price",
    "quantity",
    # What a line's return window is read from (returns.policy.window_days_for).
    "product__is_returnable",
    "product__return_window_days",
    "product__category_id",
    "product__category__return_window_days",
    "first_image",
    "deliveries",
)
# The order, the shop's return policy, and the order's parcels (not return parcels), lines, status history
# and returns: one row. (Not "parcels", "lines", …: those are the names of the order's relations.)
ORDER_COLUMNS = (
    *ORDER_FIELDS,
    "policy_id",
    "policy_window_days",
    "parcel_rows",
    "line_rows",
    "history_rows",
    "return_rows",
)


def _order(number, customer_id=None):
    orders = Order.objects.filter(number=number)
    if customer_id is not None:
        orders = orders.filter(customer_id=customer_id)
    # The shop's return policy (its window), by returns.policy.policy_get's rule: the first one, else the
    # defaults.
    policy = ReturnPolicy.objects.order_by("pk")
    lines = OrderLine.objects.filter(order_id=OuterRef("pk")).annotate(
        # The product's first picture (by position), for the thumbnail.
        first_image=Subquery(
            ProductImage.objects.filter(product_id=OuterRef("product_id"))
            .order_by("position", "id")
            .values("image")[:1]
        ),
        # Each parcel part the line went out in, with the parcel's delivery: when did the line arrive?
        deliveries=_json_rows(
            ShipmentLine.objects.filter(order_line_id=OuterRef("pk")),
            "order_line_id",
            "quantity",
            "shipment__delivered_at",
        ),
    )
    return orders.annotate(
        policy_id=Subquery(policy.values("pk")[:1]),
        policy_window_days=Subquery(policy.values("window_days")[:1]),
        parcel_rows=_json_rows(
            Shipment.objects.filter(order_id=OuterRef("pk"), return_request=None), "order_id", *PARCEL_COLUMNS
        ),
        line_rows=_json_rows(
            lines, "order_id", *LINE_COLUMNS[:5], Cast("unit_price", CharField()), *LINE_COLUMNS[6:]
        ),
        history_rows=_json_rows(
            OrderStatusChange.objects.filter(order_id=OuterRef("pk")), "order_id", *HISTORY_COLUMNS
        ),
        return_rows=_json_rows(
            ReturnRequest.objects.filter(order_id=OuterRef("pk")),
            "order_id",
            *RETURN_COLUMNS[:-1],
            Cast("refund_amount", CharField()),
        ),
    ).values_list(*ORDER_COLUMNS)


_ORDER = _scoped(_order)


def _nested(value):
    """A JSON value from a subquery inside another JSON value: SQLite hands it over as text."""
    return json.loads(value) if isinstance(value, str) else value


def _line(row: list) -> OrderLine:
    values = dict(zip(LINE_COLUMNS, row, strict=True))
    line = _instance(
        OrderLine,
        {
            **{
                name: values[name]
                for name in ("id", "position", "product_id", "product_name", "product_sku", "quantity")
            },
            "unit_price": _amount(values["unit_price"]),
        },
    )
    if line.product_id is not None:  # else ``line.product`` is None without a query
        line.product = _instance(
            Product,
            {
                "id": line.product_id,
                "is_returnable": bool(values["product__is_returnable"]),
                "return_window_days": values["product__return_window_days"],
                "category_id": values["product__category_id"],
            },
        )
        if line.product.category_id is not None:
            line.product.category = _instance(
                Category,
                {
                    "id": line.product.category_id,
                    "return_window_days": values["product__category__return_window_days"],
                },
            )
    image = values["first_image"]
    line.image_url = _image_url(image) if image else ""
    line.deliveries = [
        (quantity, _moment(delivered_at) if delivered_at else None)
        for quantity, delivered_at in _nested(values["deliveries"]) or ()
    ]
    return line


@lru_cache(maxsize=4096)  # a shop's pictures, each shown on many orders
def _image_url(name: str) -> str:
    return ProductImage._meta.get_field("image").storage.url(name)


@receiver(setting_changed)
def _forget_image_urls(**kwargs):
    _image_url.cache_clear()  # MEDIA_URL or the storage may have changed


def _parcel(row: list) -> Shipment:
    values = dict(zip(PARCEL_COLUMNS, row, strict=True))
    shipment = _instance(
        Shipment,
        {
            "id": values["id"],
            "status": values["status"],
            "estimated_delivery": date.fromisoformat(values["estimated_delivery"])
            if values["estimated_delivery"]
            else None,
            "is_delayed": bool(values["is_delayed"]),
            "delivered_at": _moment(values["delivered_at"]) if values["delivered_at"] else None,
            "tracking_number": values["tracking_number"],
        },
    )
    shipment.carrier = _instance(Carrier, {"id": values["carrier_id"], "name": values["carrier__name"]})
    return shipment


@dataclass(frozen=True)
class OrderPage:
    order: Order
    policy: ReturnPolicy  # returns.policy.policy_get(), its window read (the rest on access)
    # Each line carries ``image_url`` (its product's first picture, "" without one) and ``deliveries``
    # ((quantity, delivered_at) of every parcel part it went out in); ``product`` (or None) carries what
    # its return window is read from.
    lines: list[OrderLine]
    shipments: list[Shipment]  # the order's parcels to the customer (not return parcels), with carrier
    history: list[tuple[str, datetime]]  # (status, when), oldest first
    returns: list[ReturnRequest]  # newest first


def order_page(*, number: str, customer_id: int | None, granted: bool) -> OrderPage | None:
    """One visible order with lines, parcels, status history and returns: one query."""
    scope = _scope_values(number=number, customer_id=customer_id, granted=granted)
    found = _ORDER[granted](**scope)
    if not found:
        return None
    *fields, policy_id, policy_window_days, parcels, lines, history, returns = found[0]
    order = _instance(Order, dict(zip(ORDER_FIELDS, fields, strict=True)))
    policy = ReturnPolicy()
    if policy_id is not None:
        policy = _instance(ReturnPolicy, {"id": policy_id, "window_days": policy_window_days})
    # In the models' orders: parcels oldest first, lines by position, history by time, returns newest first.
    parcels = sorted(parcels or (), key=lambda row: (_moment(row[-1]), row[0]))
    lines = sorted(lines or (), key=lambda row: (row[1], row[0]))
    history = sorted((_moment(changed_at), pk, status) for pk, status, changed_at in history or ())
    returns = sorted(
        (
            (_moment(requested_at), pk, number, status, _amount(refund_amount))
            for pk, number, status, requested_at, refund_amount in returns or ()
        ),
        reverse=True,
    )
    return OrderPage(
        order=order,
        policy=policy,
        lines=[_line(row) for row in lines],
        shipments=[_parcel(row) for row in parcels],
        history=[(status, changed_at) for changed_at, _pk, status in history],
        returns=[
            _instance(
                ReturnRequest,
                {
                    "id": pk,
                    "number": number,
                    "status": status,
                    "requested_at": requested_at,
                    "refund_amount": refund,
                },
            )
            for requested_at, pk, number, status, refund in returns
        ],
    )


# --- A parcel's tracking page --------------------------------------------------------------------------

SHIPMENT_FIELDS = (*SHIPMENT_STATUS_FIELDS, "original_estimated_delivery", "delay_reason", "order_id")
SHIPMENT_COLUMNS = (
    *SHIPMENT_FIELDS,
    "order__number",
    "order__customer_id",
    "carrier_id",
    "carrier__name",
    "carrier__tracking_url_template",
    # Every scan, newest first, and what is in the parcel: a row per scan and part (a parcel holds a few
    # lines and has a few dozen scans at most, so the product stays small and saves a round trip), NULLs
    # where there is none. The carrier's raw payload is for support, not for the page: not fetched.
    "events__id",
    "events__status",
    "events__location",
    "events__description",
    "events__occurred_at",
    "lines__id",
    "lines__quantity",
    "lines__order_line__product_name",
)


def _shipment(number, shipment_id, customer_id=None):
    shipments = Shipment.objects.filter(pk=shipment_id, order__number=number)
    if customer_id is not None:
        shipments = shipments.filter(order__customer_id=customer_id)
    return shipments.order_by("-events__occurred_at", "-events__id", "lines__id").values_list(
        *SHIPMENT_COLUMNS
    )


_SHIPMENT = _scoped(_shipment, shipment_id=int)


@dataclass(frozen=True)
class ShipmentPage:
    shipment: Shipment  # with carrier and order (number and customer)
    events: list[tuple[str, str, str, datetime]]  # (status, location, description, occurred_at), newest first
    contents: list[tuple[int, str]]  # (quantity, product name)


def shipment_page(
    *, number: str, shipment_id: int, customer_id: int | None, granted: bool
) -> ShipmentPage | None:
    """One parcel of a visible order with its scans (newest first) and contents: one query."""
    scope = _scope_values(number=number, customer_id=customer_id, granted=granted)
    rows = _rows(_SHIPMENT[granted], SHIPMENT_COLUMNS, shipment_id=shipment_id, **scope)
    if not rows:
        return None
    first = rows[0]
    shipment = _instance(Shipment, {name: first[name] for name in SHIPMENT_FIELDS})
    shipment.order = _instance(
        Order,
        {
            "id": shipment.order_id,
            "number": first["order__number"],
            "customer_id": first["order__customer_id"],
        },
    )
    shipment.carrier = _instance(
        Carrier,
        {
            "id": first["carrier_id"],
            "name": first["carrier__name"],
            "tracking_url_template": first["carrier__tracking_url_template"],
        },
    )
    events = {}
    contents = {}
    for row in rows:
        if row["events__id"] is not None:
            events.setdefault(
                row["events__id"],
                (
                    row["events__status"],
                    row["events__location"],
                    row["events__description"],
                    row["events__occurred_at"],
                ),
            )
        if row["lines__id"] is not None:
            contents.setdefault(
                row["lines__id"], (row["lines__quantity"], row["lines__order_line__product_name"])
            )
    return ShipmentPage(
        shipment=shipment, events=list(events.values()), contents=[contents[key] for key in sorted(contents)]
    )
