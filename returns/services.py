"""Writes for returns. The one transition map of a return's life; the returns issue builds the flows on it."""

from django.db import transaction

from core.statuses import status_transition
from notifications.models import NotificationEvent
from notifications.services import event_notify
from returns.models import ReturnRequest, ReturnStatus

RETURN_TRANSITIONS: dict[str, frozenset[str]] = {
    ReturnStatus.REQUESTED: frozenset({ReturnStatus.APPROVED, ReturnStatus.REJECTED, ReturnStatus.CANCELLED}),
    ReturnStatus.APPROVED: frozenset({ReturnStatus.LABEL_ISSUED, ReturnStatus.CANCELLED}),
    ReturnStatus.LABEL_ISSUED: frozenset({ReturnStatus.IN_TRANSIT, ReturnStatus.CANCELLED}),
    ReturnStatus.IN_TRANSIT: frozenset({ReturnStatus.RECEIVED}),
    ReturnStatus.RECEIVED: frozenset({ReturnStatus.REFUNDED, ReturnStatus.EXCHANGED}),
    ReturnStatus.REFUNDED: frozenset({ReturnStatus.CLOSED}),
    ReturnStatus.EXCHANGED: frozenset({ReturnStatus.CLOSED}),
    ReturnStatus.REJECTED: frozenset({ReturnStatus.CLOSED}),
    ReturnStatus.CANCELLED: frozenset({ReturnStatus.CLOSED}),
    ReturnStatus.CLOSED: frozenset(),
}


# Which message the customer gets when a return reaches a status.
RETURN_STATUS_EVENTS = {
    ReturnStatus.APPROVED: NotificationEvent.RETURN_APPROVED,
    ReturnStatus.REJECTED: NotificationEvent.RETURN_REJECTED,
    ReturnStatus.RECEIVED: NotificationEvent.RETURN_RECEIVED,
    ReturnStatus.REFUNDED: NotificationEvent.RETURN_REFUNDED,
}


def return_request_transition(
    *, return_request: ReturnRequest, to_status: str, actor=None, actor_label: str = "", reason: str = ""
) -> ReturnRequest:
    """Move a return to ``to_status`` if the map allows it (else ``IllegalTransition``), with a history row."""
    with transaction.atomic():
        locked = ReturnRequest.objects.select_for_update().get(pk=return_request.pk)
        changed = status_transition(
            instance=locked,
            to_status=to_status,
            transitions=RETURN_TRANSITIONS,
            actor=actor,
            actor_label=actor_label,
            reason=reason,
        )
        event = RETURN_STATUS_EVENTS.get(to_status)
        if changed and event:
            # In the same transaction as the change: the message is written with it, or not at all.
            event_notify(event=event, order=locked.order, return_request=locked)
    return locked
