"""Render a message from its template (the shop's version, else the shipped default) and a dict payload,
in the sandbox of ``notifications.sandbox``; and check a shop's edited template before it is saved."""

import re
from dataclasses import dataclass
from pathlib import Path

from django.template import TemplateSyntaxError

from notifications import sandbox
from notifications.catalog import sample_payload, spec_get
from notifications.models import Channel, MessageTemplate

DEFAULTS_DIR = Path(__file__).resolve().parent / "defaults"


class UnknownTemplate(LookupError):
    pass


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


@dataclass(frozen=True)
class TemplateSource:
    subject: str
    text: str
    html: str


def default_source(*, key: str, language: str, channel: str = Channel.EMAIL) -> TemplateSource | None:
    """The shipped default, or None when there is none in that language and channel.

    Email: ``<language>.subject.txt``, ``<language>.txt`` and ``<language>.html``. Text channels:
    ``<language>.whatsapp.txt`` if there is one, else ``<language>.sms.txt``.
    """
    folder = DEFAULTS_DIR / key

    def read(name: str) -> str:
        path = folder / name
        return path.read_text(encoding="utf-8") if path.is_file() else ""

    if channel == Channel.EMAIL:
        if not (folder / f"{language}.txt").is_file():
            return None
        return TemplateSource(
            read(f"{language}.subject.txt"), read(f"{language}.txt"), read(f"{language}.html")
        )
    for name in (f"{language}.{channel}.txt", f"{language}.sms.txt"):
        if (folder / name).is_file():
            return TemplateSource("", read(name), "")
    return None


def template_source(*, key: str, language: str, channel: str = Channel.EMAIL) -> TemplateSource:
    shop_version = (
        MessageTemplate.objects.filter(key=key, language=language, channel=channel, is_active=True)
        .only("subject", "body_text", "body_html")
        .first()
    )
    if shop_version:
        return TemplateSource(shop_version.subject, shop_version.body_text, shop_version.body_html)
    source = default_source(key=key, language=language, channel=channel)
    if source is None:
        raise UnknownTemplate(f"no template '{key}' in language '{language}' for channel '{channel}'")
    return source


def one_line(text: str) -> str:
    """Subjects and headers are one line: no header injection through CR/LF from the payload."""
    return " ".join(text.split())


def source_render(source: TemplateSource, payload: dict) -> Rendered:
    subject = sandbox.render_template(source.subject, payload, autoescape=False)
    text = sandbox.render_template(source.text, payload, autoescape=False)
    html = sandbox.render_template(source.html, payload) if source.html else ""
    return Rendered(subject=one_line(subject), text=text.strip() + "\n", html=html)


def message_render(*, key: str, language: str, payload: dict, channel: str = Channel.EMAIL) -> Rendered:
    return source_render(template_source(key=key, language=language, channel=channel), payload)


_UNKNOWN_PATTERN = re.compile("\x00UNKNOWN:(.*?)\x00")


def template_validate(*, key: str, subject: str, text: str, html: str) -> list[str]:
    """What is wrong with a shop's version of template ``key``: syntax, unknown variables, a missing
    required link. An empty list means it may be saved."""
    spec = spec_get(key)
    payload = sample_payload()
    problems: list[str] = []
    rendered: dict[str, str] = {}
    for part, source in (("Betreff", subject), ("Text", text), ("HTML", html)):
        if not source.strip():
            if part != "HTML":
                problems.append(f"{part}: darf nicht leer sein.")
            continue
        try:
            output = sandbox.render_template(
                source, payload, autoescape=part == "HTML", engine=sandbox.VALIDATION_ENGINE
            )
        except (TemplateSyntaxError, sandbox.RenderLimitExceeded) as exc:
            problems.append(f"{part}: {exc}")
            continue
        for name in sorted(set(_UNKNOWN_PATTERN.findall(output))):
            problems.append(f"{part}: unbekannte Variable „{name}“.")
        rendered[part] = output
    for variable in spec.required:
        value = payload
        for step in variable.split("."):
            value = value[step]
        for part in ("Text", "HTML"):
            if part in rendered and str(value) not in rendered[part]:
                problems.append(f"{part}: der Link {{{{ {variable} }}}} fehlt.")
    return problems
