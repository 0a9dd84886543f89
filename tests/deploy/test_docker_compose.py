"""docker-compose.yml and the Dockerfile only name things that exist in this project.

No Docker needed: every command is resolved the way the container would resolve it (the manage.py
command and its options, gunicorn's WSGI application, the Celery app and subcommand), so a renamed module,
command or setting fails here instead of in a container that restarts forever.
"""

import contextlib
import difflib
import fnmatch
import importlib
import importlib.util
import io
import re
import shlex
import tomllib
from pathlib import Path
from urllib.parse import urlsplit

import click
import pytest
from celery import Celery
from celery.app.utils import find_app
from celery.bin.base import CLIContext
from celery.bin.celery import celery as celery_cli
from django.core.management import get_commands, load_command_class
from django.core.management.base import CommandError
from django.urls import Resolver404, resolve
from gunicorn.config import Config as GunicornConfig
from packaging.specifiers import SpecifierSet

from tests.deploy.project_files import (
    COMPOSE_FILE,
    DEPLOYMENT_DOC,
    DOCKERFILE,
    DOCKERIGNORE,
    ENV_EXAMPLE,
    PROJECT_DIR,
    as_argv,
    compose,
    compose_service,
    dockerfile_argv,
    dockerfile_instructions,
    interpolation_names,
    read_by_settings,
    service_environment,
    settings_env_reads,
)

REQUIRED_SERVICES = ("postgres", "redis", "migrate", "web", "worker", "beat", "mailpit")
APP_SERVICES = ("migrate", "web", "worker", "beat")
CELERY_SUBCOMMANDS = ("worker", "beat")
# Read by manage.py, wsgi.py and celery.py (and Django itself) rather than by the settings.
READ_OUTSIDE_SETTINGS = {"DJANGO_SETTINGS_MODULE"}


# --- Resolving a command to this project's code ---------------------------------------------------


def entry_point_problem(argv: list[str]) -> str | None:
    """None when the command runs a real entry point of this project, else what is wrong with it."""
    if not argv:
        return "the command is empty"
    program = Path(argv[0]).name
    if program in ("python", "python3"):
        return manage_py_problem(argv[1:])
    if program == "gunicorn":
        return gunicorn_problem(argv[1:])
    if program == "celery":
        return celery_problem(argv[1:])
    return f"{argv[0]!r} is no entry point this test knows how to check: teach entry_point_problem() about it"


def manage_py_problem(args: list[str]) -> str | None:
    if args[:1] != ["manage.py"] or len(args) < 2:
        return "python must run `manage.py <command>`"
    name, options = args[1], args[2:]
    commands = get_commands()
    if name not in commands:
        close = difflib.get_close_matches(name, commands)
        return f"manage.py has no command {name!r}" + (f" (did you mean {close[0]!r}?)" if close else "")
    parser = load_command_class(commands[name], name).create_parser("manage.py", name)
    try:
        parser.parse_args(options)
    except CommandError as exc:
        return f"manage.py {name} rejects its arguments: {exc}"
    return None


def gunicorn_problem(args: list[str]) -> str | None:
    errors = io.StringIO()
    try:
        with contextlib.redirect_stderr(errors):
            parsed = GunicornConfig().parser().parse_args(args)
    except SystemExit:
        return f"gunicorn rejects its arguments: {errors.getvalue().strip()}"
    if len(parsed.args) != 1:
        return f"gunicorn needs exactly one WSGI application as module:attribute, got {parsed.args}"
    module_name, _, attribute = parsed.args[0].partition(":")
    attribute = attribute or "application"  # gunicorn's own default
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        return f"gunicorn cannot import {module_name!r}: {exc}"
    if not callable(getattr(module, attribute, None)):
        return f"{module_name} has no WSGI application {attribute!r}"
    return None


def celery_problem(args: list[str]) -> str | None:
    app_name, rest = None, list(args)
    while rest and rest[0].startswith("-"):
        option = rest.pop(0)
        if option in ("-A", "--app") and rest:
            app_name = rest.pop(0)
        elif option.startswith("--app="):
            app_name = option.removeprefix("--app=")
        else:
            return f"celery option {option!r} before the subcommand is not one this test knows"
    if not app_name:
        return "celery needs -A <module> to find the app"
    if not rest or rest[0] not in CELERY_SUBCOMMANDS:
        return f"the celery subcommand must be one of {CELERY_SUBCOMMANDS}, got {rest[:1]}"
    try:
        app = find_app(app_name)  # what `celery -A` itself does
    except Exception as exc:  # any failure to find the app is what this test reports
        return f"celery -A {app_name}: no Celery app found ({type(exc).__name__}: {exc})"
    if not isinstance(app, Celery):
        return f"celery -A {app_name} finds {app!r}, which is not a Celery app"
    subcommand, options = rest[0], rest[1:]
    context = CLIContext(app=app, no_color=True, workdir=None, quiet=True)
    try:
        celery_cli.commands[subcommand].make_context(subcommand, options, obj=context)
    except click.ClickException as exc:
        return f"celery {subcommand} rejects its arguments: {exc.format_message()}"
    return None


def assert_entry_point(argv: list[str], where: str) -> None:
    problem = entry_point_problem(argv)
    assert problem is None, f"{where} runs `{shlex.join(argv)}`, but {problem}"


def service_argv(name: str) -> list[str]:
    """The command a service runs: its own, or the image's CMD."""
    command = compose_service(name).get("command")
    if command is not None:
        return as_argv(command)
    return dockerfile_argv(dict(dockerfile_instructions())["CMD"])


# --- Services -------------------------------------------------------------------------------------


def test_compose_defines_every_service_of_the_platform():
    services = compose().get("services") or {}
    missing = [name for name in REQUIRED_SERVICES if name not in services]
    assert not missing, f"docker-compose.yml lacks the services {missing}"


def test_postgres_and_redis_report_when_they_are_ready():
    for name, tool in (("postgres", "pg_isready"), ("redis", "redis-cli")):
        healthcheck = compose_service(name).get("healthcheck") or {}
        test = " ".join(as_argv(healthcheck.get("test") or []))
        assert tool in test, f"{name} needs a healthcheck with {tool}, has {healthcheck or 'none'}"


def test_web_starts_only_after_migrations_ran():
    assert compose_service("migrate").get("depends_on", {}).get("postgres") == {
        "condition": "service_healthy"
    }, "migrate must wait for postgres to be healthy"
    for name in ("web", "worker"):
        depends_on = compose_service(name).get("depends_on", {})
        assert depends_on.get("migrate") == {"condition": "service_completed_successfully"}, (
            f"{name} must wait for migrate to complete successfully, has depends_on={depends_on}"
        )


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_service_is_built_from_this_dockerfile(name):
    build = compose_service(name).get("build")
    assert build, f"{name} has no build section: it must be built from this repository's Dockerfile"
    if isinstance(build, str):
        build = {"context": build}
    context = (PROJECT_DIR / build.get("context", ".")).resolve()
    dockerfile = context / build.get("dockerfile", "Dockerfile")
    assert context == PROJECT_DIR, f"{name} builds from {context}, not from this repository"
    assert dockerfile == DOCKERFILE and DOCKERFILE.is_file(), f"{name} builds from {dockerfile}, missing"


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_service_command_is_a_real_entry_point(name):
    assert_entry_point(service_argv(name), f"service {name!r}")


def test_web_healthcheck_asks_a_real_url_on_the_gunicorn_port():
    web = compose_service("web")
    test = " ".join(as_argv((web.get("healthcheck") or {}).get("test") or []))
    url = re.search(r"https?://[^\s'\"]+", test)
    assert url, f"web's healthcheck must request a URL of the app, has {test!r}"
    url = urlsplit(url.group(0))
    try:
        resolve(url.path)
    except Resolver404:
        pytest.fail(f"web's healthcheck asks {url.path!r}, which no URL pattern of the app serves")
    bind = re.search(r"(?:--bind|-b)[ =]\S*:(\d+)", shlex.join(service_argv("web")))
    assert bind and url.port == int(bind.group(1)), (
        f"web's healthcheck asks port {url.port}, gunicorn listens on {bind and bind.group(1)}"
    )


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_service_sets_only_variables_the_project_reads(name):
    environment = service_environment(compose_service(name))
    unknown = sorted(
        key for key in environment if key not in READ_OUTSIDE_SETTINGS and not read_by_settings(key)
    )
    known = settings_env_reads()[0] | READ_OUTSIDE_SETTINGS
    guesses = {key: difflib.get_close_matches(key, known, n=1) for key in unknown}
    assert not unknown, (
        f"service {name!r} sets {unknown}, which postpurchase/settings/ never reads (misspelt or stale?); "
        f"closest names the settings read: {guesses}"
    )
    settings_module = environment.get("DJANGO_SETTINGS_MODULE", "")
    assert settings_module, f"service {name!r} must set DJANGO_SETTINGS_MODULE"
    assert importlib.util.find_spec(settings_module), f"{name}: no settings module {settings_module!r}"


def test_compose_variables_are_documented_in_env_example():
    documented = documented_variables(ENV_EXAMPLE.read_text())
    undocumented = sorted(interpolation_names(COMPOSE_FILE.read_text()) - documented)
    assert not undocumented, f"docker-compose.yml reads {undocumented} from .env, but .env.example omits them"


# --- Dockerfile -----------------------------------------------------------------------------------


def test_dockerfile_copies_only_files_that_exist_and_reach_the_build():
    ignore_patterns = [
        line.strip().removeprefix("**/")
        for line in DOCKERIGNORE.read_text().splitlines()
        if line.strip() and not line.lstrip().startswith(("#", "!"))
    ]
    for keyword, arguments in dockerfile_instructions():
        if keyword not in ("COPY", "ADD"):
            continue
        parts = dockerfile_argv(arguments) if arguments.startswith("[") else arguments.split()
        if any(part.startswith("--from") for part in parts):
            continue
        for source in [part for part in parts if not part.startswith("--")][:-1]:
            assert (PROJECT_DIR / source).exists() or any(PROJECT_DIR.glob(source)), (
                f"Dockerfile: `{keyword} {arguments}` copies {source!r}, which does not exist in {PROJECT_DIR}"
            )
            if source not in (".", "./"):
                # Excluding a folder excludes everything below it, so test every leading part of the path.
                parts = Path(source).parts
                leading = ["/".join(parts[: end + 1]) for end in range(len(parts))]
                ignored = [p for p in ignore_patterns if any(fnmatch.fnmatch(path, p) for path in leading)]
                assert not ignored, f"Dockerfile copies {source!r}, but .dockerignore excludes it ({ignored})"


def test_dockerfile_python_satisfies_the_project():
    base_image = dict(dockerfile_instructions())["FROM"]
    version = re.search(r"python:(\d+\.\d+)", base_image)
    assert version, f"the Dockerfile must start from an official python image, starts from {base_image!r}"
    requires = tomllib.loads((PROJECT_DIR / "pyproject.toml").read_text())["project"]["requires-python"]
    assert version.group(1) in SpecifierSet(requires), (
        f"{base_image} does not satisfy requires-python {requires}"
    )


def test_dockerfile_commands_are_real_entry_points():
    instructions = dockerfile_instructions()
    assert_entry_point(dockerfile_argv(dict(instructions)["CMD"]), "the Dockerfile's CMD")
    build_steps = [arguments for keyword, arguments in instructions if keyword == "RUN"]
    manage_py_calls = [
        call.strip() for step in build_steps for call in re.findall(r"python manage\.py [^&;|]+", step)
    ]
    assert manage_py_calls, "the Dockerfile should run collectstatic at build time"
    for call in manage_py_calls:
        assert_entry_point(shlex.split(call), "a Dockerfile RUN step")


def test_dockerfile_sets_only_variables_something_reads():
    for keyword, arguments in dockerfile_instructions():
        if keyword != "ENV":
            continue
        for name in re.findall(r"(?:^|\s)([A-Z][A-Z0-9_]*)=", arguments):
            # PYTHON* and PIP_* are read by Python and pip themselves.
            assert (
                name.startswith(("PYTHON", "PIP_")) or name in READ_OUTSIDE_SETTINGS or read_by_settings(name)
            ), f"the Dockerfile sets {name}, which nothing in postpurchase/settings/ reads"


# --- Documentation --------------------------------------------------------------------------------


def documented_variables(text: str) -> set[str]:
    return set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", text, flags=re.MULTILINE))


def test_env_example_documents_every_variable_the_settings_read():
    documented = documented_variables(ENV_EXAMPLE.read_text())
    names, prefixes = settings_env_reads()
    missing = sorted(names - documented) + [
        f"{prefix}*" for prefix in prefixes if not any(name.startswith(prefix) for name in documented)
    ]
    assert not missing, f"postpurchase/settings/ reads {missing}, but .env.example does not document them"


def test_deployment_doc_lists_every_variable_the_settings_read():
    text = DEPLOYMENT_DOC.read_text()
    names, prefixes = settings_env_reads()
    missing = [name for name in sorted(names) + list(prefixes) if f"`{name}" not in text]
    assert not missing, f"docs/deployment.md does not describe {missing}"


def test_deployment_doc_commands_are_real_entry_points():
    commands = re.findall(r"docker compose (?:run --rm|exec) (\S+) (.+)", DEPLOYMENT_DOC.read_text())
    assert commands, "docs/deployment.md should show how to run a command in the stack"
    for service, command in commands:
        compose_service(service)
        assert_entry_point(shlex.split(command), f"docs/deployment.md (`docker compose … {service}`)")
