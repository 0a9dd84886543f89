"""Start a real ``celery worker`` process against the test database and the configured broker."""

import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]


def test_database_url() -> str:
    """The URL of the database this test run uses (pytest-django's test database)."""
    params = connection.settings_dict
    if params["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{Path(params['NAME']).resolve()}"
    user = params.get("USER") or ""
    password = f":{params['PASSWORD']}" if params.get("PASSWORD") else ""
    credentials = f"{user}{password}@" if user else ""
    return f"postgres://{credentials}{params.get('HOST') or '127.0.0.1'}:{params.get('PORT') or 5432}/{params['NAME']}"


@contextmanager
def celery_worker(*, mail_dir: Path, log_path: Path, extra_env: dict | None = None):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="postpurchase.settings.test",
        DATABASE_URL=test_database_url(),
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(mail_dir),
        POSTPURCHASE_VAR_DIR=str(settings.VAR_DIR),
    )
    env.update(extra_env or {})
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "postpurchase",
        "worker",
        "--loglevel=INFO",
        "--concurrency=1",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
    ]
    with open(log_path, "w") as log:
        # Its own process group, so that the pool's child processes can be stopped (or killed) with it.
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def kill_worker(process) -> None:
    """What a crash or the OOM killer does: SIGKILL to the worker and its pool, no warm shutdown."""
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=20)


def wait_for(predicate, *, timeout: float, interval: float = 0.2, log_path: Path | None = None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    log = log_path.read_text()[-4000:] if log_path and log_path.exists() else ""
    raise AssertionError(f"condition not met within {timeout} s; worker log:\n{log}")
