"""``python manage.py import_orders FILE``: orders from CSV or JSON Lines, validated like the API.

JSON Lines: one order per line, in the API's format (``POST /api/v1/orders/``). CSV: one row per order line;
rows with the same ``number`` form one order (columns: number, external_id, customer, email, placed_at,
language, first_name, last_name, company, street, extra, postcode, city, country, payment_method_type,
payment_method_detail, shipping_total, discount_total, sku, name, unit_price, quantity, vat_rate). Every invalid record is reported
with its line number and reason and skipped; valid ones are imported. Run it again on the same file: orders
whose number or external id exists already are skipped, so nothing is imported twice.
"""

import csv
import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from accounts.services import customer_for_order
from api.serializers import OrderCreateInputSerializer
from core.errors import DomainError
from orders.models import Order
from orders.services import OrderLineInput, order_create

ADDRESS_FIELDS = ("first_name", "last_name", "company", "street", "extra", "postcode", "city", "country")
LINE_FIELDS = ("sku", "name", "unit_price", "quantity", "vat_rate")


def records_from_jsonl(path: Path):
    with path.open(encoding="utf-8") as lines:
        for number, text in enumerate(lines, start=1):
            if not text.strip():
                continue
            try:
                yield number, json.loads(text)
            except json.JSONDecodeError as exc:
                yield number, exc


def records_from_csv(path: Path):
    """Group consecutive rows of one order number into one record (its first row's line number)."""
    with path.open(encoding="utf-8", newline="") as handle:
        current, start = None, 0
        for row_number, row in enumerate(csv.DictReader(handle), start=2):  # line 1 is the header
            row = {key: (value or "").strip() for key, value in row.items() if key}
            line = {key: row[key] for key in LINE_FIELDS if row.get(key)}
            if current is not None and row.get("number") and row["number"] == current["number"]:
                current["lines"].append(line)
                continue
            if current is not None:
                yield start, current
            start = row_number
            current = {
                key: row[key]
                for key in (
                    "number",
                    "external_id",
                    "customer",
                    "email",
                    "placed_at",
                    "language",
                    "payment_method_type",
                    "payment_method_detail",
                    "shipping_total",
                    "discount_total",
                )
                if row.get(key)
            }
            current["shipping_address"] = {key: row[key] for key in ADDRESS_FIELDS if row.get(key)}
            current["lines"] = [line]
        if current is not None:
            yield start, current


def describe(errors, prefix: str = "") -> str:
    if isinstance(errors, dict):
        return "; ".join(
            describe(value, f"{prefix}{key}." if key != "non_field_errors" else prefix)
            for key, value in errors.items()
        )
    if isinstance(errors, list):
        return "; ".join(describe(value, prefix) for value in errors)
    return f"{prefix.rstrip('.') or 'record'}: {errors}"


class Command(BaseCommand):
    help = "Import orders from a CSV or JSON Lines file; reports each invalid record; safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--format", choices=["csv", "jsonl"], help="default: from the file's extension")

    def handle(self, *args, file: str, format: str | None, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"no such file: {path}")
        kind = format or ("csv" if path.suffix.lower() == ".csv" else "jsonl")
        records = list(records_from_csv(path) if kind == "csv" else records_from_jsonl(path))
        imported = skipped = 0
        problems: list[str] = []
        for line_number, record in tqdm(records, desc="Bestellungen", unit=" Bestellungen", file=sys.stderr):
            if isinstance(record, Exception):
                problems.append(f"line {line_number}: not JSON: {record}")
                continue
            data = OrderCreateInputSerializer(data=record)
            if not data.is_valid():
                problems.append(f"line {line_number}: {describe(data.errors)}")
                continue
            values = data.validated_data
            if (values["number"] and Order.objects.filter(number=values["number"]).exists()) or (
                values["external_id"] and Order.objects.filter(external_id=values["external_id"]).exists()
            ):
                skipped += 1
                continue
            try:
                order_create(
                    number=values["number"],
                    external_id=values["external_id"],
                    customer=customer_for_order(email=values["email"], external_id=values["customer"]),
                    email=values["email"],
                    language=values["language"],
                    currency=values["currency"],
                    placed_at=values.get("placed_at"),
                    shipping_address=values["shipping_address"],
                    billing_address=values.get("billing_address"),
                    payment_method_type=values["payment_method_type"],
                    payment_method_detail=values["payment_method_detail"],
                    shipping_total=values["shipping_total"],
                    discount_total=values["discount_total"],
                    lines=[OrderLineInput(**line) for line in values["lines"]],
                    actor_label="import",
                )
                imported += 1
            except DomainError as exc:
                problems.append(f"line {line_number}: {exc}")
        for problem in problems:
            self.stderr.write(problem)
        self.stdout.write(
            f"{imported} imported, {skipped} already there, {len(problems)} invalid (of {len(records)} records)"
        )
        if problems:
            sys.exit(1)
