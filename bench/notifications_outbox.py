"""Benchmark: messages rendered and handed to the email provider per second, through the real outbox.

    make bench-notifications          (BENCH_DATABASE_URL, BENCH_REDIS_URL; BENCH_ARGS="--messages 20000")

PostgreSQL, Redis as the Celery broker, real ``celery worker`` processes, a real anymail backend (Postmark's)
pointed at a local HTTP sink (bench/http_sink.py) that counts what arrives. The queued rows are written
before the clock starts (with the fields ``message_queue`` writes); the clock runs from the first task handed
to the broker until the sink has every message. The sink counts
distinct messages, so "every message exactly once" is checked, not assumed.
"""

import argparse
import json
import os
import platform
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2, help="celery worker processes")
    parser.add_argument("--concurrency", type=int, default=4, help="pool processes per worker")
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument(
        "--batch", type=int, default=50, help="ids per task (1: one task per message, as events send)"
    )
    args = parser.parse_args()

    database_url = os.environ.get("DATABASE_URL", "")
    # A Redis database of the benchmark's own: it is emptied first (never the application's REDIS_URL).
    redis_url = os.environ.get("BENCH_REDIS_URL") or "redis://127.0.0.1:6379/6"
    if not database_url.startswith(("postgres://", "postgresql://")):
        print(f"this benchmark needs PostgreSQL: DATABASE_URL={database_url!r}", file=sys.stderr)
        return 2
    sink_port = free_port()
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="postpurchase.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        EMAIL_BACKEND="notifications.email_backends.PostmarkEmailBackend",
        ANYMAIL_POSTMARK_SERVER_TOKEN="bench",
        ANYMAIL_POSTMARK_API_URL=f"http://127.0.0.1:{sink_port}/",
        LOG_LEVEL="WARNING",
    )
    os.environ.update(env)

    import django

    django.setup()
    import redis
    from django.db import connection

    from notifications.models import Message, MessageStatus
    from notifications.payloads import order_message_payload
    from notifications.tasks import message_send_task, messages_send_task
    from orders.models import Order

    redis.Redis.from_url(redis_url).flushdb()  # the benchmark's own Redis database: no stale tasks
    order = Order.objects.select_related("customer").prefetch_related("lines").order_by("-id").first()
    if order is None:
        print("no order in the database: run `make bench-seed` (or seed_demo) first", file=sys.stderr)
        return 2
    Message.objects.filter(idempotency_key__startswith="bench:").delete()
    payload = order_message_payload(order=order, language="de")
    ids = []
    started = time.monotonic()
    from django.db import transaction

    with transaction.atomic():  # written like the product writes them, but not yet handed to the broker
        for index in range(args.messages):
            message, _ = Message.objects.get_or_create(
                idempotency_key=f"bench:{index}",
                defaults={
                    "template_key": "order_confirmation",
                    "recipient": f"kunde{index}@example.com",
                    "language": "de",
                    "payload": payload,
                    "order": order,
                },
            )
            ids.append(message.pk)
    print(f"wrote {len(ids):,} queued messages in {time.monotonic() - started:.1f} s", file=sys.stderr)

    sink = subprocess.Popen([sys.executable, str(ROOT / "bench" / "http_sink.py"), "--port", str(sink_port)])
    workers = [
        subprocess.Popen(
            [
                sys.executable, "-m", "celery", "-A", "postpurchase", "worker", "--loglevel=WARNING",
                f"--concurrency={args.concurrency}", "--without-gossip", "--without-mingle",
                "--without-heartbeat", "-n", f"bench{i}@%h",
            ],
            cwd=ROOT,
            env=env,
            start_new_session=True,
        )
        for i in range(args.workers)
    ]  # fmt: skip

    def stats():
        with urllib.request.urlopen(f"http://127.0.0.1:{sink_port}/stats", timeout=5) as response:
            return json.load(response)

    try:
        for _ in range(100):
            try:
                stats()
                break
            except OSError:
                time.sleep(0.1)
        time.sleep(5)  # let the workers boot before the clock starts
        clock = time.monotonic()
        if args.batch == 1:
            for message_id in ids:
                message_send_task.delay(message_id)
        else:
            for start in range(0, len(ids), args.batch):
                messages_send_task.delay(ids[start : start + args.batch])
        enqueued = time.monotonic() - clock
        seen = stats()
        while seen["unique"] < len(ids) and time.monotonic() - clock < args.timeout:
            time.sleep(0.2)
            seen = stats()
        elapsed = time.monotonic() - clock
        time.sleep(1)  # late duplicates would show up here
        seen = stats()
    finally:
        for worker in workers:
            os.killpg(worker.pid, signal.SIGTERM)
        for worker in workers:
            worker.wait(timeout=60)
        sink.send_signal(signal.SIGTERM)
        sink.wait(timeout=10)

    sent = Message.objects.filter(pk__in=ids, status=MessageStatus.SENT).count()
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg_version = cursor.fetchone()[0]
    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), "?")
    meminfo = Path("/proc/meminfo").read_text().splitlines()
    memory_kib = next(int(line.split()[1]) for line in meminfo if line.startswith("MemTotal"))
    print(f"Outbox: {len(ids):,} order confirmations (HTML + text, CSS inlined), rendered and sent")
    print(f"  elapsed:        {elapsed:.1f} s (enqueueing took {enqueued:.1f} s of it)")
    print(f"  throughput:     {len(ids) / elapsed:,.0f} messages/s")
    print(f"  at the sink:    {seen['requests']:,} requests, {seen['unique']:,} distinct messages")
    print(f"  rows sent:      {sent:,}")
    ok = seen["unique"] == len(ids) == seen["requests"] == sent
    print(f"  exactly once:   {'yes' if ok else 'NO'}")
    print("Conditions:")
    print(f"  CPU:            {cpu}, {os.cpu_count()} cores, {memory_kib / 1024 / 1024:.1f} GiB")
    print(f"  workers:        {args.workers} × prefork concurrency {args.concurrency}, acks_late, prefetch 1")
    print(f"  tasks:          {args.batch} message id(s) per task")
    print(f"  broker:         Redis {redis.Redis.from_url(redis_url).info()['redis_version']} ({redis_url})")
    print(f"  database:       PostgreSQL {pg_version}")
    print(
        f"  provider:       {env['EMAIL_BACKEND']} (anymail) -> local ThreadingHTTPServer sink on 127.0.0.1"
    )
    print(f"  Python {platform.python_version()}, Django {django.get_version()}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
