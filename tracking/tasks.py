"""Tracking work for the Celery worker. Tasks take ids, call one service and may run twice."""

from celery import shared_task
from django.conf import settings
from django.db import OperationalError

from tracking import services


@shared_task(
    name="tracking.tasks.tracking_events_process",
    autoretry_for=(OperationalError,),
    retry_backoff=2,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=8,
)
def tracking_events_process_task() -> int:
    """Work events that webhooks stored into their parcels (status, estimate, delay, domain events).
    Asked for after a webhook commits, and by beat every minute as a sweep."""
    return services.tracking_events_process()


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
