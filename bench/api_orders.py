"""Benchmark: orders with 3 lines each created through the REST API on PostgreSQL, confirmations queued.

    make bench-api            (BENCH_DATABASE_URL; BENCH_REDIS_URL for the broker, default db 6, emptied)

Serves the site with gunicorn on 127.0.0.1 under production settings (DEBUG off), creates an API key, and
POSTs ``/api/v1/orders/`` from this process over concurrent keep-alive connections (asyncio, requests built
before the clock starts: the client shares the cores with the server), each order distinct and each request
with its own ``Idempotency-Key``. ``--batch N`` sends N orders per request to ``/api/v1/orders/batch/``
instead (default 1: one order per ``POST /api/v1/orders/``). Prints orders and requests per second, p50/p99
latency per request, the CPU each order cost in gunicorn, in the PostgreSQL processes serving it, in Redis and
in the client, and the conditions; checks that every answer (and, in a batch, every order's result) was a
201 and that every order exists once with its 3 lines, its history row and its queued confirmation (with its
history row). With ``--drain`` a real Celery worker is started afterwards and timed until every confirmation
has been sent.
"""

import argparse
import asyncio
import http.client
import json
import os
import secrets
import signal
import subprocess
import sys
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

from api.models import ApiToken  # noqa: E402
from api.services import api_token_create  # noqa: E402
from notifications.models import Message  # noqa: E402
from orders.models import Order  # noqa: E402

PREFIX = "APIBENCH-"


def order(index: int) -> dict:
    return {
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
            {"sku": "NH-KT-1001", "name": "Thermobecher Fjord 450 ml", "unit_price": "24.90", "quantity": 2},
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


def request_bytes(first: int, count: int, batch: int, key: str) -> bytes:
    """One complete HTTP/1.1 request with the orders ``first`` … ``first + count - 1``, built before the clock
    starts: the client spends its CPU on sending."""
    if batch == 1:
        path, body = "/api/v1/orders/", json.dumps(order(first)).encode()
    else:
        path = "/api/v1/orders/batch/"
        body = json.dumps({"orders": [order(index) for index in range(first, first + count)]}).encode()
    head = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"Authorization: Bearer {key}\r\nIdempotency-Key: bench-{first}\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


async def _connection(
    port: int, requests: list[bytes], position, statuses: dict, latencies: list, created: list
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    for index in position:
        started = time.perf_counter()
        try:
            writer.write(requests[index])
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head[9:12])
            length = int(head.lower().split(b"content-length:", 1)[1].split(b"\r\n", 1)[0])
            body = await reader.readexactly(length)
            # A batch answers 200 with each order's own status (compact JSON); a single order answers 201.
            created.append(body.count(b'"status":201') if status == 200 else int(status == 201))
            if b"connection: close" in head.lower():
                writer.close()
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
        except (OSError, asyncio.IncompleteReadError, IndexError, ValueError):
            writer.close()
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            status = -1
        latencies.append(time.perf_counter() - started)
        statuses[status] = statuses.get(status, 0) + 1
    writer.close()


def drive(
    port: int, requests: list[bytes], concurrency: int
) -> tuple[float, dict[int, int], list[float], int]:
    """``concurrency`` keep-alive connections in one asyncio loop, each sending its next request as soon as
    the answer to the last one is in (a lean client: the server shares the two cores with it)."""
    statuses: dict[int, int] = {}
    latencies: list[float] = []
    created: list[int] = []
    position = iter(range(len(requests)))  # shared: each connection takes the next request

    async def run() -> None:
        await asyncio.gather(
            *(_connection(port, requests, position, statuses, latencies, created) for _ in range(concurrency))
        )

    started = time.perf_counter()
    asyncio.run(run())
    return time.perf_counter() - started, statuses, latencies, sum(created)


def cpu_seconds(pids) -> dict[int, float]:
    """User and system CPU time of each of these processes so far (a process that is gone is left out)."""
    seconds = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        seconds[pid] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return seconds


def cpu_used(before: dict[int, float], after: dict[int, float]) -> float:
    return sum(value - before.get(pid, 0.0) for pid, value in after.items())


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(child) for child in (task / "children").read_text().split()]
    return found


def postgres_backends(clients: list[int]) -> list[int]:
    """The PostgreSQL server processes serving these client processes' connections (found by the clients'
    TCP ports: other engineers' connections to the same database are not counted)."""
    sockets = set()
    for pid in clients:
        try:
            for fd in Path(f"/proc/{pid}/fd").iterdir():
                target = os.readlink(fd)
                if target.startswith("socket:["):
                    sockets.add(target[8:-1])
        except OSError:
            continue
    ports = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for row in Path(table).read_text().splitlines()[1:]:
            fields = row.split()
            if fields[9] in sockets and int(fields[2].rsplit(":", 1)[1], 16) == 5432:
                ports.add(int(fields[1].rsplit(":", 1)[1], 16))
    pids = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                title = (proc / "cmdline").read_bytes().decode(errors="replace")
            except OSError:
                continue
            if title.startswith("postgres: ") and any(f"({port})" in title for port in ports):
                pids.append(int(proc.name))
    return pids


def redis_server() -> list[int]:
    pids = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                if (proc / "comm").read_text().strip() == "redis-server":
                    pids.append(int(proc.name))
            except OSError:
                continue
    return pids


def drain(env: dict, count: int) -> None:
    """Start one real Celery worker (2 processes) and time it until every benchmark confirmation has left the
    outbox (mail goes to Django's in-memory backend: the provider is bench-notifications' business)."""
    from notifications.models import MessageStatus
    from notifications.tasks import messages_send_pending_task

    waiting = Message.objects.filter(order__number__startswith=PREFIX, status=MessageStatus.QUEUED)
    log_path = ROOT / "var" / "bench-api-worker.log"
    worker_env = {**env, "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    with open(log_path, "w") as log:
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "postpurchase", "worker", "--concurrency=2",
             "--loglevel=WARNING", "--without-gossip", "--without-mingle", "--without-heartbeat"],
            cwd=ROOT, env=worker_env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
    started = time.perf_counter()
    try:
        messages_send_pending_task.delay()  # the requests asked already; once more, as the sweeper would
        while waiting.exists() and time.perf_counter() - started < 600:
            time.sleep(0.5)
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=60)
    seconds = time.perf_counter() - started
    sent = Message.objects.filter(order__number__startswith=PREFIX, status=MessageStatus.SENT).count()
    print(f"  worker (--drain): {sent:,} of {count:,} confirmations sent in {seconds:.1f} s "
          f"({sent / seconds:,.0f}/s, worker start included); still queued: {waiting.count()}; log: {log_path}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (one per core)")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker (gthread)")
    parser.add_argument("--concurrency", type=int, default=12, help="client keep-alive connections")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--drain", action="store_true", help="afterwards, time a real worker sending them")
    parser.add_argument(
        "--batch",
        type=int,
        default=1,
        help="orders per request (>1: POST /api/v1/orders/batch/, at most 100)",
    )
    args = parser.parse_args()
    if not 1 <= args.batch <= 100:
        sys.exit("--batch takes 1 to 100 orders per request.")
    if connection.vendor != "postgresql":
        sys.exit(
            "This benchmark needs PostgreSQL: set DATABASE_URL (make bench-api sets BENCH_DATABASE_URL)."
        )
    Message.objects.filter(order__number__startswith=PREFIX).delete()
    Order.objects.filter(number__startswith=PREFIX).delete()
    ApiToken.objects.filter(name="benchmark").delete()  # earlier runs' keys, with their idempotency records
    redis.Redis.from_url(os.environ["REDIS_URL"]).flushdb()  # the benchmark's own broker database
    _token, key = api_token_create(name="benchmark", scopes={"write"})
    requests = [
        request_bytes(first, min(args.batch, args.orders - first), args.batch, key)
        for first in range(0, args.orders, args.batch)
    ]
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="postpurchase.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="False",
        LOG_LEVEL="WARNING",
        # Connections stay for the whole run (production: 60 s), so that the PostgreSQL processes measured at
        # the end are the ones that served the run.
        DATABASE_CONN_MAX_AGE="600",
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
        load_before = " ".join(Path("/proc/loadavg").read_text().split()[:3])
        gunicorn = [server.pid, *children(server.pid)]

        def processes():  # PostgreSQL starts a backend for each new connection of the workers
            return gunicorn, postgres_backends(gunicorn), redis_server()

        cpu_before = [cpu_seconds(pids) for pids in processes()]
        client_before = time.process_time()
        seconds, statuses, latencies, created = drive(args.port, requests, args.concurrency)
        client_cpu = time.process_time() - client_before
        cpu = [
            cpu_used(before, cpu_seconds(pids)) for before, pids in zip(cpu_before, processes(), strict=True)
        ]
        load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)
    report(args, seconds, statuses, latencies, created, client_cpu, cpu, load_before, load)
    answered = {201 if args.batch == 1 else 200: len(requests)}
    ok = stored_once(args.orders) and statuses == answered and created == args.orders
    print(f"  every order once, with its lines, history and queued confirmation: {'yes' if ok else 'NO'}")
    if args.drain:
        drain(env, args.orders)
    sys.exit(0 if ok else 1)


def report(args, seconds, statuses, latencies, created, client_cpu, cpu, load_before, load) -> None:
    latencies = sorted(latencies)

    def percentile(share: float) -> float:
        return latencies[min(len(latencies) - 1, int(share * len(latencies)))] * 1000

    per_order = [used / args.orders * 1000 for used in cpu]
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    path = "/api/v1/orders/" if args.batch == 1 else f"/api/v1/orders/batch/ with {args.batch} orders each"
    print(f"API orders: {args.orders:,} orders, 3 lines each, in {len(latencies):,} POSTs to {path}, each with an Idempotency-Key")  # fmt: skip
    print(f"  elapsed:          {seconds:.1f} s")
    print(f"  orders/s:         {args.orders / seconds:,.0f}")
    print(f"  requests/s:       {len(latencies) / seconds:,.1f}")
    print(f"  latency:          p50 {percentile(0.5):.1f} ms, p99 {percentile(0.99):.1f} ms (per request)")
    print(f"  statuses:         {statuses}; orders answered 201: {created:,}")
    print(
        f"  CPU per order:    gunicorn {per_order[0]:.2f} ms, PostgreSQL (the workers' backends) "
        f"{per_order[1]:.2f} ms, Redis {per_order[2]:.2f} ms, client {client_cpu / args.orders * 1000:.2f} ms"
    )
    print("Conditions:")
    print(f"  server:           gunicorn {args.workers} workers × {args.threads} threads (gthread), production settings")  # fmt: skip
    print(f"  client:           {args.concurrency} keep-alive connections from one process (asyncio)")
    print(f"  database:         PostgreSQL {pg}, connections kept 600 s; broker: Redis ({os.environ['REDIS_URL']})")  # fmt: skip
    print(f"  machine:          {os.cpu_count()} cores; load average before: {load_before}, after: {load}")


def stored_once(count: int) -> bool:
    """Every order once, with its 3 lines, its history row and its queued confirmation with its history row."""
    from notifications.models import MessageStatusChange
    from orders.models import OrderLine, OrderStatusChange

    orders = Order.objects.filter(number__startswith=PREFIX)
    created = orders.count()
    numbers = orders.values("number").distinct().count()
    lines = OrderLine.objects.filter(order__number__startswith=PREFIX).count()
    history = OrderStatusChange.objects.filter(order__number__startswith=PREFIX).count()
    confirmations = Message.objects.filter(order__number__startswith=PREFIX).count()
    queued = MessageStatusChange.objects.filter(
        message__order__number__startswith=PREFIX, to_status="queued"
    ).count()
    print(
        f"  stored:           {created:,} orders ({numbers:,} numbers), {lines:,} lines, {history:,} history "
        f"rows, {confirmations:,} confirmations ({queued:,} queued history rows)"
    )
    return created == numbers == count and lines == 3 * count and history == confirmations == queued == count


if __name__ == "__main__":
    main()
