"""A simulated carrier for the demo shop: each run moves a few demo parcels one realistic scan forward,
with the German scan texts and codes of the demo seeder, so that under ``make run`` a timeline grows while
one watches. Only demo orders (numbers ``NH-…``) are touched; it is off unless switched on in settings.
"""

import random
from collections.abc import Sequence
from datetime import datetime, timedelta

from django.db.models import Case, F, IntegerField, QuerySet, Value, When

from tracking.adapters.base import CarrierAdapter
from tracking.models import Shipment, TrackingEvent, TrackingStatus

DEMO_ORDER_PREFIX = "NH-"
DEMO_CUSTOMER_EMAIL = "demo@example.com"

# What comes after what (kind of scan -> possible next kinds with weights).
NEXT_KIND: dict[str, tuple[tuple[str, int], ...]] = {
    "announced": (("picked_up", 1),),
    "picked_up": (("hub_origin", 1),),
    "hub_origin": (("hub_transit", 1),),
    "hub_transit": (("hub_destination", 1),),
    "resumed": (("hub_destination", 1),),
    "hub_destination": (("out_for_delivery", 1),),
    "out_for_delivery": (("delivered", 80), ("delivered_neighbour", 12), ("failed_attempt", 8)),
    "failed_attempt": (("available_for_pickup", 1),),
    "available_for_pickup": (("collected", 1),),
    "delay_weather": (("resumed", 1),),
    "delay_volume": (("resumed", 1),),
    "delay_address": (("resumed", 1),),
    "delay_unknown": (("resumed", 1),),
}
# When the last scan's code is ambiguous or unknown, its status says where the parcel is.
KIND_BY_STATUS = {
    TrackingStatus.INFO_RECEIVED: "announced",
    TrackingStatus.IN_TRANSIT: "hub_transit",
    TrackingStatus.OUT_FOR_DELIVERY: "out_for_delivery",
    TrackingStatus.FAILED_ATTEMPT: "failed_attempt",
    TrackingStatus.AVAILABLE_FOR_PICKUP: "available_for_pickup",
    TrackingStatus.EXCEPTION: "delay_unknown",
}
STEP_ORDER = ("announced", "picked_up", "hub_origin", "hub_transit", "hub_destination", "out_for_delivery")


class SimulatedCarrierAdapter(CarrierAdapter):
    name = "simulated"
    carrier_codes = ("dhl_paket", "dpd", "hermes", "gls", "ups")
    requests_per_minute = 5
    batch_size = 4

    def __init__(self, seed: int | None = None):
        self.rng = random.Random(seed)

    def due(self, shipments: QuerySet[Shipment], *, now: datetime) -> QuerySet[Shipment]:
        # The demo customer's parcels first: that is the account one logs in with to watch.
        return (
            shipments.filter(order__number__startswith=DEMO_ORDER_PREFIX)
            .exclude(
                status__in=[
                    TrackingStatus.PENDING,
                    TrackingStatus.DELIVERED,
                    TrackingStatus.RETURNED_TO_SENDER,
                ]
            )
            .annotate(
                is_demo_customer=Case(
                    When(order__email=DEMO_CUSTOMER_EMAIL, then=Value(0)),
                    default=Value(1),
                    output_field=IntegerField(),
                )
            )
            .order_by("is_demo_customer", F("last_polled_at").asc(nulls_first=True), "pk")
        )

    def fetch(self, shipments: Sequence[Shipment], *, now: datetime) -> dict[int, list]:
        from demo import texts
        from tracking.services import CarrierEvent

        last_events = {}
        for event in TrackingEvent.objects.filter(shipment__in=shipments).order_by(
            "shipment_id", "occurred_at", "id"
        ):
            last_events[event.shipment_id] = event
        found: dict[int, list] = {}
        for shipment in shipments:
            carrier = shipment.carrier.code
            if carrier not in texts.HUB_NAME:
                continue
            last = last_events.get(shipment.pk)
            kind = self._kind(carrier, last)
            options = NEXT_KIND.get(kind)
            if not options:
                continue
            next_kind = self.rng.choices([k for k, _w in options], weights=[w for _k, w in options])[0]
            code, description = texts.EVENTS[next_kind][carrier]
            town = texts.HUB_TOWNS[shipment.pk % len(texts.HUB_TOWNS)]
            city = shipment.order.shipping_city or town
            hub = texts.HUB_NAME[carrier]
            location = {
                "picked_up": texts.WAREHOUSE_TOWN,
                "hub_origin": hub.format(town=texts.WAREHOUSE_TOWN),
                "hub_transit": hub.format(town=texts.HUB_TOWNS[(shipment.pk + 3) % len(texts.HUB_TOWNS)]),
                "hub_destination": hub.format(town=town),
                "resumed": hub.format(town=town),
            }.get(next_kind, city)
            if "{place}" in description:
                place = f"{texts.PICKUP_POINT_KIND[carrier][0]} {city}"
                description = description.format(place=place)
                location = place
            estimate = None
            if next_kind == "resumed":
                estimate = (now + timedelta(days=1)).date()
            found[shipment.pk] = [
                CarrierEvent(
                    occurred_at=now,
                    code=code,
                    description=description,
                    location=location[:120],
                    event_id=f"sim:{shipment.pk}:{next_kind}:{int(now.timestamp())}",
                    estimated_delivery=estimate,
                    raw={"simulated": True, "kind": next_kind},
                )
            ]
        return found

    @staticmethod
    def _kind(carrier: str, last: TrackingEvent | None) -> str:
        from demo import texts

        if last is None:
            return "announced"
        if isinstance(last.raw, dict) and last.raw.get("kind") in NEXT_KIND:
            return last.raw["kind"]
        kinds = [
            kind for kind, per in texts.EVENTS.items() if per.get(carrier, ("",))[0] == last.carrier_code
        ]
        steps = [kind for kind in kinds if kind in NEXT_KIND]
        if len(steps) == 1:
            return steps[0]
        if steps and all(kind in ("hub_transit", "resumed") for kind in steps):
            return "hub_transit"
        return KIND_BY_STATUS.get(last.status, "")
