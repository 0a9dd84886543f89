"""The customer's side of returns in Mein Konto: start one, follow it, print its label, cancel it, withdraw
from a purchase, read the policy. Someone else's order or return is a 404, as everywhere in Mein Konto."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import access
from core.errors import IllegalTransition
from orders.selectors import orders_visible
from returns.forms import ReturnStartForm, WithdrawalForm
from returns.labels import return_label_pdf
from returns.models import ReturnReason, ReturnRequest, ReturnStatus
from returns.policy import order_lines_eligibility, policy_get, product_variants
from returns.services import (
    RETURN_TRANSITIONS,
    ReturnLineRequest,
    ReturnNotPossible,
    refund_estimate,
    return_label_issue,
    return_photo_add,
    return_refund_compute,
    return_request_create,
    return_request_transition,
    withdrawal_declare,
)


def _orders_for(request, number: str):
    """The orders this request may open for ``number``, or None when it must sign in first."""
    granted = number in access.order_grants(session=request.session)
    if not request.user.is_authenticated and not granted:
        return None
    return orders_visible(user=request.user, granted_numbers=[number] if granted else [])


def _order_or_404(request, number: str):
    orders = _orders_for(request, number)
    if orders is None:
        return None
    order = orders.filter(number=number).first()
    if order is None:
        raise Http404
    return order


def _return_or_404(request, number: str) -> ReturnRequest | None:
    return_request = ReturnRequest.objects.select_related("order").filter(number=number).first()
    order_number = return_request.order.number if return_request else number
    orders = _orders_for(request, order_number)
    if orders is None:
        return None
    if return_request is None or not orders.filter(pk=return_request.order_id).exists():
        raise Http404
    return return_request


@require_http_methods(["GET", "POST"])
def return_start(request, number: str):
    order = _order_or_404(request, number)
    if order is None:
        return redirect_to_login(request.get_full_path())
    policy = policy_get()
    today = timezone.localdate()
    eligibility = order_lines_eligibility(order=order, policy=policy)
    reasons = list(ReturnReason.objects.filter(is_active=True))
    variants = product_variants(products=[item.line.product for item in eligibility if item.line.product])
    form = ReturnStartForm(
        request.POST or None,
        eligible=eligibility,
        reasons=reasons,
        exchanges_offered=policy.exchanges_offered,
        variants=variants,
    )
    context = {"order": order, "form": form, "policy": policy, "today": today, "problems": []}
    if request.method == "POST" and form.is_valid():
        by_id = {str(reason.pk): reason for reason in reasons}
        wanted = []
        for item in eligibility:
            quantity = form.cleaned_data.get(f"quantity_{item.line.pk}") or 0
            if quantity:
                reason = by_id.get(form.cleaned_data.get(f"reason_{item.line.pk}") or "")
                if reason is None:
                    context["problems"].append(
                        _("%(name)s: Bitte wähle einen Grund.") % {"name": item.line.product_name}
                    )
                    continue
                wanted.append(
                    ReturnLineRequest(
                        order_line_id=item.line.pk,
                        quantity=quantity,
                        reason=reason,
                        comment=form.cleaned_data.get(f"comment_{item.line.pk}", ""),
                        exchange_for=_chosen_variant(variants, item.line, form.cleaned_data),
                    )
                )
        if not wanted and not context["problems"]:
            context["problems"].append(_("Wähle mindestens einen Artikel und die Menge aus."))
        missing_photos = [
            item
            for item in wanted
            if item.reason.requires_photo and not request.FILES.get(f"photo_{item.order_line_id}")
        ]
        if not context["problems"] and request.POST.get("step") == "submit" and not missing_photos:
            try:
                return_request = return_request_create(
                    order=order,
                    lines=wanted,
                    resolution=form.cleaned_data["resolution"],
                    comment=form.cleaned_data["comment"],
                    actor=request.user,
                )
                lines = {line.order_line_id: line for line in return_request.lines.all()}
                for item in wanted:
                    upload = request.FILES.get(f"photo_{item.order_line_id}")
                    if upload:
                        return_photo_add(return_line=lines[item.order_line_id], upload=upload)
            except ReturnNotPossible as exc:
                context["problems"] = exc.problems
            else:
                messages.success(
                    request, _("Deine Rücksendung ist angemeldet. Wir haben dir eine E-Mail geschickt.")
                )
                return redirect("return_detail", number=return_request.number)
        if not context["problems"]:
            lines_by_id = {item.line.pk: item.line for item in eligibility}
            context.update(
                step="review",
                wanted=[(item, lines_by_id[item.order_line_id]) for item in wanted],
                missing_photos={item.order_line_id for item in missing_photos},
                expected_refund=refund_estimate(
                    items=[
                        (lines_by_id[item.order_line_id].unit_price, item.quantity, item.reason)
                        for item in wanted
                    ],
                    order=order,
                    policy=policy,
                ),
            )
            return render(request, "returns/start_review.html", context)
    return render(request, "returns/start.html", context)


def _chosen_variant(variants, line, data):
    chosen = data.get(f"exchange_{line.pk}") or ""
    return next((product for product in variants.get(line.product_id, []) if str(product.pk) == chosen), None)


@login_required
@require_GET
def returns_list(request):
    returns = (
        ReturnRequest.objects.filter(order__customer=request.user)
        .select_related("order")
        .order_by("-requested_at", "-id")
    )
    return render(request, "returns/list.html", {"returns": returns})


@require_GET
def return_detail(request, number: str):
    return_request = _return_or_404(request, number)
    if return_request is None:
        return redirect_to_login(request.get_full_path())
    lines = return_request.lines.select_related("order_line", "reason").prefetch_related("photos")
    history = return_request.status_changes.order_by("changed_at", "id")
    can_cancel = ReturnStatus.CANCELLED in RETURN_TRANSITIONS[return_request.status]
    has_label = return_request.status in (
        ReturnStatus.APPROVED,
        ReturnStatus.LABEL_ISSUED,
        ReturnStatus.IN_TRANSIT,
    )
    context = {
        "return_request": return_request,
        "order": return_request.order,
        "lines": lines,
        "history": history,
        "can_cancel": can_cancel,
        "has_label": has_label,
        "parcel": return_request.parcels.select_related("carrier").first(),
        "expected_refund": return_request.refund_amount
        if return_request.refund_amount is not None
        else return_refund_compute(return_request=return_request),
    }
    return render(request, "returns/detail.html", context)


@require_GET
def return_label(request, number: str):
    return_request = _return_or_404(request, number)
    if return_request is None:
        return redirect_to_login(request.get_full_path())
    if return_request.status == ReturnStatus.APPROVED:
        return_request = return_label_issue(return_request=return_request, actor=request.user)
    if return_request.status not in (ReturnStatus.LABEL_ISSUED, ReturnStatus.IN_TRANSIT):
        raise Http404
    response = HttpResponse(return_label_pdf(return_request=return_request), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="ruecksendeetikett-{return_request.number}.pdf"'
    return response


@require_POST
def return_cancel(request, number: str):
    return_request = _return_or_404(request, number)
    if return_request is None:
        return redirect_to_login(request.get_full_path())
    try:
        return_request_transition(
            return_request=return_request,
            to_status=ReturnStatus.CANCELLED,
            actor=request.user,
            actor_label="customer",
            reason=_("Von der Kundin oder dem Kunden storniert"),
        )
    except IllegalTransition:
        messages.error(
            request, _("Diese Rücksendung ist schon unterwegs und kann nicht mehr storniert werden.")
        )
    else:
        messages.success(request, _("Deine Rücksendung ist storniert."))
    return redirect("return_detail", number=return_request.number)


@require_http_methods(["GET", "POST"])
def withdrawal(request, number: str):
    order = _order_or_404(request, number)
    if order is None:
        return redirect_to_login(request.get_full_path())
    lines = list(order.lines.all())
    form = WithdrawalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        chosen = [int(value) for value in request.POST.getlist("lines") if value.isdigit()]
        try:
            withdrawal_declare(order=order, statement=form.cleaned_data["statement"], order_line_ids=chosen)
        except ReturnNotPossible as exc:
            form.add_error(None, "; ".join(exc.problems))
        else:
            messages.success(request, _("Dein Widerruf ist eingegangen. Die Bestätigung kommt per E-Mail."))
            return redirect("return_start", number=order.number)
    return render(request, "returns/withdrawal.html", {"order": order, "lines": lines, "form": form})


@require_GET
def policy_page(request):
    return render(
        request,
        "returns/policy.html",
        {"policy": policy_get(), "reasons": ReturnReason.objects.filter(is_active=True)},
    )
