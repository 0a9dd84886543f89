"""Production settings refuse to start unsafely, and pass Django's deployment checks once configured.

Every case starts manage.py in a fresh process, as a server would, with none of the settings' variables
inherited from this shell. It runs from a copy of the project without .env: the settings read .env from
the project folder, docs/deployment.md has developers create one for docker compose, and the image never
contains it (.dockerignore).
"""

import os
import re
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.deploy.project_files import (
    PROJECT_DIR,
    compose_service,
    interpolate,
    read_by_settings,
    service_environment,
)

PRODUCTION = "postpurchase.settings.production"
NO_ISSUES = "System check identified no issues (0 silenced)."
NOT_COPIED = shutil.ignore_patterns(
    ".env", ".git", ".venv", "var", "__pycache__", "*.pyc", ".pytest_cache", ".ruff_cache", "test-artifacts"
)


def random_secret_key() -> str:
    return secrets.token_urlsafe(48)  # 64 characters


@pytest.fixture(scope="module")
def project_copy(tmp_path_factory) -> Path:
    copy = tmp_path_factory.mktemp("deploy") / "project"
    shutil.copytree(PROJECT_DIR, copy, ignore=NOT_COPIED)
    return copy


@pytest.fixture
def manage(project_copy, tmp_path):
    """Run manage.py with production settings and exactly the given settings variables."""

    def run(*args: str, **variables: str) -> subprocess.CompletedProcess:
        environment = {
            name: value
            for name, value in os.environ.items()
            if name != "DJANGO_SETTINGS_MODULE" and not read_by_settings(name)
        }
        environment.update(
            DJANGO_SETTINGS_MODULE=PRODUCTION, POSTPURCHASE_VAR_DIR=str(tmp_path / "var"), **variables
        )
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=project_copy,
            env=environment,
            capture_output=True,
            text=True,
            timeout=120,
        )

    return run


def refusal(result: subprocess.CompletedProcess) -> str:
    """The error a refused start ends with, after asserting that it was refused for bad configuration."""
    assert result.returncode != 0, f"production settings started anyway:\n{result.stdout}{result.stderr}"
    assert "ImproperlyConfigured" in result.stderr, f"refused for another reason:\n{result.stderr}"
    return result.stderr.strip().splitlines()[-1]


def test_refuses_to_start_without_a_secret_key(manage):
    result = manage("check", "--deploy", ALLOWED_HOSTS="shop.example.com")
    assert "SECRET_KEY" in refusal(result)


@pytest.mark.parametrize(
    "weak_key",
    [
        pytest.param(secrets.token_urlsafe(24), id="too-short"),
        pytest.param("x" * 64, id="one-repeated-character"),
        pytest.param("django-insecure-" + secrets.token_urlsafe(48), id="startproject-placeholder"),
    ],
)
def test_refuses_to_start_with_a_weak_secret_key(manage, weak_key):
    result = manage("check", "--deploy", SECRET_KEY=weak_key, ALLOWED_HOSTS="shop.example.com")
    assert "SECRET_KEY" in refusal(result)


def test_refuses_to_start_without_allowed_hosts(manage):
    result = manage("check", "--deploy", SECRET_KEY=random_secret_key())
    assert "ALLOWED_HOSTS" in refusal(result)


def test_configured_production_passes_every_deployment_check(manage):
    result = manage("check", "--deploy", SECRET_KEY=random_secret_key(), ALLOWED_HOSTS="shop.example.com")
    assert (result.returncode, result.stdout.strip(), result.stderr.strip()) == (0, NO_ISSUES, ""), (
        f"manage.py check --deploy with production settings did not pass cleanly "
        f"(exit {result.returncode}):\n{result.stdout}{result.stderr}"
    )


def test_debug_stays_off_in_production_even_when_asked_for(manage):
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.DEBUG)",
        SECRET_KEY=random_secret_key(),
        ALLOWED_HOSTS="shop.example.com",
        DJANGO_DEBUG="true",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False", f"settings.DEBUG is {result.stdout.strip()} in production"


@pytest.mark.parametrize(
    ("dot_env", "expected_issues"),
    [
        # The compose stack speaks plain http on localhost, so it turns the https redirect off on purpose.
        pytest.param({}, {"security.W008"}, id="plain-http-default"),
        pytest.param({"SECURE_SSL_REDIRECT": "true"}, set(), id="behind-a-tls-proxy"),
    ],
)
def test_compose_environment_loads_production_settings(manage, dot_env, expected_issues):
    dot_env = {"SECRET_KEY": random_secret_key(), "ALLOWED_HOSTS": "localhost,127.0.0.1", **dot_env}
    environment = {
        name: interpolate(value, dot_env)
        for name, value in service_environment(compose_service("web")).items()
    }
    assert environment.pop("DJANGO_SETTINGS_MODULE") == PRODUCTION
    result = manage("check", "--deploy", **environment)
    issues = set(re.findall(r"^\?: \(([\w.]+)\)", result.stderr, flags=re.MULTILINE))
    assert result.returncode == 0, f"the web service's environment breaks the settings:\n{result.stderr}"
    assert issues == expected_issues, f"check --deploy with the compose environment:\n{result.stderr}"
