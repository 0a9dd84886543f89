"""Benchmark: the customer area under concurrent load, served by gunicorn like in production.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/acctbench .venv/bin/python bench/account_pages.py

1. Makes sure the PostgreSQL database holds the demo shop with at least 100,000 orders (seeds it with
   ``demo_shop_seed`` if the ``DemoShop`` marker says otherwise; about 90 s).
2. Starts gunicorn on 127.0.0.1 with the production settings (DEBUG off, a random SECRET_KEY,
   ``SECURE_SSL_REDIRECT=false`` because there is no TLS in front of it here).
3. Signs in as demo@example.com, then measures, one after the other, requests per second and p50/p99
   latency of three pages under the same concurrent load from a separate process: ``/account/ping/`` (the
   cheapest signed-in view: the framework's floor), the order detail page and a parcel's tracking page.
4. Prints the figures, each page's share of the floor's throughput (target: at least 50 %) and the
   conditions. Only 127.0.0.1 is loaded, for a bounded time.
"""

import argparse
import http.client
import multiprocessing
import os
import platform
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "postpurchase.settings.local")

MIN_ORDERS = 100_000
HOST = "127.0.0.1"


# --- Load (runs in a process of its own) --------------------------------------------------------------


def _request(port: int, path: str, cookie: str) -> int:
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request("GET", path, headers={"Cookie": cookie, "Accept-Language": "de"})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def _load(port: int, path: str, cookie: str, concurrency: int, seconds: float, results) -> None:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def worker():
        nonlocal errors
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                status = _request(port, path, cookie)
            except OSError:
                status = 0
            elapsed = time.perf_counter() - started
            with lock:
                if status == 200:
                    latencies.append(elapsed)
                else:
                    errors += 1

    began = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    results.put((latencies, errors, time.perf_counter() - began))


def measure_round(port: int, path: str, cookie: str, *, concurrency: int, seconds: float) -> tuple:
    results = multiprocessing.Queue()
    process = multiprocessing.Process(target=_load, args=(port, path, cookie, concurrency, seconds, results))
    process.start()
    outcome = results.get()
    process.join()
    return outcome


def summary(path: str, rounds: list[tuple]) -> dict:
    latencies = sorted(latency for round_latencies, _, _ in rounds for latency in round_latencies)
    errors = sum(round_errors for _, round_errors, _ in rounds)
    elapsed = sum(round_elapsed for _, _, round_elapsed in rounds)

    def percentile(share: float) -> float:
        return latencies[min(len(latencies) - 1, int(share * len(latencies)))] * 1000

    return {
        "path": path,
        "requests": len(latencies),
        "errors": errors,
        "rps": len(latencies) / elapsed,
        "p50": percentile(0.50),
        "p99": percentile(0.99),
        "mean": statistics.fmean(latencies) * 1000,
    }


# --- Set-up ---------------------------------------------------------------------------------------------


def demo_shop_ensure() -> None:
    import django

    django.setup()
    from django.db import connection

    from demo.models import DemoShop
    from demo.services import demo_shop_seed

    if connection.vendor != "postgresql":
        raise SystemExit("bench/account_pages.py measures PostgreSQL: set DATABASE_URL=postgres://…")
    shop = DemoShop.objects.first()
    if shop and shop.orders >= MIN_ORDERS:
        print(f"Demo shop already seeded: {shop.orders:,} orders, {shop.customers:,} customers")
    else:
        print(f"Seeding the demo shop with {MIN_ORDERS:,} orders (about 90 s) …", flush=True)
        result = demo_shop_seed(
            customers=20_000, orders=MIN_ORDERS, seed=1, today=date(2025, 6, 11), reset=True
        )
        print(f"  seeded in {result.elapsed_seconds:.0f} s")
    # Fresh planner statistics, as autovacuum would have them on a live shop: right after a bulk COPY the
    # planner still believes the tables are small and chooses sequential scans (25 ms instead of 0.1 ms).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def pages_pick() -> dict[str, str]:
    """The demo customer's order with the most lines, and the parcel with the most scans."""
    from django.db.models import Count

    from orders.models import Order
    from tracking.models import Shipment

    order = (
        Order.objects.filter(customer__email="demo@example.com")
        .annotate(line_count=Count("lines"))
        .order_by("-line_count", "-placed_at")
        .first()
    )
    shipment = (
        Shipment.objects.filter(order__customer__email="demo@example.com")
        .annotate(event_count=Count("events"))
        .order_by("-event_count")
        .select_related("order")
        .first()
    )
    return {
        "floor: /account/ping/": "/account/ping/",
        f"order detail ({order.line_count} lines)": f"/account/orders/{order.number}/",
        f"tracking page ({shipment.event_count} scans)": (
            f"/account/orders/{shipment.order.number}/shipments/{shipment.pk}/"
        ),
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def gunicorn_start(port: int, workers: int, *, page_cache: bool) -> subprocess.Popen:
    env = {
        **os.environ,
        # Production settings; for the comparison without the page cache, the same with it switched off.
        "DJANGO_SETTINGS_MODULE": (
            "postpurchase.settings.production" if page_cache else "bench.settings_no_page_cache"
        ),
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "WARNING",
    }
    process = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "postpurchase.wsgi", "--bind", f"{HOST}:{port}",
         "--workers", str(workers), "--log-level", "warning"],
        cwd=ROOT, env=env, start_new_session=True,
    )  # fmt: skip
    for _ in range(100):
        try:
            with socket.create_connection((HOST, port), timeout=0.2):
                return process
        except OSError:
            time.sleep(0.1)
    process.terminate()
    raise SystemExit("gunicorn did not start")


def login(port: int) -> str:
    """Sign in like a browser: fetch the form (CSRF cookie and token), post it; return the Cookie header."""
    connection = http.client.HTTPConnection(HOST, port, timeout=10)
    connection.request("GET", "/login/")
    response = connection.getresponse()
    html = response.read().decode()
    cookies = dict(
        header.split(";", 1)[0].split("=", 1)
        for name, header in response.getheaders()
        if name == "Set-Cookie"
    )
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    body = urlencode({"username": "demo@example.com", "password": "demo", "csrfmiddlewaretoken": token})
    connection.request(
        "POST",
        "/login/",
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookies['csrftoken']}",
            "Referer": f"http://{HOST}:{port}/login/",
        },
    )
    response = connection.getresponse()
    response.read()
    for name, header in response.getheaders():
        if name == "Set-Cookie":
            key, value = header.split(";", 1)[0].split("=", 1)
            cookies[key] = value
    connection.close()
    if response.status != 302 or "sessionid" not in cookies:
        raise SystemExit(f"login failed: {response.status}")
    return "; ".join(f"{key}={value}" for key, value in cookies.items())


def conditions(
    workers: int, concurrency: int, seconds: float, rounds: int, page_cache: bool, load_before: tuple
) -> dict[str, str]:
    import django
    from django.conf import settings
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server_version = cursor.fetchone()[0]
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")),
        "unknown",
    )  # fmt: skip
    return {
        "CPU": f"{cpu}, {os.cpu_count()} cores",
        "PostgreSQL": server_version,
        "Python / Django": f"{platform.python_version()} / {django.get_version()}",
        "server": f"gunicorn, {workers} sync workers, production settings (DEBUG off), same machine",
        "page cache": f"{settings.ACCOUNT_PAGE_CACHE_SECONDS if page_cache else 0} s",
        "load": (
            f"{concurrency} concurrent clients in a separate process, {seconds:.0f} s per page "
            f"in {rounds} interleaved rounds"
        ),
        # Before: what else the machine was doing; after: including this benchmark's own load.
        "load average before (1, 5, 15)": " ".join(f"{value:.2f}" for value in load_before),
        "load average after (1, 5, 15)": " ".join(f"{value:.2f}" for value in os.getloadavg()),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    # Cores + 1 sync workers: 3 here, as docker-compose.yml and the Dockerfile serve the site. With PostgreSQL
    # and the load generator on the same cores, more workers only contend: the floor served 910, 1,244-1,310,
    # 1,004 and 912-1,078 requests/s with 2, 3, 4 and 5 workers (docs/performance.md).
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) + 1)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=5, help="the pages take turns this many times")
    parser.add_argument(
        "--no-page-cache", action="store_true", help="ACCOUNT_PAGE_CACHE_SECONDS = 0: every request renders"
    )
    args = parser.parse_args()
    load_before = os.getloadavg()

    demo_shop_ensure()
    pages = pages_pick()
    port = free_port()
    server = gunicorn_start(port, args.workers, page_cache=not args.no_page_cache)
    try:
        cookie = login(port)
        for path in pages.values():
            for _ in range(args.warmup):
                try:
                    status = _request(port, path, cookie)
                except TimeoutError:  # a machine busy with other work; the measurement counts these
                    continue
                if status != 200:
                    raise SystemExit(f"{path} answered {status} during warm-up")
        # The pages take turns, round after round, so that whatever else the machine is doing weighs on
        # each of them alike.
        rounds: dict[str, list[tuple]] = {label: [] for label in pages}
        for _ in range(args.rounds):
            for label, path in pages.items():
                rounds[label].append(
                    measure_round(
                        port, path, cookie, concurrency=args.concurrency, seconds=args.seconds / args.rounds
                    )
                )
        results = {label: summary(pages[label], outcome) for label, outcome in rounds.items()}
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    floor = next(iter(results.values()))["rps"]
    print(
        f"\n{'page':<32} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'of floor':>9} {'requests':>9} {'errors':>7}"
    )
    for label, result in results.items():
        print(
            f"{label:<32} {result['rps']:>8.1f} {result['p50']:>8.1f} {result['p99']:>8.1f} "
            f"{result['rps'] / floor:>8.0%} {result['requests']:>9,} {result['errors']:>7}"
        )
    print("\nPages:")
    for label, result in results.items():
        print(f"  {label + ':':<32}{result['path']}")
    print("\nConditions:")
    for key, value in conditions(
        args.workers, args.concurrency, args.seconds, args.rounds, not args.no_page_cache, load_before
    ).items():
        print(f"  {key + ':':<33}{value}")
    below = [label for label, result in list(results.items())[1:] if result["rps"] < floor / 2]
    if below:
        print(f"\nBelow half the floor's throughput: {', '.join(below)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
