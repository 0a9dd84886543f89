from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core.health import broker_check, database_check
from orders.selectors import products_featured


@require_GET
def home(request):
    return render(request, "core/home.html", {"products": products_featured(limit=6)})


@never_cache
@require_GET
def healthz(request):
    checks = {"database": database_check(), "broker": broker_check()}
    failed = {name: error for name, error in checks.items() if error}
    body = {
        "status": "fail" if failed else "ok",
        "checks": {name: ("fail" if error else "ok") for name, error in checks.items()},
    }
    if failed:
        body["errors"] = failed
    return JsonResponse(body, status=503 if failed else 200)
