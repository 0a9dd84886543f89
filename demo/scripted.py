"""The demo customer's order history, written out by hand so that every situation is there to click through.

Times are (days before the anchor day, hour of day, local time); the seeder's clock stands at 07:00 on the
anchor day, so the parcel "out for delivery" is in the van and today's order is not packed yet.
"""

from dataclasses import dataclass

DayHour = tuple[int, float]


@dataclass(frozen=True)
class ScriptedParcel:
    carrier: str
    items: tuple[tuple[int, int], ...]  # (index of the order line, quantity)
    ship: DayHour
    transit_days: int = 1
    scenario: str = "home"  # home | packstation | failed_attempt
    delay_reason: str = ""
    delay_days: int = 0
    pickup_after_hours: float | None = 20.0  # None: still waiting to be collected


@dataclass(frozen=True)
class ScriptedReturn:
    requested: DayHour
    outcome: str  # refunded | rejected | cancelled
    stop_at: str  # the return status it has reached today
    lines: tuple[tuple[int, int, str, str], ...]  # (order line index, quantity, reason code, comment)


@dataclass(frozen=True)
class ScriptedOrder:
    situation: str  # for the reader and the summary; not stored
    placed: DayHour
    items: tuple[tuple[str, int], ...]  # (SKU, quantity)
    payment: str  # card | paypal
    parcels: tuple[ScriptedParcel, ...] = ()
    packstation: bool = False
    return_request: ScriptedReturn | None = None


DEMO_CUSTOMER = {
    "email": "demo@example.com",
    "password": "demo",
    "first_name": "Lena",
    "last_name": "Schneider",
    "phone": "040 38 27 19 55",
    "street": "Eppendorfer Weg 87",
    "postcode": "20259",
    "city": "Hamburg",
    "packstation": "Packstation 147",
    "post_number": "1038274615",
}
ADMIN = {
    "email": "admin@example.com",
    "password": "admin",
    "first_name": "Service",
    "last_name": "Nordlicht Haus",
}

DEMO_ORDERS: tuple[ScriptedOrder, ...] = (
    ScriptedOrder(
        situation="delivered long ago, one item returned and refunded",
        placed=(120, 20.4),
        items=(("NH-HT-3004", 1), ("NH-HT-3001", 1)),
        payment="paypal",
        parcels=(ScriptedParcel("dhl_paket", ((0, 1), (1, 1)), ship=(119, 10.5)),),
        return_request=ScriptedReturn(
            requested=(112, 19.0), outcome="refunded", stop_at="refunded", lines=((0, 1, "too_small", ""),)
        ),
    ),
    ScriptedOrder(
        situation="delivered, rejected return (too late)",
        placed=(95, 12.2),
        items=(("NH-KT-1002", 1), ("NH-BP-6001", 1)),
        payment="card",
        parcels=(ScriptedParcel("dhl_paket", ((0, 1), (1, 1)), ship=(94, 11.0)),),
        return_request=ScriptedReturn(
            requested=(30, 21.5), outcome="rejected", stop_at="rejected", lines=((0, 1, "changed_mind", ""),)
        ),
    ),
    ScriptedOrder(
        situation="delivered",
        placed=(75, 9.1),
        items=(("NH-KT-1003", 1),),
        payment="card",
        parcels=(ScriptedParcel("dpd", ((0, 1),), ship=(74, 13.0), transit_days=2),),
    ),
    ScriptedOrder(
        situation="split into three parcels, all delivered",
        placed=(40, 18.7),
        items=(("NH-OC-4002", 1), ("NH-OC-4003", 1), ("NH-OC-4004", 2)),
        payment="paypal",
        parcels=(
            ScriptedParcel("dhl_paket", ((0, 1),), ship=(39, 10.0)),
            ScriptedParcel("dhl_paket", ((1, 1),), ship=(38, 14.0)),
            ScriptedParcel("gls", ((2, 2),), ship=(37, 11.0), transit_days=2),
        ),
    ),
    ScriptedOrder(
        situation="delivered, return on its way back",
        placed=(22, 21.3),
        items=(("NH-OC-4006", 1), ("NH-FK-8003", 2)),
        payment="card",
        parcels=(ScriptedParcel("hermes", ((0, 1), (1, 2)), ship=(21, 12.0), transit_days=2),),
        return_request=ScriptedReturn(
            requested=(6, 20.0), outcome="refunded", stop_at="in_transit", lines=((0, 1, "too_big", ""),)
        ),
    ),
    ScriptedOrder(
        situation="delivered, return just requested",
        placed=(12, 8.4),
        items=(("NH-WD-2001", 1),),
        payment="paypal",
        parcels=(ScriptedParcel("ups", ((0, 1),), ship=(11, 15.0)),),
        return_request=ScriptedReturn(
            requested=(1, 21.0),
            outcome="refunded",
            stop_at="requested",
            lines=((0, 1, "not_as_described", "Der Schirm ist deutlich gelber als auf den Fotos."),),
        ),
    ),
    ScriptedOrder(
        situation="split: one parcel delivered, one still in transit",
        placed=(5, 19.9),
        items=(("NH-GB-5001", 2), ("NH-BU-7001", 1), ("NH-GB-5002", 1)),
        payment="card",
        parcels=(
            ScriptedParcel("hermes", ((0, 2), (1, 1)), ship=(4, 11.0), transit_days=2),
            ScriptedParcel("dhl_paket", ((2, 1),), ship=(1, 14.0), transit_days=2),
        ),
    ),
    ScriptedOrder(
        situation="delayed parcel (storm), new delivery date",
        placed=(4, 17.6),
        items=(("NH-OC-4001", 1),),
        payment="paypal",
        parcels=(
            ScriptedParcel(
                "dpd",
                ((0, 1),),
                ship=(3, 10.0),
                delay_reason="weather",
                delay_days=4,
                pickup_after_hours=None,
            ),
        ),
    ),
    ScriptedOrder(
        situation="waiting at the Packstation",
        placed=(3, 9.3),
        items=(("NH-WD-2002", 2), ("NH-FK-8002", 1)),
        payment="card",
        packstation=True,
        parcels=(
            ScriptedParcel(
                "dhl_paket", ((0, 2), (1, 1)), ship=(3, 15.0), scenario="packstation", pickup_after_hours=None
            ),
        ),
    ),
    ScriptedOrder(
        situation="out for delivery today",
        placed=(2, 20.8),
        items=(("NH-KT-1001", 1), ("NH-KT-1005", 3)),
        payment="paypal",
        parcels=(ScriptedParcel("ups", ((0, 1), (1, 3)), ship=(1, 11.0)),),
    ),
    ScriptedOrder(
        situation="in transit",
        placed=(1, 8.2),
        items=(("NH-HT-3002", 2),),
        payment="card",
        parcels=(ScriptedParcel("gls", ((0, 2),), ship=(1, 15.0), transit_days=2),),
    ),
    ScriptedOrder(
        situation="placed this morning, not shipped yet",
        placed=(0, 6.2),
        items=(("NH-OC-4005", 1), ("NH-BP-6003", 2)),
        payment="paypal",
    ),
)
