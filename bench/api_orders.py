"""Benchmark: orders with 3 lines each created through the REST API on PostgreSQL, confirmations queued.

    make bench-api            (BENCH_DATABASE_URL; BENCH_REDIS_URL for the broker, default db 6, emptied)

Serves the site with gunicorn on 127.0.0.1 under production settings (DEBUG off), creates an API key, and
POSTs ``/api/v1/orders/`` from this process over concurrent keep-alive connections, each order with its own
``Idempotency-Key``. Prints orders per second and the conditions, and checks that every order exists once
with its 3 lines and its queued confirmation.
"""

import argparse
import http.client
import json
import os
import secrets
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "postpurchase.settings.local")
os.environ["REDIS_URL"] = os.environ.get("BENCH_REDIS_URL") or "redis://127.0.0.1:6379/6"

import django  # noqa: E402

django.setup()

import redis  # noqa: E402
from django.db import connection  # noqa: E402

from api.services import api_token_create  # noqa: E402
from notifications.models import Message  # noqa: E402
from orders.models import Order  # noqa: E402

PREFIX = "APIBENCH-"


def order_body(index: int) -> bytes:
    return json.dumps(
        {
            "number": f"{PREFIX}{index}",
            "email": f"kunde{index % 5000}@example.com",
            "shipping_address": {
                "first_name": "Lena",
                "last_name": "Schneider",
                "street": "Lindenstraße 5",
                "postcode": "20095",
                "city": "Hamburg",
            },
            "payment_method_type": "card",
            "payment_method_detail": "Visa •••• 4242",
            "shipping_total": "4.90",
            "lines": [
                {
                    "sku": "NH-KT-1001",
                    "name": "Thermobecher Fjord 450 ml",
                    "unit_price": "24.90",
                    "quantity": 2,
                },
                {"sku": "NH-WD-2002", "name": "Duftkerze Kiefernwald", "unit_price": "19.90", "quantity": 1},
                {
                    "sku": "NH-BU-7001",
                    "name": "Gartenbuch",
                    "unit_price": "24.00",
                    "quantity": 1,
                    "vat_rate": "7",
                },
            ],
        }
    ).encode()


def drive(port: int, count: int, concurrency: int, key: str) -> tuple[float, dict[int, int]]:
    position = iter(range(count))
    lock = threading.Lock()
    statuses: dict[int, int] = {}

    def worker() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while True:
            with lock:
                index = next(position, None)
            if index is None:
                break
            headers = {
                "Content-Type": "application/json",
                "Authorization": f"Bearer {key}",
                "Idempotency-Key": f"bench-{index}",
                "Host": "127.0.0.1",
            }
            try:
                conn.request("POST", "/api/v1/orders/", body=order_body(index), headers=headers)
                response = conn.getresponse()
                response.read()
                status = response.status
            except (ConnectionError, http.client.HTTPException, OSError):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                status = -1
            with lock:
                statuses[status] = statuses.get(status, 0) + 1
        conn.close()

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, statuses


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--concurrency", type=int, default=12)
    parser.add_argument("--port", type=int, default=8766)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit(
            "This benchmark needs PostgreSQL: set DATABASE_URL (make bench-api sets BENCH_DATABASE_URL)."
        )
    Message.objects.filter(order__number__startswith=PREFIX).delete()
    Order.objects.filter(number__startswith=PREFIX).delete()
    redis.Redis.from_url(os.environ["REDIS_URL"]).flushdb()  # the benchmark's own broker database
    _token, key = api_token_create(name="benchmark", scopes={"write"})
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="postpurchase.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="False",
        LOG_LEVEL="WARNING",
    )
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "postpurchase.wsgi", "--workers", str(args.workers),
         "--threads", str(args.threads), "--bind", f"127.0.0.1:{args.port}", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                probe = http.client.HTTPConnection("127.0.0.1", args.port, timeout=2)
                probe.request("GET", "/healthz", headers={"Host": "127.0.0.1"})
                probe.getresponse().read()
                break
            except OSError:
                time.sleep(0.3)
        seconds, statuses = drive(args.port, args.orders, args.concurrency, key)
        load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)
    orders = Order.objects.filter(number__startswith=PREFIX)
    created = orders.count()
    lines_ok = not orders.exclude(lines__isnull=False).exists() and (
        sum(1 for _ in orders.values("pk").distinct()) == created
    )
    confirmations = Message.objects.filter(order__number__startswith=PREFIX).count()
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    print(f"API orders: {args.orders:,} POSTs, 3 lines each, each with an Idempotency-Key")
    print(f"  elapsed:          {seconds:.1f} s")
    print(f"  orders/s:         {args.orders / seconds:,.0f}")
    print(f"  statuses:         {statuses}")
    print(f"  orders stored:    {created:,}  confirmations queued: {confirmations:,}")
    print("Conditions:")
    print(
        f"  server:           gunicorn {args.workers} workers × {args.threads} threads, production settings"
    )
    print(f"  client:           {args.concurrency} keep-alive connections from one process")
    print(f"  database:         PostgreSQL {pg}; broker: Redis ({os.environ['REDIS_URL']})")
    print(f"  machine:          {os.cpu_count()} cores; load average after: {load}")
    ok = created == args.orders == confirmations and statuses == {201: args.orders} and lines_ok
    print(f"  every order once with its confirmation: {'yes' if ok else 'NO'}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
