from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from notifications.catalog import spec_get
from notifications.payloads import order_language, order_message_payload
from notifications.rendering import UnknownTemplate, message_render
from notifications.sandbox import RenderLimitExceeded
from orders.models import Order


class Command(BaseCommand):
    help = "Render a message template with a real order: prints the subject and the text part."

    def add_arguments(self, parser):
        parser.add_argument("key", help="template key (see list_templates)")
        parser.add_argument("--order", required=True, help="order number")
        parser.add_argument("--language", choices=["de", "en"], help="default: the customer's language")
        parser.add_argument("--html", metavar="FILE", help="also write the HTML part to FILE")

    def handle(self, *args, key: str, order: str, language: str | None, html: str | None, **options):
        try:
            spec_get(key)
        except KeyError as exc:
            raise CommandError(exc.args[0]) from None
        order_obj = Order.objects.select_related("customer").filter(number=order).first()
        if order_obj is None:
            raise CommandError(f"no order with number '{order}'")
        language = language or order_language(order=order_obj)
        payload = order_message_payload(order=order_obj, language=language)
        try:
            rendered = message_render(key=key, language=language, payload=payload)
        except (UnknownTemplate, RenderLimitExceeded) as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Subject: {rendered.subject}\n\n{rendered.text}")
        if html:
            Path(html).write_text(rendered.html, encoding="utf-8")
            self.stderr.write(f"HTML written to {html}")
