"""Writes for returns: opening one under the shop's policy, the one transition map of its life, receiving,
refunding. Every step writes its history row and queues the customer's message in the same transaction."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import models, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, UnidentifiedImageError

from core.errors import DomainError, IllegalTransition
from core.statuses import status_transition
from notifications.models import NotificationEvent
from notifications.services import event_notify
from orders.models import Order, OrderLine, Product
from orders.services import order_number_next
from returns.models import (
    ReturnLine,
    ReturnPhoto,
    ReturnPolicy,
    ReturnReason,
    ReturnRequest,
    ReturnResolution,
    ReturnStatus,
    WithdrawalDeclaration,
)
from returns.policy import order_lines_eligibility, policy_get
from tracking.models import Carrier, Shipment, TrackingStatus


class ReturnNotPossible(DomainError):
    """A return the policy does not allow; ``problems`` says why, line by line, for the customer."""

    def __init__(self, problems: list[str]):
        self.problems = [str(problem) for problem in problems]
        super().__init__("; ".join(self.problems))


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
        if changed:
            from api.webhooks import webhook_event_emit

            webhook_event_emit(
                event="return.status_changed",
                payload={"number": locked.number, "order": locked.order.number, "status": locked.status},
            )
        event = RETURN_STATUS_EVENTS.get(to_status)
        if changed and event:
            # In the same transaction as the change: the message is written with it, or not at all.
            event_notify(event=event, order=locked.order, return_request=locked)
    return locked


@dataclass(frozen=True)
class ReturnLineRequest:
    """What the customer asks to send back for one order line."""

    order_line_id: int
    quantity: int
    reason: ReturnReason
    comment: str = ""
    exchange_for: Product | None = None  # with an exchange: the other variant the customer wants


def return_request_create(
    *,
    order: Order,
    lines: Sequence[ReturnLineRequest],
    resolution: str = ReturnResolution.REFUND,
    comment: str = "",
    actor=None,
    actor_label: str = "customer",
    today: date | None = None,
) -> ReturnRequest:
    """Open a return for units of the order. Under a lock on the order, so that two browser tabs cannot put
    the same unit on two returns. Inside the window and without a defect, the shop's auto-approval approves it
    at once. Raises ``ReturnNotPossible`` with the reasons, changing nothing, when any line is not possible."""
    policy = policy_get()
    today = today or timezone.localdate()
    if not lines:
        raise ReturnNotPossible([_("Wähle mindestens einen Artikel aus.")])
    if resolution == ReturnResolution.EXCHANGE and not policy.exchanges_offered:
        raise ReturnNotPossible([_("Dieser Shop bietet keinen Umtausch an.")])
    with transaction.atomic():
        Order.objects.select_for_update().get(pk=order.pk)
        eligibility = {item.line.pk: item for item in order_lines_eligibility(order=order, policy=policy)}
        problems = []
        wanted: dict[int, int] = {}
        for request in lines:
            item = eligibility.get(request.order_line_id)
            if item is None:
                problems.append(_("Dieser Artikel gehört nicht zu dieser Bestellung."))
                continue
            name = item.line.product_name
            wanted[request.order_line_id] = wanted.get(request.order_line_id, 0) + request.quantity
            if request.quantity < 1:
                problems.append(_("%(name)s: Die Menge muss mindestens 1 sein.") % {"name": name})
            elif wanted[request.order_line_id] > item.quantity_open:
                problems.append(
                    _("%(name)s: Es können höchstens %(count)d Stück zurückgegeben werden.")
                    % {"name": name, "count": max(item.quantity_open, 0)}
                )
            refusal = item.refusal(today=today, defect=request.reason.is_defect)
            if refusal:
                problems.append(f"{name}: {refusal}")
            if resolution == ReturnResolution.EXCHANGE and not exchange_fits(
                product=item.line.product, replacement=request.exchange_for
            ):
                problems.append(
                    _("%(name)s: Bitte wähle die Variante, die du stattdessen möchtest.") % {"name": name}
                )
            if request.reason.requires_comment and not request.comment.strip():
                problems.append(_("%(name)s: Bitte beschreibe kurz, was los ist.") % {"name": name})
        if problems:
            raise ReturnNotPossible(problems)
        return_request = ReturnRequest.objects.create(
            number=order_number_next(prefix="R-"),
            order=order,
            resolution=resolution,
            customer_comment=comment,
            requested_at=timezone.now(),
        )
        ReturnLine.objects.bulk_create(
            ReturnLine(
                return_request=return_request,
                order_line_id=request.order_line_id,
                quantity=request.quantity,
                reason=request.reason,
                comment=request.comment,
                exchange_for=request.exchange_for if resolution == ReturnResolution.EXCHANGE else None,
            )
            for request in lines
        )
        return_request.status_changes.create(
            to_status=ReturnStatus.REQUESTED,
            changed_at=return_request.requested_at,
            actor=actor if getattr(actor, "pk", None) else None,
            actor_label=actor_label,
        )
        event_notify(event=NotificationEvent.RETURN_REQUESTED, order=order, return_request=return_request)
        defect = any(request.reason.is_defect for request in lines)
        if policy.auto_approve and not defect:
            return_request = return_request_transition(
                return_request=return_request,
                to_status=ReturnStatus.APPROVED,
                actor_label="auto-approval",
                reason=str(_("Innerhalb der Rückgabefrist, ohne Mangel")),
            )
    return return_request


@dataclass(frozen=True)
class RefundEstimate:
    items: Decimal
    fees: Decimal
    total: Decimal


def refund_estimate(
    *, items: Sequence[tuple[Decimal, int, ReturnReason]], order: Order, policy: ReturnPolicy, exclude_pk=None
) -> RefundEstimate:
    """What the customer gets back for ``items`` (unit price, quantity, reason): the units' prices, less the
    restocking fee and (without free returns) the return shipping fee; nothing is charged for a defect or a
    wrong delivery. Never more than the order has left to refund."""
    value = sum((price * quantity for price, quantity, _reason in items), Decimal("0"))
    fault_of_shop = any(
        reason.is_defect or reason.code == "wrong_item" for _price, _quantity, reason in items
    )
    fees = Decimal("0")
    if not fault_of_shop:
        fees += (value * policy.restocking_fee_percent / Decimal("100")).quantize(Decimal("0.01"))
        if not policy.free_return_shipping:
            fees += policy.return_shipping_fee
    refunded = ReturnRequest.objects.filter(order=order, status=ReturnStatus.REFUNDED).exclude(
        pk=exclude_pk
    ).aggregate(total=Sum("refund_amount"))["total"] or Decimal("0")
    return RefundEstimate(
        items=value, fees=fees, total=max(Decimal("0"), min(value - fees, order.grand_total - refunded))
    )


def return_refund_compute(*, return_request: ReturnRequest, policy: ReturnPolicy | None = None) -> Decimal:
    """The refund for a return's lines under the shop's policy (see ``refund_estimate``)."""
    lines = return_request.lines.select_related("order_line", "reason")
    return refund_estimate(
        items=[(line.order_line.unit_price, line.quantity, line.reason) for line in lines],
        order=return_request.order,
        policy=policy or policy_get(),
        exclude_pk=return_request.pk,
    ).total


def return_request_refund(
    *, return_request: ReturnRequest, amount: Decimal | None = None, note: str = "", actor=None
) -> ReturnRequest:
    """Refund a received return: the computed amount, or another one with a reason the customer reads.
    Never more than the order has left to refund."""
    computed = return_refund_compute(return_request=return_request)
    with transaction.atomic():
        locked = ReturnRequest.objects.select_for_update().get(pk=return_request.pk)
        if ReturnStatus.REFUNDED not in RETURN_TRANSITIONS[locked.status]:
            raise IllegalTransition(
                subject=f"return {locked.number}", from_status=locked.status, to_status=ReturnStatus.REFUNDED
            )
        amount = computed if amount is None else Decimal(amount)
        ceiling = return_refund_compute(
            return_request=locked, policy=ReturnPolicy(restocking_fee_percent=0, free_return_shipping=True)
        )
        if amount < 0 or amount > ceiling:
            raise ReturnNotPossible([_("Der Betrag muss zwischen 0 und %(max)s liegen.") % {"max": ceiling}])
        if amount != computed and not note.strip():
            raise ReturnNotPossible([_("Bitte begründe, warum vom berechneten Betrag abgewichen wird.")])
        locked.refund_amount, locked.refund_note = amount, note.strip()
        locked.save(update_fields=["refund_amount", "refund_note", "updated_at"])
        return return_request_transition(
            return_request=locked, to_status=ReturnStatus.REFUNDED, actor=actor, reason=note.strip()
        )


def return_line_receive(*, return_line: ReturnLine, condition: str, actor=None) -> ReturnLine:
    """Staff mark one line as arrived, with the item's condition; the return is received when all lines are."""
    with transaction.atomic():
        return_request = ReturnRequest.objects.select_for_update().get(pk=return_line.return_request_id)
        if return_request.status not in (
            ReturnStatus.LABEL_ISSUED,
            ReturnStatus.IN_TRANSIT,
            ReturnStatus.APPROVED,
        ):
            raise ReturnNotPossible([_("Diese Retoure erwartet keine Ware.")])
        return_line.condition = condition.strip() or str(_("ohne Befund"))
        return_line.save(update_fields=["condition"])
        if not return_request.lines.filter(condition="").exists():
            for step in (ReturnStatus.LABEL_ISSUED, ReturnStatus.IN_TRANSIT, ReturnStatus.RECEIVED):
                if step in RETURN_TRANSITIONS[return_request.status]:
                    return_request = return_request_transition(
                        return_request=return_request, to_status=step, actor=actor
                    )
    return return_line


RETURN_CARRIER_CODE = "dhl_paket"


def return_label_issue(*, return_request: ReturnRequest, actor=None) -> ReturnRequest:
    """The approved return gets its label (a PDF made on demand: ``returns.labels``) and its parcel: a
    shipment like any other, so that the carrier's scans of the way back are tracked, but one that does not
    count as a delivery of the order."""
    with transaction.atomic():
        return_request = return_request_transition(
            return_request=return_request,
            to_status=ReturnStatus.LABEL_ISSUED,
            actor=actor,
            actor_label="returns desk",
        )
        Shipment.objects.get_or_create(
            return_request=return_request,
            defaults={
                "order": return_request.order,
                "carrier": Carrier.objects.get(code=RETURN_CARRIER_CODE),
                "tracking_number": f"RT{return_request.pk:09d}DE",
                "status": TrackingStatus.PENDING,
            },
        )
    return return_request


def return_parcel_moved(*, shipment_id: int, to_status: str) -> ReturnRequest | None:
    """The carrier scanned a return parcel: the first scan on its way puts the return in transit. (Receiving
    it, with the items' condition, stays with the returns desk.)"""
    shipment = Shipment.objects.filter(pk=shipment_id).exclude(return_request=None).first()
    if shipment is None or to_status == TrackingStatus.PENDING:
        return None
    with transaction.atomic():
        return_request = ReturnRequest.objects.select_for_update().get(pk=shipment.return_request_id)
        if ReturnStatus.IN_TRANSIT in RETURN_TRANSITIONS[return_request.status]:
            return_request = return_request_transition(
                return_request=return_request,
                to_status=ReturnStatus.IN_TRANSIT,
                actor_label="carrier",
                reason=str(_("Erster Scan des Rücksendepakets")),
            )
    return return_request


RETURN_PHOTO_MAX_BYTES = 10 * 1024 * 1024
RETURN_PHOTO_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


def return_photo_add(*, return_line: ReturnLine, upload) -> ReturnPhoto:
    """Keep a customer's photo of an item: a JPEG, PNG or WebP picture of at most 10 MB, checked by opening
    it (not by its name or declared type). Anything else is refused with a reason and nothing is stored."""
    if upload.size > RETURN_PHOTO_MAX_BYTES:
        raise ReturnNotPossible([_("Das Foto ist zu groß (höchstens 10 MB).")])
    try:
        upload.seek(0)
        with Image.open(upload) as picture:
            image_format = picture.format
            picture.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ReturnNotPossible(
            [_("Das ist kein Foto, das wir lesen können (JPEG, PNG oder WebP).")]
        ) from None
    if image_format not in RETURN_PHOTO_FORMATS:
        raise ReturnNotPossible([_("Bitte lade ein Foto als JPEG, PNG oder WebP hoch.")])
    upload.seek(0)
    photo = ReturnPhoto(return_line=return_line)
    photo.image.save(
        f"{return_line.return_request.number}-{return_line.pk}.{RETURN_PHOTO_FORMATS[image_format]}", upload
    )
    return photo


def withdrawal_declare(
    *, order: Order, statement: str, order_line_ids: Sequence[int] = ()
) -> WithdrawalDeclaration:
    """Record a consumer's withdrawal (Widerruf) and confirm its receipt by email, in one transaction."""
    statement = statement.strip()
    if not statement:
        raise ReturnNotPossible([_("Bitte schreib, dass du den Vertrag widerrufst.")])
    names = dict(order.lines.values_list("pk", "product_name"))
    if any(line_id not in names for line_id in order_line_ids):
        raise ReturnNotPossible([_("Dieser Artikel gehört nicht zu dieser Bestellung.")])
    with transaction.atomic():
        declaration = WithdrawalDeclaration.objects.create(
            order=order,
            statement=statement,
            lines=[{"id": line_id, "name": names[line_id]} for line_id in order_line_ids],
            declared_at=timezone.now(),
            email=order.email,
        )
        event_notify(event=NotificationEvent.WITHDRAWAL_RECEIVED, order=order, withdrawal=declaration)
    return declaration


def exchange_fits(*, product: Product | None, replacement: Product | None) -> bool:
    """Whether ``replacement`` is another variant (size, colour) of ``product``."""
    return bool(
        product is not None
        and replacement is not None
        and product.family
        and replacement.family == product.family
        and replacement.pk != product.pk
    )


def return_request_exchange(
    *, return_request: ReturnRequest, replacements: dict[int, Product] | None = None, actor=None
) -> Order:
    """Send other variants (size, colour) of the returned products: a replacement order, free of charge and
    linked to the return, which then counts as exchanged."""
    with transaction.atomic():
        locked = ReturnRequest.objects.select_for_update().select_related("order").get(pk=return_request.pk)
        if ReturnStatus.EXCHANGED not in RETURN_TRANSITIONS[locked.status]:
            raise IllegalTransition(
                subject=f"return {locked.number}", from_status=locked.status, to_status=ReturnStatus.EXCHANGED
            )
        lines = list(locked.lines.select_related("order_line__product", "exchange_for"))
        # Without explicit replacements: the variants the customer asked for.
        replacements = replacements or {
            line.order_line_id: line.exchange_for for line in lines if line.exchange_for
        }
        problems = []
        for line in lines:
            original = line.order_line.product
            replacement = replacements.get(line.order_line_id)
            if replacement is None:
                problems.append(
                    _("%(name)s: Bitte wähle die neue Variante.") % {"name": line.order_line.product_name}
                )
            elif not exchange_fits(product=original, replacement=replacement):
                problems.append(
                    _("%(name)s: Umtausch nur gegen eine andere Variante desselben Produkts.")
                    % {"name": line.order_line.product_name}
                )
        if problems:
            raise ReturnNotPossible(problems)
        original_order = locked.order
        address = {
            field.name: getattr(original_order, field.name)
            for field in Order._meta.concrete_fields
            if field.name.startswith(("shipping_", "billing_"))
        }
        replacement_order = Order.objects.create(
            number=order_number_next(),
            customer=original_order.customer,
            email=original_order.email,
            language=original_order.language,
            placed_at=timezone.now(),
            currency=original_order.currency,
            payment_method_type=original_order.payment_method_type,
            payment_method_detail=str(_("Umtausch zu %(number)s") % {"number": locked.number}),
            subtotal=Decimal("0"),
            grand_total=Decimal("0"),
            **address,
        )
        OrderLine.objects.bulk_create(
            OrderLine(
                order=replacement_order,
                product=replacements[line.order_line_id],
                position=index,
                product_name=replacements[line.order_line_id].name,
                product_sku=replacements[line.order_line_id].sku,
                unit_price=Decimal("0"),
                quantity=line.quantity,
                vat_rate=line.order_line.vat_rate,
            )
            for index, line in enumerate(lines)
        )
        replacement_order.status_changes.create(
            to_status=replacement_order.status, changed_at=replacement_order.placed_at, actor_label="exchange"
        )
        locked.replacement_order = replacement_order
        locked.save(update_fields=["replacement_order", "updated_at"])
        return_request_transition(
            return_request=locked,
            to_status=ReturnStatus.EXCHANGED,
            actor=actor,
            reason=str(_("Ersatzbestellung %(number)s") % {"number": replacement_order.number}),
        )
    return replacement_order


class ReturnAction(models.TextChoices):
    """What the returns desk (the admin page or a shop system through the API) can do with a return."""

    APPROVE = "approve", gettext_lazy("Genehmigen")
    REJECT = "reject", gettext_lazy("Ablehnen")
    ISSUE_LABEL = "issue_label", gettext_lazy("Rücksendeetikett ausstellen")
    RECEIVE = "receive", gettext_lazy("Eingang buchen")
    REFUND = "refund", gettext_lazy("Erstatten")
    EXCHANGE = "exchange", gettext_lazy("Umtausch senden (Ersatzbestellung)")
    CANCEL = "cancel", gettext_lazy("Stornieren")
    CLOSE = "close", gettext_lazy("Abschließen")


def return_request_act(
    *,
    return_request: ReturnRequest,
    action: str,
    note: str = "",
    amount: Decimal | None = None,
    conditions: dict[int, str] | None = None,
    actor=None,
    actor_label: str = "",
) -> ReturnRequest:
    """One step of the returns desk. ``conditions`` maps return line ids to the item's condition (receive);
    ``amount`` overrides the computed refund (with ``note`` as the reason the customer reads). Raises
    ``ReturnNotPossible`` or ``IllegalTransition`` (nothing changed) when the step is not possible now."""
    note = note.strip()
    simple = {
        ReturnAction.APPROVE: ReturnStatus.APPROVED,
        ReturnAction.REJECT: ReturnStatus.REJECTED,
        ReturnAction.CANCEL: ReturnStatus.CANCELLED,
        ReturnAction.CLOSE: ReturnStatus.CLOSED,
    }
    if action == ReturnAction.REJECT and not note:
        raise ReturnNotPossible([_("Bitte nenne den Grund; die Kundin oder der Kunde liest ihn.")])
    if action in simple:
        if simple[action] == return_request.status:  # asked twice: the second time is an error, not a no-op
            raise IllegalTransition(
                subject=f"return {return_request.number}",
                from_status=return_request.status,
                to_status=simple[action],
            )
        return return_request_transition(
            return_request=return_request,
            to_status=simple[action],
            actor=actor,
            actor_label=actor_label,
            reason=note,
        )
    if action == ReturnAction.ISSUE_LABEL:
        return return_label_issue(return_request=return_request, actor=actor)
    if action == ReturnAction.RECEIVE:
        conditions = conditions or {}
        with transaction.atomic():
            lines = list(return_request.lines.all())
            foreign = set(conditions) - {line.pk for line in lines}
            if foreign:
                raise ReturnNotPossible(
                    [
                        _("Zeile %(id)s gehört nicht zu dieser Retoure.") % {"id": line_id}
                        for line_id in foreign
                    ]
                )
            for line in lines:
                return_line_receive(return_line=line, condition=conditions.get(line.pk, ""), actor=actor)
        return ReturnRequest.objects.get(pk=return_request.pk)
    if action == ReturnAction.REFUND:
        return return_request_refund(return_request=return_request, amount=amount, note=note, actor=actor)
    if action == ReturnAction.EXCHANGE:
        return_request_exchange(return_request=return_request, actor=actor)
        return ReturnRequest.objects.get(pk=return_request.pk)
    raise ReturnNotPossible([_("Unbekannte Aktion.")])
