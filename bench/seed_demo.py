"""Benchmark: seed the demo shop with 100,000 orders on PostgreSQL and say how long it took, and where.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/seedwork .venv/bin/python bench/seed_demo.py

Deletes the demo data in that database first (timed separately), then seeds; prints the elapsed seconds,
orders per second, rows per table and the conditions (machine, PostgreSQL, Python, Django).
"""

import argparse
import os
import platform
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "postpurchase.settings.local")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from demo.services import demo_shop_delete, demo_shop_seed  # noqa: E402


def machine() -> dict[str, str]:
    cpu_model, memory = "unknown", "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server_version = cursor.fetchone()[0]
    return {
        "CPU": cpu_model,
        "cores (nproc)": str(os.cpu_count()),
        "memory": memory,
        "PostgreSQL": server_version,
        "Python": platform.python_version(),
        "Django": django.get_version(),
        "database driver": f"{connection.Database.__name__} {connection.Database.__version__.split()[0]}",
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--customers", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--today", type=date.fromisoformat, default=date(2025, 6, 11), help="fixed: comparable runs"
    )
    parser.add_argument(
        "--no-copy", action="store_true", help="INSERT … executemany instead of COPY (comparison)"
    )
    args = parser.parse_args()

    if connection.vendor != "postgresql":
        print(
            "bench/seed_demo.py measures PostgreSQL: set DATABASE_URL=postgres://USER@HOST:5432/DBNAME "
            "(a database of your own; its demo data is deleted).",
            file=sys.stderr,
        )
        return 2

    started = time.perf_counter()
    demo_shop_delete()
    delete_seconds = time.perf_counter() - started

    result = demo_shop_seed(
        customers=args.customers,
        orders=args.orders,
        seed=args.seed,
        today=args.today,
        reset=True,
        use_copy=False if args.no_copy else None,
    )
    seconds = result.elapsed_seconds
    counts = result.shop.row_counts
    rows = sum(counts.values())

    print(
        f"Demo seed: {args.orders:,} orders, {args.customers:,} customers, seed {args.seed}, today {args.today}"
    )
    print(f"  method:        {'INSERT (executemany)' if args.no_copy else 'COPY'}")
    print(f"  elapsed:       {seconds:.1f} s (reset beforehand: {delete_seconds:.1f} s)")
    print(f"  orders/s:      {args.orders / seconds:,.0f}")
    print(f"  rows:          {rows:,} ({rows / seconds:,.0f} rows/s)")
    width = max(len(label) for label in counts)
    for label, count in sorted(counts.items(), key=lambda item: -item[1]):
        print(f"    {label:<{width}}  {count:>10,}")
    print("Conditions:")
    for key, value in machine().items():
        print(f"  {key + ':':<17}{value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
