"""Examples for every operation of the API, shown in /api/docs/ and in docs/openapi.yaml. They are real
bodies: schemathesis sends the request examples to the live API in the test suite, and a test checks that
every operation has them."""

from drf_spectacular.utils import OpenApiExample

ADDRESS = {
    "first_name": "Kim",
    "last_name": "Berg",
    "company": "",
    "street": "Lindenallee 2",
    "extra": "",
    "postcode": "10115",
    "city": "Berlin",
    "country": "DE",
}

ORDER = {
    "number": "10004711",
    "external_id": "shopware-5521",
    "customer": "K-1001",
    "email": "kim.berg@example.com",
    "language": "de",
    "shipping_address": ADDRESS,
    "billing_address": ADDRESS,
    "status": "placed",
    "placed_at": "2026-11-20T09:30:00+01:00",
    "currency": "EUR",
    "subtotal": "69.70",
    "shipping_total": "4.90",
    "discount_total": "0.00",
    "tax_total": "11.14",
    "grand_total": "74.60",
    "payment_method_type": "paypal",
    "payment_method_detail": "PayPal (k•••@example.com)",
    "lines": [
        {
            "id": 81231,
            "sku": "NH-KT-1001",
            "name": "Thermobecher Fjord",
            "unit_price": "24.90",
            "quantity": 2,
            "vat_rate": "19.00",
        },
        {
            "id": 81232,
            "sku": "NH-BU-7001",
            "name": "Gartenbuch",
            "unit_price": "19.90",
            "quantity": 1,
            "vat_rate": "7.00",
        },
    ],
}

ORDER_CREATE = OpenApiExample(
    "An order with two lines",
    request_only=True,
    value={
        "number": "10004711",
        "external_id": "shopware-5521",
        "email": "kim.berg@example.com",
        "language": "de",
        "shipping_address": {
            key: ADDRESS[key] for key in ("first_name", "last_name", "street", "postcode", "city")
        },
        "payment_method_type": "paypal",
        "payment_method_detail": "PayPal (k•••@example.com)",
        "shipping_total": "4.90",
        "lines": [
            {"sku": "NH-KT-1001", "name": "Thermobecher Fjord", "unit_price": "24.90", "quantity": 2},
            {
                "sku": "NH-BU-7001",
                "name": "Gartenbuch",
                "unit_price": "19.90",
                "quantity": 1,
                "vat_rate": "7.00",
            },
        ],
    },
)
ORDER_CREATED = OpenApiExample("The order as stored", response_only=True, status_codes=["201"], value=ORDER)
ORDER_READ = OpenApiExample("An order", response_only=True, status_codes=["200"], value=ORDER)
_BATCH_ORDER = {
    "number": "10004712",
    "external_id": "shopware-5522",
    "email": "ole.hansen@example.com",
    "shipping_address": {
        "first_name": "Ole",
        "last_name": "Hansen",
        "street": "Am Deich 4",
        "postcode": "25813",
        "city": "Husum",
    },
    "lines": [{"sku": "NH-KT-1001", "name": "Thermobecher Fjord", "unit_price": "24.90", "quantity": 0}],
}
ORDERS_BATCH_CREATE = OpenApiExample(
    "Three orders: one good, one invalid, one with a number in use",
    request_only=True,
    value={
        "orders": [
            ORDER_CREATE.value,
            _BATCH_ORDER,
            {
                **_BATCH_ORDER,
                "number": "10004711",
                "external_id": "shopware-5523",
                "lines": [ORDER_CREATE.value["lines"][0]],
            },
        ]
    },
)
ORDERS_BATCH_CREATED = OpenApiExample(
    "Each order's outcome, in the request's order",
    response_only=True,
    status_codes=["200"],
    value={
        "results": [
            {"index": 0, "status": 201, "order": ORDER},
            {
                "index": 1,
                "status": 400,
                "problem": {
                    "type": "about:blank",
                    "title": "Invalid input.",
                    "status": 400,
                    "errors": [
                        {
                            "field": "lines.0.quantity",
                            "message": "Ensure this value is greater than or equal to 1.",
                        }
                    ],
                },
            },
            {
                "index": 2,
                "status": 422,
                "problem": {
                    "type": "about:blank",
                    "title": "The request cannot be carried out.",
                    "status": 422,
                    "detail": "An order with the number 10004711 exists already.",
                },
            },
        ]
    },
)
ORDER_PAGE = OpenApiExample(
    "A page of orders",
    response_only=True,
    status_codes=["200"],
    value={
        "next": "https://shop.example/api/v1/orders/?cursor=cD0yMDI2LTExLTIw",
        "previous": None,
        "results": [ORDER],
    },
)
ORDER_UPDATE = OpenApiExample(
    "A new delivery address (only while nothing has been shipped)",
    request_only=True,
    value={
        "shipping_address": {**ADDRESS, "street": "Hafenstraße 12", "postcode": "20095", "city": "Hamburg"}
    },
)
ORDER_UPDATE_EMAIL = OpenApiExample(
    "Another email address", request_only=True, value={"email": "kim@example.org"}
)
ORDER_CANCEL = OpenApiExample(
    "Cancelled at the customer's request", request_only=True, value={"reason": "Kundin hat storniert"}
)
ORDER_CANCELLED = OpenApiExample(
    "The cancelled order", response_only=True, status_codes=["200"], value={**ORDER, "status": "cancelled"}
)

SHIPMENT = {
    "id": 52001,
    "order": "10004711",
    "carrier": "dhl_paket",
    "tracking_number": "00340434161094042557",
    "status": "in_transit",
    "estimated_delivery": "2026-11-24",
    "original_estimated_delivery": "2026-11-23",
    "is_delayed": True,
    "delay_reason": "high_volume",
    "shipped_at": "2026-11-21T16:40:00+01:00",
    "delivered_at": None,
    "lines": [{"line_id": 81231, "quantity": 2}],
}
SHIPMENT_CREATE = OpenApiExample(
    "A parcel with both units of the first line",
    request_only=True,
    value={
        "carrier": "dhl_paket",
        "tracking_number": "00340434161094042557",
        "estimated_delivery": "2026-11-23",
        "lines": [{"line_id": 81231, "quantity": 2}],
    },
)
SHIPMENT_CREATED = OpenApiExample(
    "The new parcel",
    response_only=True,
    status_codes=["201"],
    value={
        **SHIPMENT,
        "status": "pending",
        "estimated_delivery": "2026-11-23",
        "original_estimated_delivery": "2026-11-23",
        "is_delayed": False,
        "delay_reason": "",
        "shipped_at": None,
    },
)
SHIPMENT_READ = OpenApiExample(
    "A parcel on its way", response_only=True, status_codes=["200"], value=SHIPMENT
)
EVENTS_ADD = OpenApiExample(
    "Two scans, one with the carrier's code",
    request_only=True,
    value={
        "events": [
            {
                "occurred_at": "2026-11-21T16:40:00+01:00",
                "status": "in_transit",
                "location": "Paketzentrum Hamburg",
                "event_id": "dhl-88120-1",
            },
            {
                "occurred_at": "2026-11-22T07:05:00+01:00",
                "code": "DLY",
                "description": "Verzögerung wegen hohem Sendungsaufkommen",
                "location": "Berlin",
                "event_id": "dhl-88120-2",
                "estimated_delivery": "2026-11-24",
            },
        ]
    },
)

RETURN = {
    "number": "R10004711-1",
    "order": "10004711",
    "status": "requested",
    "resolution": "refund",
    "refund_amount": None,
    "requested_at": "2026-11-25T18:12:00+01:00",
    "lines": [{"line_id": 81231, "quantity": 1, "reason": "too_small", "comment": "", "condition": ""}],
}
RETURN_READ = OpenApiExample(
    "A return waiting for the shop", response_only=True, status_codes=["200"], value=RETURN
)
RETURN_PAGE = OpenApiExample(
    "A page of returns",
    response_only=True,
    status_codes=["200"],
    value={"next": None, "previous": None, "results": [RETURN]},
)
RETURN_ACTIONS = [
    OpenApiExample("Approve", request_only=True, value={"action": "approve"}),
    OpenApiExample(
        "Reject, with the reason the customer reads",
        request_only=True,
        value={"action": "reject", "note": "Die Rückgabefrist ist am 20.11. abgelaufen."},
    ),
    OpenApiExample("Issue the return label", request_only=True, value={"action": "issue_label"}),
    OpenApiExample(
        "Book the goods in, with their condition",
        request_only=True,
        value={"action": "receive", "lines": [{"line_id": 81231, "condition": "originalverpackt"}]},
    ),
    OpenApiExample("Refund the computed amount", request_only=True, value={"action": "refund"}),
    OpenApiExample(
        "Refund another amount, with a reason",
        request_only=True,
        value={"action": "refund", "amount": "19.90", "note": "Deckel zerkratzt: 5,00 € Abzug"},
    ),
    OpenApiExample(
        "The return after the step",
        response_only=True,
        status_codes=["200"],
        value={**RETURN, "status": "refunded", "refund_amount": "24.90"},
    ),
]

CUSTOMER = {
    "external_id": "K-1001",
    "email": "kim.berg@example.com",
    "first_name": "Kim",
    "last_name": "Berg",
    "language": "de",
    "phone": "+4915112345678",
    "has_password": False,
}
CUSTOMER_UPSERT = [
    OpenApiExample(
        "A customer with all fields",
        request_only=True,
        value={key: CUSTOMER[key] for key in ("email", "first_name", "last_name", "language", "phone")},
    ),
    OpenApiExample("Only a new surname", request_only=True, value={"last_name": "Berg-Sund"}),
    OpenApiExample("Created", response_only=True, status_codes=["201"], value=CUSTOMER),
    OpenApiExample(
        "Updated", response_only=True, status_codes=["200"], value={**CUSTOMER, "last_name": "Berg-Sund"}
    ),
]
CUSTOMER_READ = OpenApiExample("A customer", response_only=True, status_codes=["200"], value=CUSTOMER)

PRODUCT = {
    "external_id": "4711",
    "sku": "NH-KT-1001",
    "name": "Thermobecher Fjord",
    "description": "Doppelwandiger Becher aus Edelstahl, hält 6 Stunden warm.",
    "price": "24.90",
    "vat_rate": "19.00",
    "category": None,
    "usage_instructions": "Vor dem ersten Gebrauch mit heißem Wasser ausspülen.",
    "warranty_months": 24,
    "family": "fjord-becher",
    "variant_label": "0,4 l, Blau",
    "is_returnable": True,
    "non_returnable_reason": "",
    "return_window_days": None,
    "specs": [{"key": "Volumen", "value": "0,4 l"}, {"key": "Material", "value": "Edelstahl 18/8"}],
}
PRODUCT_UPSERT = [
    OpenApiExample(
        "A product with its specification table",
        request_only=True,
        value={key: value for key, value in PRODUCT.items() if key not in ("external_id", "category")},
    ),
    OpenApiExample("Only a new price", request_only=True, value={"price": "19.90"}),
    OpenApiExample("Created", response_only=True, status_codes=["201"], value=PRODUCT),
    OpenApiExample("Updated", response_only=True, status_codes=["200"], value={**PRODUCT, "price": "19.90"}),
]
PRODUCT_READ = OpenApiExample("A product", response_only=True, status_codes=["200"], value=PRODUCT)

SUBSCRIPTION = {
    "id": 7,
    "url": "https://shop.example/postpurchase/webhooks",
    "events": ["order.created", "return.status_changed", "shipment.status_changed"],
    "is_active": True,
    "created_at": "2026-11-20T10:00:00+01:00",
}
WEBHOOK_CREATE = OpenApiExample(
    "Parcels and returns",
    request_only=True,
    value={"url": SUBSCRIPTION["url"], "events": ["shipment.status_changed", "return.status_changed"]},
)
WEBHOOK_CREATED = OpenApiExample(
    "The subscription with its secret (shown once)",
    response_only=True,
    status_codes=["201"],
    value={
        **SUBSCRIPTION,
        "events": ["return.status_changed", "shipment.status_changed"],
        "secret": "whsec_3q2-AbX9…",
    },
)
WEBHOOK_UPDATE = OpenApiExample("Pause it", request_only=True, value={"is_active": False})
WEBHOOK_READ = OpenApiExample("A subscription", response_only=True, status_codes=["200"], value=SUBSCRIPTION)
WEBHOOK_LIST = OpenApiExample(
    "The integration's subscriptions",
    response_only=True,
    status_codes=["200"],
    value=SUBSCRIPTION,  # drf-spectacular shows it as a list of one
)
