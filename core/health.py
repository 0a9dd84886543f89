"""Checks behind ``/healthz``: can we reach the database and the Celery broker?"""

import os
from pathlib import Path

from django.conf import settings
from django.db import connection
from kombu import Connection


def database_check() -> str | None:
    """None when the database answers, else what went wrong."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure means "not healthy", and we report it
        return f"{type(exc).__name__}: {exc}".strip()
    return None


def broker_check() -> str | None:
    """None when the Celery broker accepts a connection, else what went wrong."""
    url = settings.CELERY_BROKER_URL
    if url.startswith("filesystem://"):
        folder = Path(settings.CELERY_BROKER_TRANSPORT_OPTIONS["data_folder_in"])
        if not folder.is_dir():
            return f"broker folder {folder} does not exist"
        if not os.access(folder, os.W_OK):
            return f"broker folder {folder} is not writable"
        return None
    try:
        with Connection(url, connect_timeout=2) as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=2)
    except Exception as exc:  # noqa: BLE001
        return f"{type(exc).__name__}: {exc}".strip()
    return None
