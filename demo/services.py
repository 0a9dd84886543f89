"""Seed and remove the demo shop "Nordlicht Haus".

What counts as demo data, so that ``--reset`` removes exactly that:

- orders whose number starts with ``NH-`` (demo orders use their own number range ``NH-10000001``…, so
  they never meet the numbers ``orders.services.order_number_next`` hands out, which have no prefix), and
  everything hanging off them; messages whose idempotency key starts with ``demo:``;
- customers with an address at ``@kunden.example`` and the demo login ``demo@example.com``;
- the catalogue's categories and products (by slug and SKU, see ``demo.catalogue``).

"Already seeded" is the :class:`demo.models.DemoShop` row, written last in the same transaction as the data.
"""

import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection, models, transaction
from django.db.models import Q

from accounts.models import User
from core.errors import DomainError
from demo import texts
from demo.catalogue import (
    CATEGORIES,
    CATEGORY_SLUGS,
    PRODUCT_SKUS,
    PRODUCTS,
    product_image_filename,
    product_image_views,
)
from demo.models import DemoShop
from demo.scripted import ADMIN, DEMO_CUSTOMER, DEMO_ORDERS
from demo.simulation import (
    CUSTOMER_DOMAIN,
    ORDER_NUMBER_PREFIX,
    ORDER_NUMBER_START,
    CarrierRow,
    OrderSimulator,
    Person,
    ProductRow,
    at,
)
from demo.writer import BulkWriter
from notifications.models import Message, MessageStatusChange
from orders.models import (
    Category,
    Order,
    OrderLine,
    OrderNumberCounter,
    OrderStatusChange,
    Product,
    ProductImage,
    ProductSpec,
)
from returns.models import ReturnLine, ReturnReason, ReturnRequest, ReturnStatusChange
from tracking.models import Carrier, Shipment, ShipmentLine, ShipmentStatusChange, TrackingEvent

IMAGES_DIR = Path(__file__).resolve().parent / "images"
ADVISORY_LOCK_KEY = 7_340_101  # PostgreSQL: one seeder at a time
JOINED_DAYS_AGO_MIN, JOINED_DAYS_AGO_MAX = 181, 1_100  # registered before the order history starts
USER_COLUMNS = ("id", "password", "is_superuser", "email", "first_name", "last_name", "language", "phone",
                "is_staff", "is_active", "date_joined")  # fmt: skip


class DemoShopRefused(DomainError):
    pass


@dataclass(frozen=True)
class DemoSeedResult:
    created: bool
    shop: DemoShop
    elapsed_seconds: float


def demo_shop_seed(
    *,
    customers: int,
    orders: int,
    seed: int,
    today: date,
    reset: bool = False,
    progress=None,
    use_copy: bool | None = None,
) -> DemoSeedResult:
    """Seed the demo shop, or reuse it if it is already there (``reset`` deletes and seeds again).

    ``progress`` is called with the number of orders written since the last call. ``use_copy`` forces
    PostgreSQL's COPY on or off (default: on for PostgreSQL); it exists for the benchmark's comparison.
    """
    if settings.ENVIRONMENT == "production":
        raise DemoShopRefused(
            "Der Demo-Shop wird nicht in der Produktion angelegt (settings.ENVIRONMENT == 'production')."
        )
    if orders < len(DEMO_ORDERS) or customers < 1:
        raise DemoShopRefused(f"Mindestens {len(DEMO_ORDERS)} Bestellungen und 1 Kunde, bitte.")
    started = time.perf_counter()
    existing = DemoShop.objects.first()
    if existing and not reset:
        return DemoSeedResult(created=False, shop=existing, elapsed_seconds=time.perf_counter() - started)

    image_names = demo_images_store()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK_KEY])
            existing = DemoShop.objects.first()
            if existing and not reset:
                return DemoSeedResult(
                    created=False, shop=existing, elapsed_seconds=time.perf_counter() - started
                )
        demo_shop_delete()
        row_counts = _seed(
            customers=customers, orders=orders, seed=seed, today=today, image_names=image_names,
            progress=progress, use_copy=use_copy,
        )  # fmt: skip
        shop = DemoShop.objects.create(
            seed=seed, customers=customers, orders=orders, today=today, row_counts=row_counts
        )
    return DemoSeedResult(created=True, shop=shop, elapsed_seconds=time.perf_counter() - started)


def demo_shop_delete() -> dict[str, int]:
    """Delete the demo data (see the module docstring); return the rows deleted per model.

    Children before parents. A table that nothing else references (any more) goes in one statement; one
    that other models point at (including models other apps add later) goes through the ORM, which
    cascades or sets null as those models say.
    """
    deleted: dict[str, int] = {}
    handled: set[type[models.Model]] = set()

    def delete(queryset: models.QuerySet) -> None:
        model = queryset.model
        pointing_here = {relation.related_model for relation in model._meta.related_objects}
        # When nothing else can reference these rows any more: one DELETE statement instead of the
        # Collector, which loads every primary key and deletes in batches of 100 (minutes at 100k orders).
        count = queryset._raw_delete(queryset.db) if pointing_here <= handled else queryset.delete()[0]
        handled.add(model)
        if count:
            deleted[model._meta.label] = deleted.get(model._meta.label, 0) + count

    demo_orders = Order.objects.filter(number__startswith=ORDER_NUMBER_PREFIX)
    demo_messages = Message.objects.filter(Q(idempotency_key__startswith="demo:") | Q(order__in=demo_orders))
    with transaction.atomic():
        delete(MessageStatusChange.objects.filter(message__in=demo_messages))
        delete(demo_messages)
        delete(TrackingEvent.objects.filter(shipment__order__in=demo_orders))
        delete(ShipmentStatusChange.objects.filter(shipment__order__in=demo_orders))
        delete(ShipmentLine.objects.filter(shipment__order__in=demo_orders))
        delete(Shipment.objects.filter(order__in=demo_orders))
        delete(ReturnStatusChange.objects.filter(return_request__order__in=demo_orders))
        delete(ReturnLine.objects.filter(return_request__order__in=demo_orders))
        delete(ReturnRequest.objects.filter(order__in=demo_orders))
        delete(OrderStatusChange.objects.filter(order__in=demo_orders))
        delete(OrderLine.objects.filter(order__in=demo_orders))
        delete(demo_orders)
        handled.clear()  # customers and products are referenced from outside the demo data: let the ORM decide
        delete(
            User.objects.filter(
                Q(email__iendswith=f"@{CUSTOMER_DOMAIN}") | Q(email__iexact=DEMO_CUSTOMER["email"]),
                is_staff=False,
            )
        )
        delete(
            Product.objects.filter(
                Q(sku__in=PRODUCT_SKUS) | Q(family__in=[sku.lower() for sku in PRODUCT_SKUS])
            )
        )
        delete(Category.objects.filter(slug__in=CATEGORY_SLUGS))
        delete(DemoShop.objects.all())
    return deleted


def demo_images_store() -> dict[str, str]:
    """Copy the committed pictures into the default storage under ``products/`` unless they are there.

    Returns file name -> name in storage. Outside the transaction: files are not rolled back, and copying
    them again is harmless.
    """
    names = {}
    for product in PRODUCTS:
        for view, _alt in product_image_views(product):
            filename = product_image_filename(product, view)
            name = f"products/{filename}"
            if not default_storage.exists(name):
                with (IMAGES_DIR / filename).open("rb") as handle:
                    name = default_storage.save(name, File(handle, name=filename))
            names[filename] = name
    return names


def _seed(
    *, customers: int, orders: int, seed: int, today: date, image_names: dict[str, str], progress, use_copy
) -> dict[str, int]:
    counts: dict[str, int] = {}
    products = _catalogue_create(image_names, counts)
    carriers = {
        carrier.code: CarrierRow(carrier.id, carrier.code, carrier.name, carrier.tracking_url_template)
        for carrier in Carrier.objects.filter(code__in=texts.CARRIER_CODES)
    }
    reason_ids = dict(ReturnReason.objects.values_list("code", "id"))
    missing = set(texts.CARRIER_CODES) - set(carriers)
    if missing:
        raise DemoShopRefused(
            f"Versanddienstleister fehlen ({', '.join(sorted(missing))}): bitte migrate ausführen."
        )

    _login_ensure(**ADMIN, is_staff=True)
    lena = _login_ensure(
        **{key: DEMO_CUSTOMER[key] for key in ("email", "password", "first_name", "last_name")}
    )
    lena.phone = DEMO_CUSTOMER["phone"]
    lena.date_joined = at(today - timedelta(days=730), 10)
    lena.save(update_fields=["phone", "date_joined"])
    demo_customer = Person(
        id=lena.id,
        email=lena.email,
        first_name=lena.first_name,
        last_name=lena.last_name,
        street=DEMO_CUSTOMER["street"],
        postcode=DEMO_CUSTOMER["postcode"],
        city=DEMO_CUSTOMER["city"],
    )

    writer = BulkWriter(connection=connection, use_copy=use_copy)
    users = writer.table(User, USER_COLUMNS)
    simulator = OrderSimulator(
        writer=writer,
        seed=seed,
        today=today,
        products=products,
        carriers=carriers,
        reason_ids=reason_ids,
        shop_name=settings.SHOP_NAME,
    )
    people = _customers_create(simulator, users, count=customers - 1)
    simulator.run(orders=orders, customers=people, demo_customer=demo_customer, progress=progress)

    # Should anything ever ask orders.services.order_number_next for the "NH-" prefix, it starts after us.
    counter, _created = OrderNumberCounter.objects.select_for_update().get_or_create(
        prefix=ORDER_NUMBER_PREFIX, defaults={"last_value": ORDER_NUMBER_START}
    )
    if counter.last_value < ORDER_NUMBER_START + orders:
        counter.last_value = ORDER_NUMBER_START + orders
        counter.save(update_fields=["last_value"])

    for label, count in writer.counts().items():
        counts[label] = counts.get(label, 0) + count
    counts["accounts.User"] = counts.get("accounts.User", 0) + 1  # the demo login (admin may have existed)
    return counts


NON_RETURNABLE_REASONS = {
    "bad-pflege": "Aus Hygienegründen von der Rückgabe ausgeschlossen, sobald die Verpackung geöffnet ist.",
    "feinkost": "Lebensmittel sind von der Rückgabe ausgeschlossen.",
}


def _main_size(demo_product) -> str:
    """The size the demo orders buy (the middle one); the others exist as variants to exchange for."""
    return demo_product.sizes[len(demo_product.sizes) // 2]


def _catalogue_create(image_names: dict[str, str], counts: dict[str, int]) -> list[ProductRow]:
    categories = {
        category.slug: Category.objects.create(
            name=category.name, slug=category.slug, return_window_days=category.return_window_days
        )
        for category in CATEGORIES
    }
    rows, specs, images = [], [], []
    for demo_product in PRODUCTS:
        product = Product.objects.create(
            sku=demo_product.sku,
            name=demo_product.name,
            description=demo_product.description,
            category=categories[demo_product.category],
            price=demo_product.price,
            vat_rate=demo_product.vat_rate,
            usage_instructions=demo_product.usage,
            warranty_months=demo_product.warranty_months,
            is_returnable=demo_product.is_returnable,
            non_returnable_reason=NON_RETURNABLE_REASONS.get(demo_product.category, "")
            if not demo_product.is_returnable
            else "",
            return_window_days=demo_product.return_window_days,
            family=demo_product.sku.lower() if demo_product.sizes else "",
            variant_label=f"Größe {_main_size(demo_product)}" if demo_product.sizes else "",
        )
        # The other sizes, which a customer may ask for in an exchange: products of the same family.
        for size in demo_product.sizes:
            if size == _main_size(demo_product):
                continue
            variant = Product.objects.create(
                sku=f"{demo_product.sku}-{size.replace('/', '')}",
                name=f"{demo_product.name}, Größe {size}",
                description=demo_product.description,
                category=categories[demo_product.category],
                price=demo_product.price,
                vat_rate=demo_product.vat_rate,
                usage_instructions=demo_product.usage,
                warranty_months=demo_product.warranty_months,
                family=demo_product.sku.lower(),
                variant_label=f"Größe {size}",
            )
            specs += [
                ProductSpec(product=variant, position=position, key=key, value=value)
                for position, (key, value) in enumerate(demo_product.specs)
            ]
            images += [
                ProductImage(
                    product=variant,
                    image=image_names[product_image_filename(demo_product, view)],
                    alt_text=f"{demo_product.name} – {alt}",
                    position=position,
                )
                for position, (view, alt) in enumerate(product_image_views(demo_product))
            ]
        specs += [
            ProductSpec(product=product, position=position, key=key, value=value)
            for position, (key, value) in enumerate(demo_product.specs)
        ]
        images += [
            ProductImage(
                product=product,
                image=image_names[product_image_filename(demo_product, view)],
                alt_text=f"{demo_product.name} – {alt}",
                position=position,
            )
            for position, (view, alt) in enumerate(product_image_views(demo_product))
        ]
        rows.append(
            ProductRow(
                id=product.id,
                sku=product.sku,
                name=product.name,
                price=demo_product.price,
                vat_rate=demo_product.vat_rate,
                is_returnable=demo_product.is_returnable,
                has_sizes=bool(demo_product.sizes),
                popularity=demo_product.popularity,
            )
        )
    ProductSpec.objects.bulk_create(specs)
    ProductImage.objects.bulk_create(images)
    counts.update(
        {
            "orders.Category": len(categories),
            "orders.Product": Product.objects.filter(category__slug__in=CATEGORY_SLUGS).count(),
            "orders.ProductSpec": len(specs),
            "orders.ProductImage": len(images),
        }
    )
    return rows


def _login_ensure(
    *, email: str, password: str, first_name: str, last_name: str, is_staff: bool = False
) -> User:
    """The demo logins, with their well-known passwords. Set directly: the validators would (rightly) refuse them."""
    user = User.objects.filter(email__iexact=email).first() or User(email=email)
    user.first_name, user.last_name = first_name, last_name
    user.is_staff = user.is_superuser = is_staff
    user.is_active = True
    user.set_password(password)
    user.save()
    return user


def _customers_create(simulator: OrderSimulator, users, *, count: int) -> list[Person]:
    """Registered demo customers, written straight away so that orders can point at them."""
    rng, fake = simulator.rng, simulator.fake
    used_emails = {DEMO_CUSTOMER["email"]}
    people = []
    for _ in range(count):
        user_id = users.next_id()
        person = simulator.person(customer_id=user_id, used_emails=used_emails)
        joined = at(
            simulator.today - timedelta(days=rng.randint(JOINED_DAYS_AGO_MIN, JOINED_DAYS_AGO_MAX)), 12
        )
        phone = fake.phone_number() if rng.random() < 0.6 else ""
        # An unusable password, as make_password(None) writes it, but from the seeded generator.
        password = f"{UNUSABLE_PASSWORD_PREFIX}{rng.getrandbits(160):040x}"
        users.add((user_id, password, False, person.email, person.first_name, person.last_name, "de", phone,
                   False, True, joined))  # fmt: skip
        people.append(person)
        if len(users.rows) >= 5_000:
            users.flush()
    users.flush()
    return people
