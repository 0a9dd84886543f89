"""Tracking work for the Celery worker. Tasks take ids, call one service and may run twice."""

from celery import shared_task
from django.conf import settings
from django.db import OperationalError

from tracking import services


@shared_task(
    name="tracking.tasks.shipments_refresh",
    autoretry_for=(OperationalError,),
    retry_backoff=2,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=8,
)
def shipments_refresh_task(shipment_ids: list[int]) -> int:
    """Recompute parcels after new events were stored (webhooks store first and answer, then this runs)."""
    changed = 0
    for shipment_id in shipment_ids:
        changed += bool(services.shipment_tracking_refresh(shipment_id=shipment_id))
    return changed


def polling_adapters_enabled() -> list[str]:
    names = settings.TRACKING_POLLING_ADAPTERS
    if names is None:
        return ["simulated"] if settings.DEBUG else []
    return [name for name in names if name]


@shared_task(name="tracking.tasks.carriers_poll")
def carriers_poll_task() -> dict:
    """Beat: one run of every polling adapter that is switched on (each under its own lock)."""
    results = {}
    for name in polling_adapters_enabled():
        result = services.carrier_poll(adapter_name=name)
        results[name] = result.skipped or result.polled
    return results


@shared_task(name="tracking.tasks.shipments_overdue_refresh")
def shipments_overdue_refresh_task() -> int:
    """Beat: parcels whose estimate passed without a scan become late."""
    return services.shipments_overdue_refresh()
