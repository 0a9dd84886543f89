"""Carrier adapters for carriers that must be asked (polling). Each is listed here by name; settings
switch them on with ``TRACKING_POLLING_ADAPTERS``."""

from tracking.adapters.base import CarrierAdapter
from tracking.adapters.simulated import SimulatedCarrierAdapter

ADAPTERS: dict[str, type[CarrierAdapter]] = {
    SimulatedCarrierAdapter.name: SimulatedCarrierAdapter,
}


def adapter_get(name: str) -> CarrierAdapter:
    try:
        return ADAPTERS[name]()
    except KeyError:
        raise LookupError(
            f"No carrier adapter named {name!r}; known: {', '.join(sorted(ADAPTERS))}"
        ) from None
