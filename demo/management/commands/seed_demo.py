"""``python manage.py seed_demo``: a believable demo shop, the same for the same seed and day."""

import sys
from datetime import date

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from tqdm import tqdm

from demo.services import DemoShopRefused, demo_shop_seed


def iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--today erwartet JJJJ-MM-TT, nicht {value!r}") from exc


class Command(BaseCommand):
    help = (
        "Legt den Demo-Shop an (Katalog, Kunden, Bestellungen, Sendungen, Retouren, Nachrichten) oder "
        "verwendet ihn weiter, wenn er schon da ist. Anmeldung: demo@example.com / demo, admin@example.com / admin."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--customers", type=int, default=500, help="registrierte Kunden (Standard: 500)")
        parser.add_argument("--orders", type=int, default=2_000, help="Bestellungen (Standard: 2000)")
        parser.add_argument(
            "--seed", type=int, default=1, help="Startwert des Zufallsgenerators (Standard: 1)"
        )
        parser.add_argument(
            "--today", type=iso_date, default=None, help="Stichtag JJJJ-MM-TT (Standard: heute)"
        )
        parser.add_argument("--reset", action="store_true", help="Demo-Daten löschen und neu anlegen")

    def handle(
        self, *args, customers: int, orders: int, seed: int, today: date | None, reset: bool, **options
    ):
        today = today or timezone.localdate()
        bars: list[tqdm] = []

        def progress(orders_done: int) -> None:
            if not bars:  # only once seeding starts: a reused demo shop shows no bar
                bars.append(tqdm(total=orders, unit=" Bestellungen", file=sys.stderr, leave=False))
            bars[0].update(orders_done)

        try:
            result = demo_shop_seed(
                customers=customers,
                orders=orders,
                seed=seed,
                today=today,
                reset=reset,
                progress=progress if options["verbosity"] else None,
            )
        except DemoShopRefused as exc:
            raise CommandError(str(exc)) from exc
        finally:
            for bar in bars:
                bar.close()

        shop = result.shop
        if not result.created:
            self.stdout.write(
                f"Demo-Shop ist schon angelegt ({shop}, am {timezone.localtime(shop.created_at):%d.%m.%Y %H:%M}) "
                f"und wird weiterverwendet. Neu anlegen mit --reset."
            )
            asked = (shop.seed, shop.customers, shop.orders, shop.today)
            if asked != (seed, customers, orders, today):
                self.stdout.write(
                    self.style.WARNING("Die angegebenen Werte weichen ab; sie gelten erst mit --reset.")
                )
            return
        self.stdout.write(
            self.style.SUCCESS(f"Demo-Shop angelegt in {result.elapsed_seconds:.1f} s ({shop}).")
        )
        width = max(len(label) for label in shop.row_counts)
        for label, count in sorted(shop.row_counts.items()):
            self.stdout.write(f"  {label:<{width}}  {count:>10,}".replace(",", "."))
        self.stdout.write("Anmelden: demo@example.com / demo (Kundin), admin@example.com / admin (Admin)")
