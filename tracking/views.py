"""Inbound webhooks: plain Django views (no DRF: the body must be read raw for the signature, and the
answer is one small JSON object). Verify, parse, store, answer; the rest happens in a worker."""

import logging
import time

from django.conf import settings
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from tracking import webhooks
from tracking.services import inbound_events_receive

logger = logging.getLogger(__name__)


def _refuse(status: int, reason: str) -> JsonResponse:
    return JsonResponse({"error": reason}, status=status)


def _receive(*, inbound, source: str) -> JsonResponse:
    result = inbound_events_receive(inbound=inbound, source=source)
    return JsonResponse({"received": len(inbound), "matched": result.matched, "unmatched": result.unmatched})


@csrf_exempt
@require_POST
def tracking_webhook(request):
    """``POST /webhooks/tracking/``: our own format, signed with ``X-Postpurchase-Signature``."""
    body = request.body
    if not webhooks.postpurchase_signature_valid(
        header=request.headers.get("X-Postpurchase-Signature", ""),
        body=body,
        secrets=settings.TRACKING_WEBHOOK_SECRETS,
        now=time.time(),
    ):
        return _refuse(401, "missing, wrong or expired signature")
    try:
        inbound = webhooks.postpurchase_payload_parse(webhooks.json_load(body), now=timezone.now())
    except webhooks.PayloadError as exc:
        return _refuse(400, str(exc))
    return _receive(inbound=inbound, source="webhook")


@csrf_exempt
@require_POST
def aftership_webhook(request):
    """``POST /webhooks/aftership/``: AfterShip's tracking webhook, signed with ``aftership-hmac-sha256``."""
    body = request.body
    if not webhooks.aftership_signature_valid(
        header=request.headers.get("aftership-hmac-sha256", ""),
        body=body,
        secret=settings.AFTERSHIP_WEBHOOK_SECRET,
    ):
        return _refuse(401, "missing or wrong signature")
    try:
        inbound, name = webhooks.aftership_payload_parse(webhooks.json_load(body), now=timezone.now())
    except webhooks.PayloadError as exc:
        return _refuse(400, str(exc))
    if not inbound:
        return JsonResponse({"received": 0, "matched": 0, "unmatched": 0, "event": name})
    return _receive(inbound=inbound, source="aftership")
