"""Adapters from anymail's signals to our services (no logic here)."""

import functools

from anymail.signals import tracking
from django.dispatch import receiver

from notifications.services import message_tracking_record, notifications_for_shipment_event


@receiver(tracking, dispatch_uid="notifications.message_tracking")
def message_tracking_received(sender, event, esp_name, **kwargs):
    message_tracking_record(
        provider_message_id=event.message_id or "",
        event_type=event.event_type,
        recipient=event.recipient or "",
        detail=event.description or event.mta_response or event.reject_reason or "",
        at=event.timestamp,
    )


def shipment_event_received(name: str, payload: dict) -> None:
    """A parcel's domain event (after its ingest committed) → the messages the shop wants for it."""
    notifications_for_shipment_event(name=name, payload=payload)


def subscribe_to_tracking() -> None:
    from tracking import events

    for name in (events.SHIPMENT_STATUS_CHANGED, events.SHIPMENT_DELAYED):
        events.subscribe(name, _HANDLERS.setdefault(name, functools.partial(shipment_event_received, name)))


_HANDLERS: dict = {}
