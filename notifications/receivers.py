"""Adapters from anymail's signals to our services (no logic here)."""

from anymail.signals import tracking
from django.dispatch import receiver

from notifications.services import message_tracking_record


@receiver(tracking, dispatch_uid="notifications.message_tracking")
def message_tracking_received(sender, event, esp_name, **kwargs):
    message_tracking_record(
        provider_message_id=event.message_id or "",
        event_type=event.event_type,
        recipient=event.recipient or "",
        detail=event.description or event.mta_response or event.reject_reason or "",
        at=event.timestamp,
    )
