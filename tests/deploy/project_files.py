"""What the deployment files and the settings say, read from their source for the deploy tests."""

import functools
import re
import shlex
from pathlib import Path

import yaml

PROJECT_DIR = Path(__file__).resolve().parents[2]
COMPOSE_FILE = PROJECT_DIR / "docker-compose.yml"
DOCKERFILE = PROJECT_DIR / "Dockerfile"
DOCKERIGNORE = PROJECT_DIR / ".dockerignore"
ENV_EXAMPLE = PROJECT_DIR / ".env.example"
DEPLOYMENT_DOC = PROJECT_DIR / "docs" / "deployment.md"
SETTINGS_DIR = PROJECT_DIR / "postpurchase" / "settings"

# env.str("NAME", ...), env.bool("NAME", ...), environ.Env().str("NAME", ...) and so on.
_ENV_READ = re.compile(r"""\b(?:env|Env\(\))\.\w+\(\s*["']([A-Z][A-Z0-9_]*)["']""")
# key.startswith("ANYMAIL_") over env.ENVIRON: a whole family of variables.
_ENV_PREFIX = re.compile(r"""startswith\(\s*["']([A-Z][A-Z0-9_]*_)["']\s*\)""")
# ${NAME}, ${NAME:-default}, ${NAME:?error} as docker compose interpolates them.
_INTERPOLATION = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}")


@functools.cache
def settings_env_reads() -> tuple[frozenset[str], tuple[str, ...]]:
    """The environment variables postpurchase/settings/ reads: exact names, and name prefixes."""
    source = "\n".join(path.read_text() for path in sorted(SETTINGS_DIR.glob("*.py")))
    return frozenset(_ENV_READ.findall(source)), tuple(sorted(set(_ENV_PREFIX.findall(source))))


def read_by_settings(name: str) -> bool:
    names, prefixes = settings_env_reads()
    return name in names or name.startswith(prefixes)


@functools.cache
def compose() -> dict:
    assert COMPOSE_FILE.is_file(), f"{COMPOSE_FILE} is missing"
    return yaml.safe_load(COMPOSE_FILE.read_text())


def compose_service(name: str) -> dict:
    services = compose().get("services") or {}
    assert name in services, f"docker-compose.yml has no service {name!r} (it has: {', '.join(services)})"
    return services[name]


def as_argv(command: str | list) -> list[str]:
    """A compose or Dockerfile command as the argument list the container runs."""
    return shlex.split(command) if isinstance(command, str) else [str(part) for part in command]


def service_environment(service: dict) -> dict[str, str]:
    environment = service.get("environment") or {}
    if isinstance(environment, list):
        return dict(item.split("=", 1) if "=" in item else (item, "") for item in environment)
    return {key: "" if value is None else str(value) for key, value in environment.items()}


def interpolation_names(text: str) -> set[str]:
    return {match.group(1) for match in _INTERPOLATION.finditer(text)}


def interpolate(text: str, variables: dict[str, str]) -> str:
    """Fill in ${...} the way docker compose does with the given .env values."""

    def replace(match: re.Match) -> str:
        name, operator, argument = match.groups()
        value = variables.get(name)
        missing = value is None if operator in ("-", "?") else not value  # ":-" and ":?" also mean empty
        if operator and missing:
            if operator.endswith("?"):
                raise AssertionError(f"docker compose would refuse to start: {name} unset ({argument})")
            return argument
        return value or ""

    return _INTERPOLATION.sub(replace, text)


@functools.cache
def dockerfile_instructions() -> tuple[tuple[str, str], ...]:
    """(INSTRUCTION, arguments) pairs of the Dockerfile, continuation lines joined, comments dropped."""
    assert DOCKERFILE.is_file(), f"{DOCKERFILE} is missing, but docker-compose.yml builds from it"
    instructions, pending = [], ""
    for line in DOCKERFILE.read_text().splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        keyword, _, arguments = (pending + stripped).partition(" ")
        instructions.append((keyword.upper(), arguments.strip()))
        pending = ""
    return tuple(instructions)


def dockerfile_argv(arguments: str) -> list[str]:
    """CMD/ENTRYPOINT arguments in exec form (JSON) or shell form."""
    if arguments.startswith("["):
        return as_argv(yaml.safe_load(arguments))
    return as_argv(arguments)
