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

from accounts.services import customers_for_orders
from api.serializers import OrderCreateInputSerializer, order_fields
from core.errors import DomainError
from orders.models import Order
from orders.services import OrderInput, orders_create

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


CHUNK = 100  # orders written together (``orders_create``), as in one API batch


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
        valid: list[tuple[int, dict]] = []
        for line_number, record in records:
            if isinstance(record, Exception):
                problems.append(f"line {line_number}: not JSON: {record}")
                continue
            data = OrderCreateInputSerializer(data=record)
            if not data.is_valid():
                problems.append(f"line {line_number}: {describe(data.errors)}")
                continue
            valid.append((line_number, data.validated_data))
        with tqdm(total=len(records), desc="Bestellungen", unit=" Bestellungen", file=sys.stderr) as progress:
            progress.update(len(records) - len(valid))
            for start in range(0, len(valid), CHUNK):
                chunk = valid[start : start + CHUNK]
                done, failed, refused = self._import_chunk(chunk)
                imported, skipped = imported + done, skipped + failed
                problems += refused
                progress.update(len(chunk))
        problems.sort(key=lambda problem: int(problem.split(":")[0].removeprefix("line ")))
        for problem in problems:
            self.stderr.write(problem)
        self.stdout.write(
            f"{imported} imported, {skipped} already there, {len(problems)} invalid (of {len(records)} records)"
        )
        if problems:
            sys.exit(1)

    def _import_chunk(self, chunk: list[tuple[int, dict]]) -> tuple[int, int, list[str]]:
        """Write one chunk of valid records; return how many were imported, how many were there already (by
        number or external id), and the problems of the others."""
        numbers = {values["number"] for _line, values in chunk if values["number"]}
        external_ids = {values["external_id"] for _line, values in chunk if values["external_id"]}
        known_numbers = set(Order.objects.filter(number__in=numbers).values_list("number", flat=True))
        known_ids = set(
            Order.objects.filter(external_id__in=external_ids).values_list("external_id", flat=True)
        )
        fresh = [
            (line, values)
            for line, values in chunk
            if values["number"] not in known_numbers and values["external_id"] not in known_ids
        ]
        skipped = len(chunk) - len(fresh)
        customers = customers_for_orders(
            wanted=[(values["email"], values["customer"]) for _line, values in fresh]
        )
        problems: list[str] = []
        wanted: list[tuple[int, OrderInput]] = []
        for (line, values), customer in zip(fresh, customers, strict=True):
            if isinstance(customer, DomainError):
                problems.append(f"line {line}: {customer}")
            else:
                wanted.append((line, OrderInput(**order_fields(values, customer))))
        results = (
            orders_create(orders=[order for _line, order in wanted], actor_label="import") if wanted else []
        )
        imported = 0
        for (line, _order), result in zip(wanted, results, strict=True):
            if isinstance(result, DomainError):
                problems.append(f"line {line}: {result}")
            else:
                imported += 1
        return imported, skipped, problems
