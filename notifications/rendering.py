"""Render a message from its template (the shop's version, else the shipped default) and a dict payload."""

from dataclasses import dataclass
from pathlib import Path

from django.template import Context, Engine

from notifications.models import Channel, MessageTemplate

DEFAULTS_DIR = Path(__file__).resolve().parent / "defaults"

# A separate engine: no project template directories, no app loaders, autoescape on. The template library
# issue tightens this into a sandbox (allowed tags and filters only).
_ENGINE = Engine(dirs=[], app_dirs=False, autoescape=True, debug=False)


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


def template_source(*, key: str, language: str, channel: str = Channel.EMAIL) -> TemplateSource:
    shop_version = (
        MessageTemplate.objects.filter(key=key, language=language, channel=channel, is_active=True)
        .only("subject", "body_text", "body_html")
        .first()
    )
    if shop_version:
        return TemplateSource(shop_version.subject, shop_version.body_text, shop_version.body_html)
    folder = DEFAULTS_DIR / key
    if not (folder / f"{language}.txt").is_file():
        raise UnknownTemplate(f"no template '{key}' in language '{language}'")

    def read(suffix: str) -> str:
        path = folder / f"{language}{suffix}"
        return path.read_text(encoding="utf-8") if path.is_file() else ""

    return TemplateSource(read(".subject.txt"), read(".txt"), read(".html"))


def message_render(*, key: str, language: str, payload: dict, channel: str = Channel.EMAIL) -> Rendered:
    source = template_source(key=key, language=language, channel=channel)
    subject = _ENGINE.from_string(source.subject).render(Context(payload, autoescape=False))
    text = _ENGINE.from_string(source.text).render(Context(payload, autoescape=False))
    html = _ENGINE.from_string(source.html).render(Context(payload)) if source.html else ""
    # A subject is one line: no header injection through CR/LF in the payload.
    subject = " ".join(subject.split())
    return Rendered(subject=subject, text=text.strip() + "\n", html=html)
