"""Writes for shop owners' message templates: save with validation and a version, restore, preview, test send."""

import uuid

from django.conf import settings
from django.db import transaction

from core.errors import DomainError
from notifications.catalog import spec_get
from notifications.models import Channel, Message, MessageTemplate, MessageTemplateVersion
from notifications.payloads import order_language, order_message_payload, shipment_message_payload
from notifications.rendering import (
    Rendered,
    TemplateSource,
    source_render,
    template_source,
    template_validate,
)
from orders.models import Order


class TemplateInvalid(DomainError):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


def message_template_save(
    *, key: str, language: str, channel: str, subject: str, body_text: str, body_html: str, actor=None
) -> MessageTemplate:
    """Validate and save the shop's version of a template, and keep it as a version for restore."""
    spec = spec_get(key)
    if channel not in spec.channels:
        raise TemplateInvalid([f"'{key}' is not sent by {channel}."])
    problems = template_validate(
        key=key, subject=subject if channel == Channel.EMAIL else "-", text=body_text, html=body_html
    )
    if problems:
        raise TemplateInvalid(problems)
    with transaction.atomic():
        template, _ = MessageTemplate.objects.update_or_create(
            key=key,
            language=language,
            channel=channel,
            defaults={
                "kind": spec.kind,
                "subject": subject,
                "body_text": body_text,
                "body_html": body_html,
                "is_active": True,
            },
        )
        MessageTemplateVersion.objects.create(
            key=key,
            language=language,
            channel=channel,
            subject=subject,
            body_text=body_text,
            body_html=body_html,
            saved_by=actor if getattr(actor, "pk", None) else None,
        )
    return template


def message_template_restore(*, version: MessageTemplateVersion, actor=None) -> MessageTemplate:
    return message_template_save(
        key=version.key,
        language=version.language,
        channel=version.channel,
        subject=version.subject,
        body_text=version.body_text,
        body_html=version.body_html,
        actor=actor,
    )


def preview_payload(*, key: str, order: Order, language: str) -> dict:
    """The payload a real message of ``key`` about ``order`` would carry (its first parcel, for parcel messages)."""
    if "shipment.url" in spec_get(key).variables:
        shipment = order.shipments.select_related("carrier", "order").first()
        if shipment is None:
            raise DomainError(f"Order {order.number} has no parcel to preview '{key}' with.")
        return shipment_message_payload(shipment=shipment, language=language)
    payload = order_message_payload(order=order, language=language)
    if "link" in spec_get(key).variables:
        payload["link"] = f"{settings.SHOP_BASE_URL}/account/orders/{order.number}/?preview=1"
    return payload


def message_template_preview(
    *, key: str, language: str, channel: str, order: Order, source: TemplateSource | None = None
) -> Rendered:
    """Render ``source`` (default: what would be sent now) with a real order's data."""
    source = source or template_source(key=key, language=language, channel=channel)
    return source_render(source, preview_payload(key=key, order=order, language=language), language=language)


def message_template_test_send(
    *, key: str, language: str, channel: str, order: Order, recipient: str
) -> Message:
    """Send the current version, filled with a real order's data, to the editor (a new message each time)."""
    from notifications.services import message_queue

    message, _ = message_queue(
        template_key=key,
        recipient=recipient,
        language=language or order_language(order=order),
        payload=preview_payload(key=key, order=order, language=language),
        idempotency_key=f"test:{key}:{uuid.uuid4()}",
        channel=channel,
    )
    return message
