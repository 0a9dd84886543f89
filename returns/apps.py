from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReturnsConfig(AppConfig):
    name = "returns"
    verbose_name = _("Retouren")

    def ready(self):
        from tracking import events

        events.subscribe(events.SHIPMENT_STATUS_CHANGED, _return_parcel_moved)


def _return_parcel_moved(payload: dict) -> None:
    from returns.services import return_parcel_moved

    return_parcel_moved(shipment_id=payload["shipment_id"], to_status=payload.get("to_status", ""))
