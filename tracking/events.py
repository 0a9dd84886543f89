"""Domain events of tracking, published after commit to whoever subscribed (notifications will).

A handler gets one plain dict. Handlers run only when the transaction that produced the event commits;
a rolled-back ingest publishes nothing.
"""

import logging
from collections import defaultdict
from collections.abc import Callable

from django.db import transaction

logger = logging.getLogger(__name__)

SHIPMENT_STATUS_CHANGED = "shipment.status_changed"
SHIPMENT_ESTIMATE_CHANGED = "shipment.estimate_changed"
SHIPMENT_DELAYED = "shipment.delayed"
EVENT_NAMES = frozenset({SHIPMENT_STATUS_CHANGED, SHIPMENT_ESTIMATE_CHANGED, SHIPMENT_DELAYED})

Handler = Callable[[dict], None]
_handlers: dict[str, list[Handler]] = defaultdict(list)


def subscribe(name: str, handler: Handler) -> None:
    """Register ``handler`` for the event ``name`` (call it from an app's ``ready()``)."""
    if name not in EVENT_NAMES:
        raise ValueError(f"Unknown tracking event {name!r}.")
    if handler not in _handlers[name]:
        _handlers[name].append(handler)


def unsubscribe(name: str, handler: Handler) -> None:
    if handler in _handlers[name]:
        _handlers[name].remove(handler)


def publish(name: str, payload: dict) -> None:
    """Hand ``payload`` to every handler of ``name`` once the current transaction commits."""
    for handler in list(_handlers[name]):
        transaction.on_commit(lambda handler=handler: _call(handler, name, payload))


def _call(handler: Handler, name: str, payload: dict) -> None:
    # One failing subscriber must not keep the others from hearing about the change.
    try:
        handler(payload)
    except Exception:
        logger.exception("tracking event handler %r failed for %s %s", handler, name, payload)
