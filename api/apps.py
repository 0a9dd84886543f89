from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("Schnittstelle (API)")

    def ready(self):
        from api import schema  # noqa: F401 - registers the Bearer scheme with drf-spectacular
        from tracking import events

        events.subscribe(events.SHIPMENT_STATUS_CHANGED, _shipment_status_changed)
        events.subscribe(events.SHIPMENT_DELAYED, _shipment_delayed)


def _shipment_status_changed(payload: dict) -> None:
    from api.webhooks import webhook_event_emit

    webhook_event_emit(event="shipment.status_changed", payload=payload)


def _shipment_delayed(payload: dict) -> None:
    from api.webhooks import webhook_event_emit

    webhook_event_emit(event="shipment.delayed", payload=payload)
