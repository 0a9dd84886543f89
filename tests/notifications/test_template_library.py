"""Every shipped template renders in both languages: valid HTML with inlined CSS, a text part, no unknown
variables, the required links."""

from html.parser import HTMLParser

import pytest

from notifications.catalog import CATALOG, sample_payload
from notifications.models import Channel
from notifications.rendering import default_source, message_render, template_validate

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
SHIPPED = [
    (key, language, channel)
    for key, spec in sorted(CATALOG.items())
    for language in spec.languages
    for channel in spec.channels
]


class TagBalance(HTMLParser):
    """Fails on a closing tag that does not close the innermost open element."""

    def __init__(self):
        super().__init__()
        self.open: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.open or self.open[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.open[-1] if self.open else 'nothing'}>")
        else:
            self.open.pop()


@pytest.mark.parametrize(("key", "language", "channel"), SHIPPED)
def test_every_shipped_template_exists_and_renders(key, language, channel, db):
    source = default_source(key=key, language=language, channel=channel)
    assert source is not None, f"{key} has no {channel} template in {language}"
    rendered = message_render(key=key, language=language, payload=sample_payload(), channel=channel)
    assert rendered.text.strip()
    assert "{{" not in rendered.text and "{%" not in rendered.text
    if channel != Channel.EMAIL:
        assert len(rendered.text) <= 480, "a text message should fit in a few SMS"
        return
    assert rendered.subject and "\n" not in rendered.subject
    assert template_validate(key=key, subject=source.subject, text=source.text, html=source.html) == []
    html = rendered.html
    assert html.lower().startswith("<!doctype html>")
    assert f'lang="{language}"' in html
    assert "<style" not in html, "CSS must be inlined: many mail clients drop <style>"
    assert 'style="' in html
    checker = TagBalance()
    checker.feed(html)
    assert checker.errors == []
    assert checker.open == []
