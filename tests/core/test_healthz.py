import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_healthz_reports_ok_when_database_and_broker_answer(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "broker": "ok"}}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_names_the_broker_when_it_is_down(client, db, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["checks"] == {"database": "ok", "broker": "fail"}
    assert "broker" in body["errors"]


def test_healthz_names_the_database_when_it_is_down(tmp_path):
    """A real process whose DATABASE_URL points at a port where no database listens."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        DATABASE_URL="postgres://nobody@127.0.0.1:1/nothing",
        DJANGO_SETTINGS_MODULE="postpurchase.settings.test",
        POSTPURCHASE_VAR_DIR=str(tmp_path),
    )
    code = (
        "import json; from django.test import Client; r = Client().get('/healthz'); "
        "print(json.dumps({'code': r.status_code, 'body': r.json()}))"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["code"] == 503
    assert outcome["body"]["checks"] == {"database": "fail", "broker": "ok"}
    assert "OperationalError" in outcome["body"]["errors"]["database"]


@pytest.mark.redis
def test_healthz_checks_redis_when_redis_is_the_broker(client, db, settings):
    settings.CELERY_BROKER_URL = os.environ["REDIS_URL"]
    response = client.get("/healthz")
    assert response.status_code == 200, response.json()
