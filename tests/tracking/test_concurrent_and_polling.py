"""Two workers delivering the same scan at once store it once; polling runs never overlap; the simulated
carrier moves demo parcels along."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from tests.factories import ShipmentFactory, TrackingEventFactory
from tracking.adapters.simulated import SimulatedCarrierAdapter
from tracking.models import PollingState, Shipment, TrackingEvent, TrackingStatus
from tracking.services import (
    POLL_LOCK_SECONDS,
    CarrierEvent,
    carrier_poll,
    polling_lock_acquire,
    shipment_events_ingest,
)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_scans_ingested_by_eight_workers_at_once_are_stored_once():
    shipment = ShipmentFactory(status=TrackingStatus.PENDING)
    now = timezone.now()
    scans = [
        CarrierEvent(occurred_at=now - timedelta(hours=10 - i), code=code, location="Hamburg")
        for i, code in enumerate(
            ["PICKED_UP", "HUB_START", "IN_TRANSIT", "HUB_DESTINATION", "OUT_FOR_DELIVERY"]
        )
    ]
    barrier = threading.Barrier(8)
    errors: list[Exception] = []

    def ingest() -> None:
        try:
            barrier.wait(timeout=10)
            shipment_events_ingest(shipment=Shipment.objects.get(pk=shipment.pk), events=scans, source="test")
        except Exception as exc:  # noqa: BLE001 - the test reports every failure
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=ingest) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert TrackingEvent.objects.filter(shipment=shipment).count() == 5
    shipment.refresh_from_db()
    assert shipment.status == TrackingStatus.OUT_FOR_DELIVERY
    # The first worker to commit saw all five scans: one change, one history row, however many workers.
    assert list(shipment.status_changes.values_list("from_status", "to_status")) == [
        ("pending", "out_for_delivery")
    ]


def demo_parcel(**kwargs) -> Shipment:
    shipment = ShipmentFactory(order__number=kwargs.pop("number", "NH-10000001"), **kwargs)
    return shipment


@pytest.mark.django_db
def test_a_second_run_while_one_holds_the_lock_does_nothing():
    demo_parcel()
    now = timezone.now()
    assert polling_lock_acquire(adapter="simulated", now=now) is not None

    result = carrier_poll(adapter_name="simulated", now=now + timedelta(seconds=30))

    assert result.skipped == "locked"
    assert not TrackingEvent.objects.exists()


@pytest.mark.django_db
def test_a_lock_left_by_a_crashed_run_expires():
    demo_parcel()
    now = timezone.now()
    polling_lock_acquire(adapter="simulated", now=now)

    result = carrier_poll(adapter_name="simulated", now=now + timedelta(seconds=POLL_LOCK_SECONDS + 1))

    assert result.skipped == "" and result.polled == 1
    assert PollingState.objects.get(adapter="simulated").locked_until is None


@pytest.mark.django_db
def test_runs_keep_to_the_carriers_rate_limit():
    for number in range(6):
        demo_parcel(number=f"NH-1000000{number}")
    now = timezone.now()
    first = carrier_poll(adapter_name="simulated", now=now)
    too_soon = carrier_poll(adapter_name="simulated", now=now + timedelta(seconds=5))
    later = carrier_poll(adapter_name="simulated", now=now + timedelta(seconds=30))

    assert first.polled == SimulatedCarrierAdapter.batch_size
    assert too_soon.skipped == "rate_limited"
    assert later.polled == 2  # 5 requests per minute: half a minute refills two and a half


@pytest.mark.django_db
def test_delivered_and_old_parcels_are_retired_from_polling():
    delivered = demo_parcel(number="NH-10000001", status=TrackingStatus.DELIVERED)
    old = demo_parcel(number="NH-10000002")
    Shipment.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=91))
    active = demo_parcel(number="NH-10000003")

    result = carrier_poll(adapter_name="simulated")

    assert result.retired == 2
    assert result.shipment_ids == [active.pk]
    assert Shipment.objects.get(pk=delivered.pk).polling_retired_at is not None


@pytest.mark.django_db
def test_the_simulated_carrier_moves_a_demo_parcel_to_its_delivery():
    shipment = demo_parcel(status=TrackingStatus.IN_TRANSIT)
    TrackingEventFactory(
        shipment=shipment,
        status=TrackingStatus.IN_TRANSIT,
        carrier_code="HUB_START",
        description="Die Sendung wurde im Start-Paketzentrum bearbeitet.",
        occurred_at=timezone.now() - timedelta(hours=20),
    )
    other_shop_order = ShipmentFactory(status=TrackingStatus.IN_TRANSIT)  # not a demo order: left alone
    now = timezone.now()
    seen = []
    for step in range(12):
        carrier_poll(adapter_name="simulated", now=now + timedelta(minutes=step))
        shipment.refresh_from_db()
        seen.append(shipment.status)
        if shipment.status == TrackingStatus.DELIVERED:
            break

    assert shipment.status == TrackingStatus.DELIVERED
    assert seen[:3] == ["in_transit", "in_transit", "out_for_delivery"]
    codes = list(shipment.events.order_by("occurred_at").values_list("carrier_code", flat=True))
    assert codes[:4] == ["HUB_START", "IN_TRANSIT", "HUB_DESTINATION", "OUT_FOR_DELIVERY"]
    assert shipment.events.filter(source="poll:simulated").first().description  # German scan text
    assert not other_shop_order.events.exists()
    assert Shipment.objects.get(pk=shipment.pk).polling_retired_at is not None


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "unknown_numbers", [40, 0], ids=["with-inbox (one transaction)", "matched-only (autocommit)"]
)
def test_overlapping_batches_in_opposite_orders_neither_deadlock_nor_store_twice(unknown_numbers):
    from tracking.services import InboundEvent, inbound_events_receive

    shipments = [ShipmentFactory(tracking_number=f"OVERLAP-{i}") for i in range(200)]
    now = timezone.now()

    def batch(round_: int) -> list:
        return [
            InboundEvent(
                tracking_number=shipment.tracking_number,
                carrier_hint="dhl_paket",
                event=CarrierEvent(occurred_at=now - timedelta(minutes=i), code="HUB_START", event_id=f"e{round_}-{i}"),
            )
            for i, shipment in enumerate(shipments)
        ] + [
            InboundEvent(tracking_number=f"UNKNOWN-{i}", carrier_hint="dhl_paket",
                         event=CarrierEvent(occurred_at=now, code="HUB_START", event_id=f"u{round_}-{i}"))
            for i in range(unknown_numbers)
        ]  # fmt: skip

    errors: list[Exception] = []

    def receive(items, barrier) -> None:
        try:
            barrier.wait(timeout=10)
            inbound_events_receive(inbound=items, source="test")
        except Exception as exc:  # noqa: BLE001 - the test reports every failure
            errors.append(exc)
        finally:
            connection.close()

    for round_ in range(5):
        items = batch(round_)
        orders = [items, items[::-1], items[120:] + items[:120], items[::-1][60:] + items[::-1][:60]]
        barrier = threading.Barrier(len(orders))
        threads = [threading.Thread(target=receive, args=(order, barrier)) for order in orders]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

    assert errors == []
    assert TrackingEvent.objects.filter(shipment__in=shipments).count() == 5 * 200
    from tracking.models import UnmatchedTrackingEvent

    assert (
        UnmatchedTrackingEvent.objects.filter(tracking_number__startswith="UNKNOWN-").count()
        == 5 * unknown_numbers
    )
