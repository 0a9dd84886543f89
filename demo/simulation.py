"""Play through the life of each demo order and write what it left behind as rows.

An order is placed, packed into one or more parcels, scanned by its carrier, delivered, collected or
delayed, sometimes returned. Each parcel's whole journey is planned first and then cut off at the seeder's
clock (07:00 on the anchor day): whatever had happened by then is stored, the rest has not happened yet.
So statuses, timestamps and history rows agree with each other by construction:

- a shipment's status is its latest scan's status, ``last_event_at`` that scan's time, ``shipped_at`` the
  first scan's, ``delivered_at`` the delivery scan's;
- an order's status is :func:`orders.services.order_status_derive` of its lines and parcels, and its
  history holds one row per change of that derived status, at the moment of the scan that caused it;
- messages exist only for what had happened (and been sent) by then.

All randomness comes from one ``random.Random`` and one seeded Faker, consumed in a fixed order.
"""

import random
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from faker import Faker

from demo import texts
from demo.scripted import DEMO_CUSTOMER, DEMO_ORDERS, ScriptedOrder, ScriptedReturn
from demo.writer import BulkWriter
from notifications.models import Message, MessageStatus
from orders.models import Order, OrderLine, OrderStatus, OrderStatusChange, PaymentMethodType
from orders.services import order_status_derive
from returns.models import ReturnLine, ReturnRequest, ReturnResolution, ReturnStatus, ReturnStatusChange
from tracking.models import Shipment, ShipmentLine, ShipmentStatusChange, TrackingEvent, TrackingStatus

BERLIN = ZoneInfo("Europe/Berlin")
CLOCK_HOUR = 7  # the seeder's "now" is 07:00 on the anchor day
HISTORY_DAYS = 180
ORDER_NUMBER_PREFIX = "NH-"
ORDER_NUMBER_START = 10_000_000  # the first demo order is NH-10000001
RETURN_NUMBER_PREFIX = "NH-R"
RETURN_NUMBER_START = 1_000_000
CUSTOMER_DOMAIN = "kunden.example"  # RFC 2606: never a real mailbox
ACTOR = "demo"
FREE_SHIPPING_FROM = Decimal("50.00")
SHIPPING_FEE = Decimal("4.90")
CENT = Decimal("0.01")
CHUNK = 1_000  # orders per flush: bounds memory, and the progress bar moves

# Orders by hour of day (local time): quiet at night, peaks at lunch and in the evening.
HOUR_WEIGHTS = (1, 1, 0, 0, 0, 1, 2, 4, 6, 7, 8, 9, 10, 9, 8, 8, 9, 10, 12, 14, 15, 13, 8, 3)
LINE_COUNT_WEIGHTS = ((1, 45), (2, 30), (3, 17), (4, 8))
TRANSIT_DAYS = {
    "dhl_paket": (1, 1, 1, 1, 2),
    "ups": (1, 1, 1, 2),
    "dpd": (1, 1, 2),
    "hermes": (1, 2, 2),
    "gls": (1, 2),
}
DELAY_REASONS = ("weather", "high_volume", "high_volume", "address_problem", "unknown")
PAYMENT_WEIGHTS = (
    (PaymentMethodType.CARD, 34),
    (PaymentMethodType.PAYPAL, 30),
    (PaymentMethodType.KLARNA, 12),
    (PaymentMethodType.SEPA_DEBIT, 10),
    (PaymentMethodType.INVOICE, 6),
    (PaymentMethodType.APPLE_PAY, 6),
    (PaymentMethodType.PREPAYMENT, 2),
)
CARD_BRANDS = ("Visa", "Visa", "Mastercard", "Mastercard", "American Express")
RETURN_REASON_WEIGHTS = (
    ("changed_mind", 30),
    ("not_as_described", 14),
    ("defective", 12),
    ("damaged_in_transit", 6),
    ("arrived_late", 4),
    ("wrong_item", 4),
)
REQUIRES_COMMENT = frozenset({"not_as_described", "defective", "damaged_in_transit", "wrong_item"})
RETURN_STEPS = {  # outcome -> (status, hours after the previous step (low, high))
    "refunded": (
        (ReturnStatus.APPROVED, (2, 20)),
        (ReturnStatus.LABEL_ISSUED, (0.02, 0.3)),
        (ReturnStatus.IN_TRANSIT, (12, 72)),
        (ReturnStatus.RECEIVED, (30, 96)),
        (ReturnStatus.REFUNDED, (6, 48)),
    ),
    "rejected": ((ReturnStatus.REJECTED, (4, 30)),),
    "cancelled": ((ReturnStatus.CANCELLED, (1, 30)),),
}

ORDER_COLUMNS = (
    "id", "number", "customer_id", "email", "language", "placed_at", "status", "currency",
    "shipping_first_name", "shipping_last_name", "shipping_company", "shipping_street", "shipping_extra",
    "shipping_postcode", "shipping_city", "shipping_country",
    "billing_first_name", "billing_last_name", "billing_company", "billing_street", "billing_extra",
    "billing_postcode", "billing_city", "billing_country",
    "payment_method_type", "payment_method_detail",
    "subtotal", "shipping_total", "discount_total", "tax_total", "grand_total", "created_at", "updated_at",
)  # fmt: skip
LINE_COLUMNS = ("id", "order_id", "product_id", "position", "product_name", "product_sku", "unit_price",
                "quantity", "vat_rate")  # fmt: skip
SHIPMENT_COLUMNS = (
    "id", "order_id", "carrier_id", "tracking_number", "status", "estimated_delivery",
    "original_estimated_delivery", "is_delayed", "delay_reason", "shipped_at", "delivered_at", "last_event_at",
    "created_at",
)  # fmt: skip
SHIPMENT_LINE_COLUMNS = ("id", "shipment_id", "order_line_id", "quantity")
EVENT_COLUMNS = ("id", "shipment_id", "status", "carrier_code", "description", "location", "occurred_at",
                 "received_at", "dedupe_key")  # fmt: skip
HISTORY_COLUMNS = ("id", "from_status", "to_status", "changed_at", "actor_label", "reason")
RETURN_COLUMNS = ("id", "number", "order_id", "status", "resolution", "customer_comment", "refund_amount",
                  "requested_at", "updated_at")  # fmt: skip
RETURN_LINE_COLUMNS = (
    "id",
    "return_request_id",
    "order_line_id",
    "quantity",
    "reason_id",
    "comment",
    "condition",
)
MESSAGE_COLUMNS = (
    "id", "idempotency_key", "template_key", "channel", "language", "recipient", "order_id", "customer_id",
    "payload", "status", "subject", "body_text", "attempts", "provider_message_id", "created_at", "sent_at",
)  # fmt: skip


def at(day: date, hour: float) -> datetime:
    """Local wall-clock time on ``day`` (hours may exceed 24: the time runs on into the next day)."""
    return datetime(day.year, day.month, day.day, tzinfo=BERLIN) + timedelta(hours=hour)


def next_working_day(day: date, *, skip_sunday: bool) -> date:
    day += timedelta(days=1)
    if skip_sunday and day.weekday() == 6:
        day += timedelta(days=1)
    return day


def ascii_slug(text: str) -> str:
    text = text.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in text if ch.isalnum() or ch in ".-")


@dataclass(frozen=True)
class ProductRow:
    id: int
    sku: str
    name: str
    price: Decimal
    vat_rate: Decimal
    is_returnable: bool
    has_sizes: bool
    popularity: int


@dataclass(frozen=True)
class CarrierRow:
    id: int
    code: str
    name: str
    url_template: str


@dataclass
class Person:
    """A registered customer (``id`` set) or a guest."""

    id: int | None
    email: str
    first_name: str
    last_name: str
    street: str
    postcode: str
    city: str
    extra: str = ""
    company: str = ""
    payment: tuple[str, str] | None = None  # preferred (type, masked detail)


@dataclass
class ParcelPlan:
    carrier: str
    items: list[tuple[int, int]]  # (order line index, quantity)
    ship_at: datetime
    transit_days: int
    scenario: str = "home"  # home | packstation | failed_attempt
    delay_reason: str = ""
    delay_days: int = 0
    pickup_after_hours: float | None = 24.0
    skip_sunday: bool = True


@dataclass
class Scan:
    at: datetime
    status: str
    kind: str
    location: str
    place: str = ""  # the pickup point's short name, for the description


@dataclass
class ParcelResult:
    plan: ParcelPlan
    scans: list[Scan]
    original_estimate: date
    estimate: date
    pickup_place: str = ""
    tracking_number: str = ""
    shipment_id: int = 0
    extra: dict = field(default_factory=dict)


class OrderSimulator:
    def __init__(
        self,
        *,
        writer: BulkWriter,
        seed: int,
        today: date,
        products: list[ProductRow],
        carriers: dict[str, CarrierRow],
        reason_ids: dict[str, int],
        shop_name: str,
    ):
        self.writer = writer
        self.rng = random.Random(seed)
        self.fake = Faker("de_DE")
        self.fake.seed_instance(seed)
        self.today = today
        self.now = at(today, CLOCK_HOUR)
        self.products = products
        self.products_by_sku = {product.sku: product for product in products}
        self.product_cum_weights = self._cumulative([product.popularity for product in products])
        self.carriers = carriers
        self.carrier_codes = texts.CARRIER_CODES
        self.carrier_cum_weights = self._cumulative([weight for _code, weight in texts.CARRIER_WEIGHTS])
        self.reason_ids = reason_ids
        self.shop = shop_name
        # Tracking numbers: a per-carrier counter scrambled by a multiplier that is coprime to 10, so that
        # they look random but cannot repeat.
        self.tracking_counter = dict.fromkeys(self.carrier_codes, 0)
        self.tracking_offset = {code: self.rng.randrange(10**8) for code in self.carrier_codes}
        self.return_count = 0
        self.message_count = 0

        self.orders = writer.table(Order, ORDER_COLUMNS)
        self.lines = writer.table(OrderLine, LINE_COLUMNS)
        self.order_history = writer.table(OrderStatusChange, (*HISTORY_COLUMNS, "order_id"))
        self.shipments = writer.table(Shipment, SHIPMENT_COLUMNS)
        self.shipment_lines = writer.table(ShipmentLine, SHIPMENT_LINE_COLUMNS)
        self.events = writer.table(TrackingEvent, EVENT_COLUMNS)
        self.shipment_history = writer.table(ShipmentStatusChange, (*HISTORY_COLUMNS, "shipment_id"))
        self.returns = writer.table(ReturnRequest, RETURN_COLUMNS)
        self.return_lines = writer.table(ReturnLine, RETURN_LINE_COLUMNS)
        self.return_history = writer.table(ReturnStatusChange, (*HISTORY_COLUMNS, "return_request_id"))
        self.messages = writer.table(Message, MESSAGE_COLUMNS)

    @staticmethod
    def _cumulative(weights: list[int]) -> list[int]:
        total, out = 0, []
        for weight in weights:
            total += weight
            out.append(total)
        return out

    # --- people ---------------------------------------------------------------------------------------

    def person(self, *, customer_id: int | None, used_emails: set[str] | None = None) -> Person:
        fake, rng = self.fake, self.rng
        first, last = fake.first_name(), fake.last_name()
        local = f"{ascii_slug(first)}.{ascii_slug(last)}"
        email = f"{local}@{CUSTOMER_DOMAIN}"
        if used_emails is not None:
            suffix = 2
            while email in used_emails:
                email = f"{local}{suffix}@{CUSTOMER_DOMAIN}"
                suffix += 1
            used_emails.add(email)
        else:  # guests: several guests may share an address, as in real life
            email = f"{local}{rng.randrange(10, 99)}@{CUSTOMER_DOMAIN}"
        roll = rng.random()
        extra = (
            ("2. OG", "Hinterhaus", "Erdgeschoss links", "Wohnung 12")[rng.randrange(4)]
            if roll < 0.07
            else ""
        )
        company = fake.company() if 0.07 <= roll < 0.11 else ""
        person = Person(
            id=customer_id,
            email=email,
            first_name=first,
            last_name=last,
            street=fake.street_address(),
            postcode=fake.postcode(),
            city=fake.city(),
            extra=extra,
            company=company[:100],
        )
        person.payment = self.payment(person)
        return person

    def payment(self, person: Person) -> tuple[str, str]:
        rng = self.rng
        kind = rng.choices([kind for kind, _w in PAYMENT_WEIGHTS], weights=[w for _k, w in PAYMENT_WEIGHTS])[
            0
        ]
        last4 = f"{rng.randrange(10000):04d}"
        if kind == PaymentMethodType.CARD:
            return kind, f"{CARD_BRANDS[rng.randrange(len(CARD_BRANDS))]} •••• {last4}"
        if kind == PaymentMethodType.PAYPAL:
            local, domain = person.email.split("@")
            return kind, f"PayPal ({local[0]}•••@{domain})"
        if kind == PaymentMethodType.SEPA_DEBIT:
            return kind, f"SEPA-Lastschrift DE•• •••• {last4}"
        if kind == PaymentMethodType.KLARNA:
            return kind, ("Klarna Rechnung (30 Tage)", "Klarna Sofortüberweisung")[rng.randrange(2)]
        if kind == PaymentMethodType.APPLE_PAY:
            return kind, f"Apple Pay (Visa •••• {last4})"
        if kind == PaymentMethodType.INVOICE:
            return kind, "Rechnung (zahlbar in 14 Tagen)"
        return kind, "Vorkasse per Überweisung"

    # --- the plan: when each order is placed, by whom ---------------------------------------------------

    def order_plan(self, generic_count: int) -> list[tuple[datetime, int]]:
        """(placed_at, index into DEMO_ORDERS or -1) for every order, oldest first."""
        rng = self.rng
        hour_cum = self._cumulative(list(HOUR_WEIGHTS))
        hours = range(24)
        plan = []
        for _ in range(generic_count):
            days_ago = int(HISTORY_DAYS * rng.random() ** 1.35)  # the shop is growing: more orders lately
            hour = rng.choices(hours, cum_weights=hour_cum)[0] + rng.random()
            if days_ago == 0 and hour >= CLOCK_HOUR:
                days_ago = 1
            plan.append((at(self.today - timedelta(days=days_ago), hour), -1))
        for index, scripted in enumerate(DEMO_ORDERS):
            days_ago, hour = scripted.placed
            plan.append((at(self.today - timedelta(days=days_ago), hour), index))
        plan.sort(key=lambda entry: (entry[0], entry[1]))
        return plan

    def run(
        self,
        *,
        orders: int,
        customers: list[Person],
        demo_customer: Person,
        progress: Callable[[int], None] | None,
    ) -> None:
        rng = self.rng
        plan = self.order_plan(orders - len(DEMO_ORDERS))
        done = 0
        for number_index, (placed_at, scripted_index) in enumerate(plan, start=1):
            number = f"{ORDER_NUMBER_PREFIX}{ORDER_NUMBER_START + number_index}"
            if scripted_index >= 0:
                self.scripted_order(number, placed_at, DEMO_ORDERS[scripted_index], demo_customer)
            else:
                if customers and rng.random() < 0.82:
                    person = customers[int(len(customers) * rng.random() ** 1.8)]
                else:
                    person = self.person(customer_id=None)
                self.generic_order(number, placed_at, person)
            done += 1
            if done % CHUNK == 0:
                self.writer.flush()
                if progress:
                    progress(CHUNK)
        self.writer.flush()
        if progress and done % CHUNK:
            progress(done % CHUNK)

    # --- one order --------------------------------------------------------------------------------------

    def generic_order(self, number: str, placed_at: datetime, person: Person) -> None:
        rng = self.rng
        line_count = rng.choices((1, 2, 3, 4), weights=[w for _n, w in LINE_COUNT_WEIGHTS])[0]
        chosen: list[ProductRow] = []
        while len(chosen) < line_count:
            product = rng.choices(self.products, cum_weights=self.product_cum_weights)[0]
            if product not in chosen:
                chosen.append(product)
        items = []
        for product in chosen:
            roll = rng.random()
            quantity = 1 if roll < 0.8 else 2 if roll < 0.95 or product.price > 40 else 3
            items.append((product, quantity))

        payment = person.payment if rng.random() < 0.85 and person.payment else self.payment(person)
        packstation = rng.random() < 0.05
        cancelled = rng.random() < 0.012 and placed_at < self.now - timedelta(hours=12)
        parcels: list[ParcelPlan] = []
        if not cancelled:
            parcels = self.generic_parcels(placed_at, items, packstation=packstation)
        self.write_order(
            number=number,
            placed_at=placed_at,
            person=person,
            items=items,
            payment=payment,
            packstation=self.packstation_address(person) if packstation else None,
            parcels=parcels,
            cancelled=cancelled,
            scripted_return=None,
        )

    def scripted_order(
        self, number: str, placed_at: datetime, scripted: ScriptedOrder, person: Person
    ) -> None:
        items = [(self.products_by_sku[sku], quantity) for sku, quantity in scripted.items]
        payment = (
            (PaymentMethodType.PAYPAL, "PayPal (d•••@example.com)")
            if scripted.payment == "paypal"
            else (PaymentMethodType.CARD, "Visa •••• 4242")
        )
        parcels = [
            ParcelPlan(
                carrier=parcel.carrier,
                items=list(parcel.items),
                ship_at=at(self.today - timedelta(days=parcel.ship[0]), parcel.ship[1]),
                transit_days=parcel.transit_days,
                scenario=parcel.scenario,
                delay_reason=parcel.delay_reason,
                delay_days=parcel.delay_days,
                pickup_after_hours=parcel.pickup_after_hours,
                skip_sunday=False,
            )
            for parcel in scripted.parcels
        ]
        packstation = None
        if scripted.packstation:
            packstation = (DEMO_CUSTOMER["packstation"], f"Postnummer {DEMO_CUSTOMER['post_number']}")
        self.write_order(
            number=number,
            placed_at=placed_at,
            person=person,
            items=items,
            payment=payment,
            packstation=packstation,
            parcels=parcels,
            cancelled=False,
            scripted_return=scripted.return_request,
        )

    def packstation_address(self, person: Person) -> tuple[str, str]:
        return (
            f"Packstation {self.rng.randrange(101, 299)}",
            f"Postnummer {self.rng.randrange(10**9, 10**10)}",
        )

    def generic_parcels(
        self, placed_at: datetime, items: list[tuple[ProductRow, int]], *, packstation: bool
    ) -> list[ParcelPlan]:
        rng = self.rng
        ship_at = placed_at + timedelta(hours=rng.uniform(2, 26))
        if not 8 <= ship_at.hour < 17 or ship_at.weekday() == 6:
            day = ship_at.date() if ship_at.hour < 8 else ship_at.date() + timedelta(days=1)
            if day.weekday() == 6:
                day += timedelta(days=1)
            ship_at = at(day, rng.uniform(8.5, 16.5))

        groups: list[list[tuple[int, int]]]
        line_indexes = list(range(len(items)))
        if len(items) >= 2 and rng.random() < 0.14:
            parts = 3 if len(items) >= 3 and rng.random() < 0.3 else 2
            rng.shuffle(line_indexes)
            cuts = sorted(rng.sample(range(1, len(items)), parts - 1))
            bounds = [0, *cuts, len(items)]
            groups = [
                [(i, items[i][1]) for i in sorted(line_indexes[bounds[k] : bounds[k + 1]])]
                for k in range(parts)
            ]
        elif len(items) == 1 and items[0][1] >= 2 and rng.random() < 0.1:
            quantity = items[0][1]
            groups = [[(0, 1)], [(0, quantity - 1)]]
        else:
            groups = [[(i, items[i][1]) for i in line_indexes]]

        main_carrier = (
            "dhl_paket"
            if packstation
            else self.carrier_codes[
                rng.choices(range(len(self.carrier_codes)), cum_weights=self.carrier_cum_weights)[0]
            ]
        )
        plans = []
        for position, group in enumerate(groups):
            carrier = main_carrier
            parcel_ship_at = ship_at
            if position:
                parcel_ship_at = ship_at + timedelta(
                    hours=rng.choice((0, 0, 24, 48, 72)) + rng.uniform(0.2, 3)
                )
                if not packstation and rng.random() < 0.3:
                    carrier = self.carrier_codes[
                        rng.choices(range(len(self.carrier_codes)), cum_weights=self.carrier_cum_weights)[0]
                    ]
            roll = rng.random()
            scenario, delay_reason, delay_days = "home", "", 0
            if packstation:
                scenario = "packstation"
            elif roll < 0.04:
                scenario = "failed_attempt"
            if 0.04 <= roll < 0.11:
                delay_reason = DELAY_REASONS[rng.randrange(len(DELAY_REASONS))]
                delay_days = rng.randint(1, 4)
            plans.append(
                ParcelPlan(
                    carrier=carrier,
                    items=group,
                    ship_at=parcel_ship_at,
                    transit_days=rng.choice(TRANSIT_DAYS[carrier]),
                    scenario=scenario,
                    delay_reason=delay_reason,
                    delay_days=delay_days,
                    pickup_after_hours=rng.uniform(2, 96),
                )
            )
        return plans

    # --- parcels --------------------------------------------------------------------------------------

    def tracking_number(self, carrier: str) -> str:
        self.tracking_counter[carrier] += 1
        n = self.tracking_counter[carrier] * 982_451_653 + self.tracking_offset[carrier]
        if carrier == "dhl_paket":
            return f"00340434{n % 10**12:012d}"
        if carrier == "dpd":
            return f"0150{n % 10**10:010d}"
        if carrier == "hermes":
            return f"H100{n % 10**16:016d}"
        if carrier == "gls":
            return f"6{n % 10**10:010d}"
        return f"1ZA4F92E68{n % 10**8:08d}"  # UPS: 1Z, shipper account, service code, package number

    def pickup_point(
        self, carrier: str, postcode: str, city: str, packstation: str | None
    ) -> tuple[str, str]:
        """(short name for the scan text, full location)."""
        if packstation:
            return packstation, f"{packstation}, {postcode} {city}"
        rng, fake = self.rng, self.fake
        kinds = texts.PICKUP_POINT_KIND[carrier]
        kind = kinds[0]
        if kind == "Postfiliale":
            short = f"Postfiliale {rng.randrange(400, 699)}"
        else:
            short = f"{kind} {texts.PICKUP_SHOP_TYPES[rng.randrange(len(texts.PICKUP_SHOP_TYPES))]} {fake.last_name()}"
        return short, f"{short}, {fake.street_name()} {rng.randrange(1, 80)}, {postcode} {city}"[:120]

    def parcel_journey(
        self, plan: ParcelPlan, *, postcode: str, city: str, packstation: str | None
    ) -> ParcelResult:
        """Every scan the parcel will ever get, in order; the caller keeps those up to now."""
        rng = self.rng
        carrier = plan.carrier
        hub = texts.HUB_NAME[carrier]
        digit = int(postcode[0]) if postcode[:1].isdigit() else 2
        destination_hub = hub.format(town=texts.HUB_TOWNS[digit])
        skip = plan.skip_sunday
        scans = [Scan(plan.ship_at, TrackingStatus.INFO_RECEIVED, "announced", "")]
        picked_up = plan.ship_at + timedelta(hours=rng.uniform(1.5, 5))
        scans.append(Scan(picked_up, TrackingStatus.IN_TRANSIT, "picked_up", texts.WAREHOUSE_TOWN))
        origin = picked_up + timedelta(hours=rng.uniform(1.5, 4))
        scans.append(
            Scan(origin, TrackingStatus.IN_TRANSIT, "hub_origin", hub.format(town=texts.WAREHOUSE_TOWN))
        )
        day = origin.date()
        for _ in range(plan.transit_days - 1):
            day = next_working_day(day, skip_sunday=skip)
            transit_hub = hub.format(town=texts.HUB_TOWNS[(digit + 3) % 10])
            scans.append(
                Scan(at(day, rng.uniform(9, 17)), TrackingStatus.IN_TRANSIT, "hub_transit", transit_hub)
            )
        delivery_day = next_working_day(day, skip_sunday=skip)
        original_estimate = delivery_day
        if plan.delay_reason:
            kind = texts.DELAY_EVENT_BY_REASON[plan.delay_reason]
            scans.append(
                Scan(at(delivery_day, rng.uniform(2, 5)), TrackingStatus.EXCEPTION, kind, destination_hub)
            )
            resume_day = next_working_day(delivery_day, skip_sunday=skip)
            scans.append(
                Scan(
                    at(resume_day, rng.uniform(8, 12)), TrackingStatus.IN_TRANSIT, "resumed", destination_hub
                )
            )
            delivery_day = max(delivery_day + timedelta(days=plan.delay_days), resume_day + timedelta(days=1))
            if skip and delivery_day.weekday() == 6:
                delivery_day += timedelta(days=1)
        scans.append(
            Scan(
                at(delivery_day, rng.uniform(2, 5)),
                TrackingStatus.IN_TRANSIT,
                "hub_destination",
                destination_hub,
            )
        )
        scans.append(Scan(at(delivery_day, rng.uniform(5.75, 6.85)), TrackingStatus.OUT_FOR_DELIVERY,
                          "out_for_delivery", city))  # fmt: skip
        result = ParcelResult(
            plan=plan, scans=scans, original_estimate=original_estimate, estimate=delivery_day
        )
        if plan.scenario in ("packstation", "failed_attempt"):
            if plan.scenario == "failed_attempt":
                attempt = at(delivery_day, rng.uniform(9.5, 17))
                scans.append(Scan(attempt, TrackingStatus.FAILED_ATTEMPT, "failed_attempt", city))
                ready = attempt + timedelta(hours=rng.uniform(2, 5))
            else:
                ready = at(delivery_day, rng.uniform(9.5, 15))
            short, location = self.pickup_point(carrier, postcode, city, packstation)
            result.pickup_place = location
            scans.append(
                Scan(ready, TrackingStatus.AVAILABLE_FOR_PICKUP, "available_for_pickup", location, short)
            )
            if plan.pickup_after_hours is not None:
                collected = ready + timedelta(hours=plan.pickup_after_hours)
                scans.append(Scan(collected, TrackingStatus.DELIVERED, "collected", location, short))
        else:
            kind = "delivered_neighbour" if rng.random() < 0.15 else "delivered"
            scans.append(Scan(at(delivery_day, rng.uniform(9, 19)), TrackingStatus.DELIVERED, kind, city))
        return result

    # --- writing an order and everything that hangs off it -------------------------------------------

    def write_order(
        self,
        *,
        number: str,
        placed_at: datetime,
        person: Person,
        items: list[tuple[ProductRow, int]],
        payment: tuple[str, str],
        packstation: tuple[str, str] | None,
        parcels: list[ParcelPlan],
        cancelled: bool,
        scripted_return: ScriptedReturn | None,
    ) -> None:
        rng, now = self.rng, self.now
        order_id = self.orders.next_id()

        # Amounts: gross prices; the VAT contained is worked out per rate, with shipping and discount
        # shared out in proportion to the goods (German practice for ancillary costs).
        subtotal = Decimal("0.00")
        gross_by_rate: dict[Decimal, Decimal] = {}
        line_ids = []
        for position, (product, quantity) in enumerate(items):
            line_total = product.price * quantity
            subtotal += line_total
            gross_by_rate[product.vat_rate] = gross_by_rate.get(product.vat_rate, Decimal("0")) + line_total
            line_id = self.lines.next_id()
            line_ids.append(line_id)
            self.lines.add((line_id, order_id, product.id, position, product.name, product.sku, product.price,
                            quantity, product.vat_rate))  # fmt: skip
        shipping = Decimal("0.00") if subtotal >= FREE_SHIPPING_FROM else SHIPPING_FEE
        discount = Decimal("0.00")
        if subtotal >= 40 and rng.random() < 0.06:
            discount = (
                Decimal("5.00") if rng.random() < 0.5 else (subtotal / 10).quantize(CENT, ROUND_HALF_UP)
            )
        grand_total = subtotal + shipping - discount
        tax_total = Decimal("0.00")
        for rate, gross in gross_by_rate.items():
            share = gross + (shipping - discount) * gross / subtotal
            tax_total += (share * rate / (100 + rate)).quantize(CENT, ROUND_HALF_UP)

        ship_street, ship_extra = packstation if packstation else (person.street, person.extra)
        address = "\n".join(
            part
            for part in (
                f"{person.first_name} {person.last_name}",
                "" if packstation else person.company,
                ship_street,
                ship_extra,
                f"{person.postcode} {person.city}",
            )
            if part
        )

        # Parcels: plan the journey, keep what happened by now.
        results: list[ParcelResult] = []
        for plan in parcels:
            if plan.ship_at > now:
                continue  # not packed yet
            result = self.parcel_journey(
                plan,
                postcode=person.postcode,
                city=person.city,
                packstation=packstation[0] if packstation else None,
            )
            result.scans = [scan for scan in result.scans if scan.at <= now]
            results.append(result)

        # Order status over time, from the scans that moved units.
        ordered = sum(quantity for _product, quantity in items)
        history = [("", OrderStatus.PLACED, placed_at, "Bestellung eingegangen")]
        status = OrderStatus.PLACED
        if cancelled:
            cancelled_at = placed_at + timedelta(hours=rng.uniform(0.5, 10))
            history.append((status, OrderStatus.CANCELLED, cancelled_at, "Vom Kunden storniert"))
            status = OrderStatus.CANCELLED
        else:
            moments = []
            for result in results:
                units = sum(quantity for _index, quantity in result.plan.items)
                moments.append((result.scans[0].at, units, 0))
                if result.scans[-1].status == TrackingStatus.DELIVERED:
                    moments.append((result.scans[-1].at, units, 1))
            shipped = delivered = 0
            for moment, units, is_delivery in sorted(moments, key=lambda m: (m[0], m[2])):
                if is_delivery:
                    delivered += units
                else:
                    shipped += units
                derived = order_status_derive(
                    quantity_ordered=ordered, quantity_shipped=shipped, quantity_delivered=delivered
                )
                if derived != status:
                    history.append((status, derived, moment, ""))
                    status = derived
        for from_status, to_status, changed_at, reason in history:
            self.order_history.add(
                (self.order_history.next_id(), from_status, to_status, changed_at, ACTOR, reason, order_id)
            )

        customer_id = person.id
        self.orders.add(
            (
                order_id, number, customer_id, person.email, "de", placed_at, status, "EUR",
                person.first_name, person.last_name, "" if packstation else person.company, ship_street, ship_extra,
                person.postcode, person.city, "DE",
                person.first_name, person.last_name, person.company, person.street, person.extra,
                person.postcode, person.city, "DE",
                payment[0], payment[1],
                subtotal, shipping, discount, tax_total, grand_total, placed_at, history[-1][2],
            )
        )  # fmt: skip

        self.message(
            key=f"{number}:order_confirmation",
            template="order_confirmation",
            at=placed_at + timedelta(seconds=rng.uniform(20, 90)),
            person=person,
            order_id=order_id,
            payload={
                "order_number": number,
                "first_name": person.first_name,
                "grand_total": str(grand_total),
            },
            rendered=texts.order_confirmation(
                shop=self.shop,
                first_name=person.first_name,
                number=number,
                placed=placed_at.date(),
                lines=[(quantity, product.name, product.price) for product, quantity in items],
                subtotal=subtotal,
                shipping=shipping,
                discount=discount,
                tax=tax_total,
                total=grand_total,
                address=address,
            ),
        )

        for result in results:
            self.write_shipment(result, order_id=order_id, number=number, person=person, items=items,
                                line_ids=line_ids, partial=len(parcels) > 1)  # fmt: skip

        if status == OrderStatus.DELIVERED and results:
            delivered_at = max(result.scans[-1].at for result in results)
            self.maybe_return(
                order_id=order_id,
                number=number,
                person=person,
                items=items,
                line_ids=line_ids,
                delivered_at=delivered_at,
                scripted=scripted_return,
            )

    def write_shipment(
        self,
        result: ParcelResult,
        *,
        order_id: int,
        number: str,
        person: Person,
        items: list[tuple[ProductRow, int]],
        line_ids: list[int],
        partial: bool,
    ) -> None:
        rng = self.rng
        plan, scans = result.plan, result.scans
        carrier = self.carriers[plan.carrier]
        shipment_id = self.shipments.next_id()
        tracking_number = self.tracking_number(plan.carrier)
        tracking_url = carrier.url_template.replace("{tracking_number}", tracking_number)
        delay_scan = next((scan for scan in scans if scan.status == TrackingStatus.EXCEPTION), None)
        last = scans[-1]
        delivered_at = last.at if last.status == TrackingStatus.DELIVERED else None
        estimate = result.estimate if delay_scan else result.original_estimate
        self.shipments.add(
            (
                shipment_id, order_id, carrier.id, tracking_number, last.status, estimate, result.original_estimate,
                bool(delay_scan) and delivered_at is None, plan.delay_reason if delay_scan else "",
                scans[0].at, delivered_at, last.at, scans[0].at - timedelta(minutes=rng.uniform(2, 20)),
            )
        )  # fmt: skip
        for index, quantity in plan.items:
            self.shipment_lines.add((self.shipment_lines.next_id(), shipment_id, line_ids[index], quantity))

        previous = TrackingStatus.PENDING
        for position, scan in enumerate(scans):
            code, description = texts.EVENTS[scan.kind][plan.carrier]
            if scan.place:
                description = description.format(place=scan.place)
            self.events.add(
                (
                    self.events.next_id(), shipment_id, scan.status, code, description, scan.location, scan.at,
                    scan.at + timedelta(seconds=rng.uniform(30, 900)), f"{plan.carrier}:{code}:{position}",
                )
            )  # fmt: skip
            if scan.status != previous:
                self.shipment_history.add(
                    (self.shipment_history.next_id(), previous, scan.status, scan.at, ACTOR, "", shipment_id)
                )
                previous = scan.status

        base_payload = {"order_number": number, "carrier": carrier.name, "tracking_number": tracking_number}
        picked_up = next((scan for scan in scans if scan.kind == "picked_up"), None)
        if picked_up:
            self.message(
                key=f"{tracking_number}:shipment_shipped",
                template="shipment_shipped",
                at=picked_up.at + timedelta(minutes=rng.uniform(5, 30)),
                person=person,
                order_id=order_id,
                payload={**base_payload, "tracking_url": tracking_url},
                rendered=texts.shipment_shipped(
                    shop=self.shop,
                    first_name=person.first_name,
                    number=number,
                    carrier=carrier.name,
                    tracking_number=tracking_number,
                    tracking_url=tracking_url,
                    estimated=result.original_estimate,
                    items=[(quantity, items[index][0].name) for index, quantity in plan.items],
                    partial=partial,
                ),
            )
        if delay_scan:
            self.message(
                key=f"{tracking_number}:shipment_delayed",
                template="shipment_delayed",
                at=delay_scan.at + timedelta(minutes=rng.uniform(10, 60)),
                person=person,
                order_id=order_id,
                payload={**base_payload, "estimated_delivery": result.estimate.isoformat()},
                rendered=texts.shipment_delayed(
                    shop=self.shop,
                    first_name=person.first_name,
                    number=number,
                    carrier=carrier.name,
                    reason=plan.delay_reason,
                    estimated=result.estimate,
                    tracking_url=tracking_url,
                ),
            )
        ready = next((scan for scan in scans if scan.status == TrackingStatus.AVAILABLE_FOR_PICKUP), None)
        if ready:
            self.message(
                key=f"{tracking_number}:shipment_ready_for_pickup",
                template="shipment_ready_for_pickup",
                at=ready.at + timedelta(minutes=rng.uniform(5, 20)),
                person=person,
                order_id=order_id,
                payload={**base_payload, "pickup_point": ready.location},
                rendered=texts.shipment_ready_for_pickup(
                    shop=self.shop,
                    first_name=person.first_name,
                    number=number,
                    place=ready.location,
                    collect_by=ready.at.date() + timedelta(days=7),
                ),
            )

    def maybe_return(
        self,
        *,
        order_id: int,
        number: str,
        person: Person,
        items: list[tuple[ProductRow, int]],
        line_ids: list[int],
        delivered_at: datetime,
        scripted: ScriptedReturn | None,
    ) -> None:
        rng, now = self.rng, self.now
        if scripted:
            requested_at = at(self.today - timedelta(days=scripted.requested[0]), scripted.requested[1])
            outcome, stop_at = scripted.outcome, scripted.stop_at
            lines = [
                (index, quantity, reason, comment) for index, quantity, reason, comment in scripted.lines
            ]
        else:
            returnable = [index for index, (product, _q) in enumerate(items) if product.is_returnable]
            if not returnable or rng.random() >= 0.10:
                return
            requested_at = delivered_at + timedelta(hours=rng.uniform(10, 24 * 12))
            if requested_at > now:
                return
            roll = rng.random()
            outcome = "rejected" if roll < 0.07 else "cancelled" if roll < 0.14 else "refunded"
            stop_at = None
            lines = []
            for index in rng.sample(returnable, min(len(returnable), rng.choice((1, 1, 1, 2)))):
                product, quantity = items[index]
                if product.has_sizes and rng.random() < 0.7:
                    reason = "too_small" if rng.random() < 0.5 else "too_big"
                else:
                    reason = rng.choices(
                        [code for code, _w in RETURN_REASON_WEIGHTS],
                        weights=[w for _c, w in RETURN_REASON_WEIGHTS],
                    )[0]
                comment = ""
                if reason in REQUIRES_COMMENT:
                    options = texts.RETURN_COMMENTS.get(reason, ("",))
                    comment = options[rng.randrange(len(options))]
                lines.append((index, quantity if rng.random() < 0.8 else 1, reason, comment))

        steps = [("", ReturnStatus.REQUESTED, requested_at, "")]
        moment = requested_at
        for status, (low, high) in RETURN_STEPS[outcome]:
            moment = moment + timedelta(hours=rng.uniform(low, high))
            if moment > now:
                break
            reason = ""
            if status == ReturnStatus.REJECTED:
                reason = texts.RETURN_REJECTION_REASONS[0 if scripted else rng.randrange(2)]
            elif status == ReturnStatus.CANCELLED:
                reason = "Vom Kunden zurückgezogen"
            steps.append((steps[-1][1], status, moment, reason))
            if status == stop_at:
                break
        if stop_at == ReturnStatus.REQUESTED:
            steps = steps[:1]
        status = steps[-1][1]

        self.return_count += 1
        return_id = self.returns.next_id()
        return_number = f"{RETURN_NUMBER_PREFIX}{RETURN_NUMBER_START + self.return_count}"
        received = status in (ReturnStatus.RECEIVED, ReturnStatus.REFUNDED)
        refund = None
        if status == ReturnStatus.REFUNDED:
            refund = sum(
                (items[index][0].price * quantity for index, quantity, _r, _c in lines), Decimal("0.00")
            )
        customer_comment = next((comment for _i, _q, _r, comment in lines if comment), "")
        self.returns.add(
            (return_id, return_number, order_id, status, ReturnResolution.REFUND, customer_comment, refund,
             requested_at, steps[-1][2])
        )  # fmt: skip
        for index, quantity, reason, comment in lines:
            condition = (
                texts.RETURN_CONDITIONS[rng.randrange(len(texts.RETURN_CONDITIONS))] if received else ""
            )
            if received and reason in ("defective", "damaged_in_transit"):
                condition = "Defekt bestätigt"
            self.return_lines.add(
                (self.return_lines.next_id(), return_id, line_ids[index], quantity, self.reason_ids[reason], comment,
                 condition)
            )  # fmt: skip
        for from_status, to_status, changed_at, reason in steps:
            self.return_history.add(
                (self.return_history.next_id(), from_status, to_status, changed_at, ACTOR, reason, return_id)
            )

        for _from_status, to_status, changed_at, _reason in steps:
            if to_status == ReturnStatus.LABEL_ISSUED:
                rendered = texts.return_label_issued(
                    shop=self.shop,
                    first_name=person.first_name,
                    return_number=return_number,
                    order_number=number,
                )
            elif to_status == ReturnStatus.REFUNDED:
                rendered = texts.return_refunded(
                    shop=self.shop, first_name=person.first_name, return_number=return_number, amount=refund
                )
            else:
                continue
            self.message(
                key=f"{return_number}:return_{to_status}",
                template=f"return_{to_status}",
                at=changed_at + timedelta(seconds=rng.uniform(20, 300)),
                person=person,
                order_id=order_id,
                payload={"order_number": number, "return_number": return_number},
                rendered=rendered,
            )

    def message(
        self,
        *,
        key: str,
        template: str,
        at: datetime,
        person: Person,
        order_id: int,
        payload: dict,
        rendered: tuple[str, str],
    ) -> None:
        if at > self.now:
            return  # would be sent later
        self.message_count += 1
        subject, body = rendered
        sent_at = at + timedelta(seconds=self.rng.uniform(1, 40))
        self.messages.add(
            (
                self.messages.next_id(), f"demo:{key}", template, "email", "de", person.email, order_id, person.id,
                payload, MessageStatus.SENT, subject, body, 1, f"demo-{self.message_count:08d}", at, sent_at,
            )
        )  # fmt: skip
