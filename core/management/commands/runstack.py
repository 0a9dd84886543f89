"""``python manage.py runstack``: the web server, a Celery worker and Celery beat as one foreground command.

Ctrl-C (or SIGTERM) stops all three; if one of them dies, the others are stopped too and the command exits
with an error, so that a broken worker is never hidden behind a working web page.
"""

import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

ROOT = Path(settings.BASE_DIR)


class Command(BaseCommand):
    help = "Serve the site with a Celery worker and Celery beat; Ctrl-C stops all three."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--concurrency", type=int, default=2, help="worker processes")

    def handle(self, *args, host: str, port: int, concurrency: int, **options):
        python = sys.executable
        celery = [python, "-m", "celery", "-A", "postpurchase"]
        commands = {
            "web": [python, "manage.py", "runserver", f"{host}:{port}", "--noreload"],
            "worker": [*celery, "worker", "--loglevel=INFO", f"--concurrency={concurrency}"],
            "beat": [
                *celery,
                "beat",
                "--loglevel=INFO",
                f"--schedule={settings.CELERY_BEAT_SCHEDULE_FILENAME}",
            ],
        }
        url = f"http://{host}:{port}/"
        self.stdout.write(
            self.style.SUCCESS(f"\n{settings.SHOP_NAME} läuft auf {url}\n")
            + f"  Kundenservice (Admin): {url}admin/   Login: admin@example.com / admin\n"
            + "  Demo-Kundin:           demo@example.com / demo\n"
            + f"  Systemstatus:          {url}healthz\n"
            + f"  Datenbank: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}, "
            + f"Broker: {settings.CELERY_BROKER_URL.split('://')[0]}, "
            + f"E-Mails: {getattr(settings, 'EMAIL_FILE_PATH', '')}\n"
            + "  Strg-C beendet Webserver, Worker und Beat.\n"
        )
        processes = {name: subprocess.Popen(command, cwd=ROOT) for name, command in commands.items()}
        stopping = False

        def stop(signum, frame):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        exit_code = 0
        try:
            while not stopping:
                for name, process in processes.items():
                    if process.poll() is not None:
                        self.stderr.write(
                            f"{name} stopped with exit code {process.returncode}; stopping the rest."
                        )
                        exit_code = 1
                        stopping = True
                        break
                time.sleep(0.5)
        finally:
            for process in processes.values():
                if process.poll() is None:
                    process.terminate()
            deadline = time.monotonic() + 15
            for process in processes.values():
                try:
                    process.wait(timeout=max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        self.stdout.write("Webserver, Worker und Beat sind beendet.")
        if exit_code:
            sys.exit(exit_code)
