"""Render a message from its template (the shop's version, else the shipped default) and a dict payload,
in the sandbox of ``notifications.sandbox``; and check a shop's edited template before it is saved."""

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import css_inline
from django.template import TemplateSyntaxError
from django.utils.safestring import mark_safe

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


@cache
def _layout_source() -> str:
    return (DEFAULTS_DIR / "_layout.html").read_text(encoding="utf-8")


def email_html_finish(*, html: str, payload: dict, subject: str, language: str) -> str:
    """Put a template's HTML into the shop's email layout and inline the CSS (mail clients drop <style>).

    A template whose HTML is a whole document (``<!doctype`` or ``<html``) is used as it is."""
    if not html.lstrip()[:9].lower().startswith(("<!doctype", "<html")):
        html = sandbox.render_template(
            _layout_source(),
            {
                "shop": payload.get("shop", {}),
                "language": language,
                "subject": subject,
                "content": mark_safe(html),
            },
        )
    return css_inline.inline(html)


def source_render(source: TemplateSource, payload: dict, *, language: str = "de") -> Rendered:
    subject = one_line(sandbox.render_template(source.subject, payload, autoescape=False))
    text = sandbox.render_template(source.text, payload, autoescape=False)
    html = sandbox.render_template(source.html, payload) if source.html else ""
    if html:
        html = email_html_finish(html=html, payload=payload, subject=subject, language=language)
    return Rendered(subject=subject, text=text.strip() + "\n", html=html)


def message_render(*, key: str, language: str, payload: dict, channel: str = Channel.EMAIL) -> Rendered:
    return source_render(
        template_source(key=key, language=language, channel=channel), payload, language=language
    )


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
