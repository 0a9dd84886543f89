"""What a polling adapter provides. A real one asks the carrier's API over HTTP; it is mocked in tests at
the HTTP boundary, against a local fake server."""

from abc import ABC, abstractmethod
from collections.abc import Sequence
from datetime import datetime

from django.db.models import F, QuerySet

from tracking.models import Shipment, TrackingStatus


class CarrierAdapter(ABC):
    name: str = ""
    carrier_codes: tuple[str, ...] = ()
    requests_per_minute: int = 60  # the carrier's rate limit, shared by all runs
    batch_size: int = 50  # at most this many parcels per run

    def due(self, shipments: QuerySet[Shipment], *, now: datetime) -> QuerySet[Shipment]:
        """Which of the not yet retired parcels to ask about next: those asked longest ago first."""
        return shipments.exclude(status=TrackingStatus.PENDING).order_by(
            F("last_polled_at").asc(nulls_first=True), "pk"
        )

    @abstractmethod
    def fetch(self, shipments: Sequence[Shipment], *, now: datetime) -> dict[int, list]:
        """The carrier's events per shipment id (``tracking.services.CarrierEvent``), old ones included:
        the ingestion service drops what it already has."""
