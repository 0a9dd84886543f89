"""Benchmark: the tracking webhooks over real HTTP on PostgreSQL, with about 20% duplicates mixed in.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/trackbench REDIS_URL=redis://127.0.0.1:6379/4 \\
        .venv/bin/python bench/tracking_webhooks.py

Creates bench parcels (tracking numbers ``BENCH-…``, deleted first), serves the site with gunicorn on
127.0.0.1 under production settings (DEBUG off), and drives ``POST /webhooks/tracking/`` from this process
with concurrent connections: first batches, then single-event webhooks. Prints events per second and the
conditions, and checks that every distinct event was stored exactly once (a count per phase).

"Stored" means what the endpoint does before it answers: the events are rows in ``TrackingEvent``. The
parcel refresh is enqueued per request to the Celery broker; with ``--drain`` a real worker is started
afterwards and the time it needs to work through the queue is reported separately.
"""

import argparse
import http.client
import json
import os
import random
import secrets
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "postpurchase.settings.local")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from orders.models import Order  # noqa: E402
from tracking.models import Carrier, Shipment, TrackingEvent, TrackingStatus  # noqa: E402
from tracking.webhooks import postpurchase_signature  # noqa: E402

PREFIX = "BENCH-"
DHL_CODES = ("PICKED_UP", "HUB_START", "IN_TRANSIT", "HUB_DESTINATION", "OUT_FOR_DELIVERY", "DELIVERED")
TOWNS = ("Hamburg", "Berlin", "Leipzig", "Köln", "München", "Frankfurt am Main", "Hannover", "Dortmund")


def machine(workers: int) -> dict[str, str]:
    cpu_model, memory = "unknown", "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu_model = line.split(":", 1)[1].strip()
            break
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal"):
            memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
            break
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server_version = cursor.fetchone()[0]
    return {
        "CPU": cpu_model,
        "cores (nproc)": str(os.cpu_count()),
        "memory": memory,
        "PostgreSQL": server_version,
        "Python": sys.version.split()[0],
        "Django": django.get_version(),
        "gunicorn workers": str(workers),
        "broker": settings.CELERY_BROKER_URL.split("://")[0],
        "load average before": " ".join(Path("/proc/loadavg").read_text().split()[:3]),
    }


def parcels_create(count: int) -> list[str]:
    """One order with ``count`` parcels in transit (the benchmark's own tracking numbers)."""
    Shipment.objects.filter(tracking_number__startswith=PREFIX).delete()
    Order.objects.filter(number__startswith=PREFIX).delete()
    now = timezone.now()
    order = Order.objects.create(
        number=f"{PREFIX}1", email="bench@example.com", placed_at=now - timedelta(days=3),
        shipping_first_name="Bench", shipping_last_name="Mark", shipping_street="Teststraße 1",
        shipping_postcode="20095", shipping_city="Hamburg", billing_first_name="Bench", billing_last_name="Mark",
        billing_street="Teststraße 1", billing_postcode="20095", billing_city="Hamburg",
        subtotal=Decimal("0.00"), grand_total=Decimal("0.00"),
    )  # fmt: skip
    carrier = Carrier.objects.get(code="dhl_paket")
    numbers = [f"{PREFIX}{i:08d}" for i in range(count)]
    Shipment.objects.bulk_create(
        [
            Shipment(order=order, carrier=carrier, tracking_number=number, status=TrackingStatus.IN_TRANSIT,
                     shipped_at=now - timedelta(days=2))
            for number in numbers
        ],
        batch_size=2000,
    )  # fmt: skip
    # Statistics as a live table would have them (the rows were just replaced).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE tracking_shipment")
        cursor.execute("ANALYZE tracking_trackingevent")
    return numbers


def events_make(rng: random.Random, numbers: list[str], count: int, phase: str) -> list[dict]:
    """``count`` distinct events; half carry the carrier's event id, half are told apart by code, time, place."""
    now = timezone.now()
    events = []
    for i in range(count):
        event = {
            "carrier": "dhl_paket",
            "tracking_number": rng.choice(numbers),
            "code": rng.choice(DHL_CODES),
            "occurred_at": (now - timedelta(seconds=rng.randrange(3 * 86400))).isoformat(timespec="seconds"),
            "location": f"Paketzentrum {rng.choice(TOWNS)}",
            "description": "Die Sendung wurde im Paketzentrum bearbeitet.",
        }
        if i % 2:
            event["event_id"] = f"{phase}-{i}-{secrets.token_hex(4)}"
        else:
            # unique by time within the phase: distinct seconds per event
            event["occurred_at"] = (now - timedelta(days=3 + 2 * (phase == "s"), seconds=i)).isoformat(
                timespec="seconds"
            )
        events.append(event)
    return events


def with_duplicates(rng: random.Random, events: list[dict], share: float) -> list[dict]:
    """The events plus re-sent copies (``share`` of what is sent), shuffled."""
    extra = int(len(events) * share / (1 - share))
    sent = events + [rng.choice(events) for _ in range(extra)]
    rng.shuffle(sent)
    return sent


def drive(port: int, bodies: list[bytes], concurrency: int, secret: str) -> tuple[float, dict[int, int]]:
    """Send every body once over ``concurrency`` connections; return (seconds, status counts)."""
    # Signed just before sending (the signature is valid for five minutes).
    stamp = int(time.time())
    signed = [(body, postpurchase_signature(secret=secret, timestamp=stamp, body=body)) for body in bodies]
    position = iter(range(len(signed)))
    lock = threading.Lock()
    statuses: dict[int, int] = {}

    def worker() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while True:
            with lock:
                index = next(position, None)
            if index is None:
                break
            body, signature = signed[index]
            for _attempt in range(3):
                try:
                    conn.request("POST", "/webhooks/tracking/", body=body, headers={
                        "Content-Type": "application/json", "X-Postpurchase-Signature": signature,
                        "Host": "127.0.0.1",
                    })  # fmt: skip
                    response = conn.getresponse()
                    response.read()
                    status = response.status
                    if response.getheader("Connection", "").lower() == "close":
                        conn.close()
                    break
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


def wait_for_server(port: int, timeout: float = 30) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz", headers={"Host": "127.0.0.1"})
            conn.getresponse().read()
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not answer within 30 s")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--parcels", type=int, default=5000)
    parser.add_argument("--batch-size", type=int, default=100)
    parser.add_argument("--batch-events", type=int, default=40000, help="distinct events sent in batches")
    parser.add_argument(
        "--single-events", type=int, default=4000, help="distinct events sent one per request"
    )
    parser.add_argument("--duplicates", type=float, default=0.2, help="share of re-sent events")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker (>1: gthread, keep-alive)")
    parser.add_argument("--concurrency", type=int, default=12, help="client connections at once")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--drain", action="store_true", help="afterwards, time a real worker on the queue")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        print("This benchmark needs PostgreSQL: set DATABASE_URL.", file=sys.stderr)
        sys.exit(2)

    rng = random.Random(args.seed)
    numbers = parcels_create(args.parcels)
    shipment_ids = Shipment.objects.filter(tracking_number__startswith=PREFIX)
    secret = secrets.token_hex(16)
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="postpurchase.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="False",
        TRACKING_WEBHOOK_SECRETS=secret,
        LOG_LEVEL="WARNING",
    )
    gunicorn = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "postpurchase.wsgi", "--workers", str(args.workers),
         "--threads", str(args.threads), "--bind", f"127.0.0.1:{args.port}", "--log-level", "warning",
         "--backlog", "256"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    results = {}
    try:
        wait_for_server(args.port)
        conditions = machine(args.workers)
        conditions["gunicorn threads per worker"] = (
            f"{args.threads} ({'gthread' if args.threads > 1 else 'sync'})"
        )

        # Batches
        events = events_make(rng, numbers, args.batch_events, "b")
        sent = with_duplicates(rng, events, args.duplicates)
        bodies = [
            json.dumps({"events": sent[i : i + args.batch_size]}).encode()
            for i in range(0, len(sent), args.batch_size)
        ]
        before = TrackingEvent.objects.filter(shipment__in=shipment_ids).count()
        seconds, statuses = drive(args.port, bodies, args.concurrency, secret)
        stored = TrackingEvent.objects.filter(shipment__in=shipment_ids).count() - before
        results["batches"] = {
            "requests": len(bodies), "events sent": len(sent), "distinct": len(events), "stored": stored,
            "seconds": seconds, "events/s": len(sent) / seconds, "requests/s": len(bodies) / seconds,
            "statuses": statuses,
        }  # fmt: skip

        # Single events
        events = events_make(rng, numbers, args.single_events, "s")
        sent = with_duplicates(rng, events, args.duplicates)
        bodies = [json.dumps(event).encode() for event in sent]
        before = TrackingEvent.objects.filter(shipment__in=shipment_ids).count()
        seconds, statuses = drive(args.port, bodies, args.concurrency, secret)
        stored = TrackingEvent.objects.filter(shipment__in=shipment_ids).count() - before
        results["single"] = {
            "requests": len(bodies), "events sent": len(sent), "distinct": len(events), "stored": stored,
            "seconds": seconds, "events/s": len(sent) / seconds, "requests/s": len(bodies) / seconds,
            "statuses": statuses,
        }  # fmt: skip
        conditions["load average after"] = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        try:
            gunicorn.wait(timeout=20)
        except subprocess.TimeoutExpired:
            gunicorn.kill()

    print("\nConditions")
    for key, value in conditions.items():
        print(f"  {key:26} {value}")
    print(f"  {'batch size':26} {args.batch_size} events")
    print(f"  {'client':26} {args.concurrency} connections from one process (http.client, threads)")
    print(f"  {'duplicates':26} {args.duplicates:.0%} of events sent")
    ok = True
    for name, figures in results.items():
        print(f"\n{name}")
        for key, value in figures.items():
            print(f"  {key:26} {value:,.1f}" if isinstance(value, float) else f"  {key:26} {value}")
        exact = figures["stored"] == figures["distinct"] and set(figures["statuses"]) == {200}
        ok &= exact
        print(f"  {'every distinct event once':26} {'yes' if exact else 'NO'}")

    if args.drain:
        drain_queue(env)
    sys.exit(0 if ok else 1)


def drain_queue(env: dict) -> None:
    """Start one real Celery worker (2 processes) and time it until no stored event waits any more."""
    pending = TrackingEvent.objects.filter(refresh_pending=True)
    waiting, parcels = pending.count(), pending.values("shipment_id").distinct().count()
    log_path = Path(settings.VAR_DIR) / "bench-tracking-worker.log"
    with open(log_path, "w") as log:
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "postpurchase", "worker", "--concurrency=2",
             "--loglevel=WARNING", "--without-gossip", "--without-mingle", "--without-heartbeat"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
    started = time.perf_counter()
    try:
        # The webhooks asked for the task already; beat is not running, so ask once more for the rest.
        from tracking.tasks import tracking_events_process_task

        tracking_events_process_task.delay()
        while pending.exists() and time.perf_counter() - started < 600:
            time.sleep(0.5)
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=60)
    seconds = time.perf_counter() - started
    print(f"\nworker: {waiting} pending events of {parcels} parcels worked in {seconds:.1f} s "
          f"({parcels / seconds:,.0f} parcels/s); still pending: {pending.count()}; log: {log_path}")  # fmt: skip


if __name__ == "__main__":
    main()
