"""With nothing configured, the project runs on SQLite (WAL), Celery's filesystem broker and mail files;
``manage.py runstack`` serves it with a worker and beat, and Ctrl-C stops all three."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVICE_VARIABLES = {"DATABASE_URL", "REDIS_URL", "EMAIL_URL", "EMAIL_BACKEND", "DJANGO_SETTINGS_MODULE"}


def clean_env(var_dir: Path) -> dict:
    env = {key: value for key, value in os.environ.items() if key not in SERVICE_VARIABLES}
    env["POSTPURCHASE_VAR_DIR"] = str(var_dir)
    return env


def test_nothing_configured_means_sqlite_in_wal_mode_filesystem_broker_and_mail_files(tmp_path):
    code = (
        "import json; from django.conf import settings; from django.db import connection; "
        "c = connection.cursor(); c.execute('PRAGMA journal_mode'); "
        "print(json.dumps({'engine': settings.DATABASES['default']['ENGINE'], "
        "'name': str(settings.DATABASES['default']['NAME']), 'journal': c.fetchone()[0], "
        "'broker': settings.CELERY_BROKER_URL, 'email': settings.EMAIL_BACKEND, "
        "'mail_dir': str(settings.EMAIL_FILE_PATH)}))"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=clean_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen == {
        "engine": "django.db.backends.sqlite3",
        "name": str(tmp_path / "db.sqlite3"),
        "journal": "wal",
        "broker": "filesystem://",
        "email": "django.core.mail.backends.filebased.EmailBackend",
        "mail_dir": str(tmp_path / "mail"),
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.slow
def test_runstack_serves_healthz_and_ctrl_c_stops_web_worker_and_beat(tmp_path):
    env = clean_env(tmp_path)
    port = free_port()
    log = (tmp_path / "runstack.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "manage.py", "runstack", "--port", str(port), "--concurrency", "1"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, as a terminal gives it
    )
    try:
        deadline = time.monotonic() + 60
        body = None
        while time.monotonic() < deadline and body is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                    body = json.load(response)
            except OSError:
                time.sleep(0.3)
        assert body == {"status": "ok", "checks": {"database": "ok", "broker": "ok"}}
        time.sleep(3)  # give worker and beat time to come up, so that we stop all three
        os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        log.close()
    output = (tmp_path / "runstack.log").read_text()
    assert f"http://127.0.0.1:{port}/" in output
    assert "admin@example.com / admin" in output and "demo@example.com / demo" in output
    assert "celery@" in output and "beat: Starting" in output, output[-3000:]
    with pytest.raises(OSError):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
    leftovers = subprocess.run(["pgrep", "-s", str(process.pid)], capture_output=True, text=True).stdout
    assert leftovers.strip() == "", f"processes left running: {leftovers}"
