"""Pages reached from a message without login: confirm marketing consent, unsubscribe in one click."""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from notifications.consent import (
    ConsentLinkInvalid,
    marketing_consent_confirm,
    marketing_consent_withdraw_by_token,
)


@require_http_methods(["GET"])
def consent_confirm(request, token: str):
    try:
        consent = marketing_consent_confirm(token=token)
    except ConsentLinkInvalid:
        return render(request, "notifications/link_invalid.html", status=404)
    return render(request, "notifications/consent_confirmed.html", {"consent": consent})


@csrf_exempt  # RFC 8058: mail clients POST "List-Unsubscribe=One-Click" without a session or CSRF token
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    """GET shows a button (so that a link scanner cannot unsubscribe anybody); POST unsubscribes."""
    if request.method == "GET":
        return render(request, "notifications/unsubscribe.html", {"token": token})
    try:
        address = marketing_consent_withdraw_by_token(token=token)
    except ConsentLinkInvalid:
        return render(request, "notifications/link_invalid.html", status=404)
    if request.POST.get("List-Unsubscribe") == "One-Click":
        return HttpResponse(status=200)  # a mail client, not a person: no page needed
    return render(request, "notifications/unsubscribed.html", {"address": address})
