"""The customer-area emails (magic link, password reset, activation) render in both languages with their link."""

import pytest

from notifications.rendering import default_source, source_render

PAYLOAD = {
    "shop": {"name": "Nordlicht Haus", "url": "https://shop.example"},
    "customer": {"first_name": "Lena", "email": "lena@example.com"},
    "order": {"number": "NH-10000001"},
    "link": "https://shop.example/account/orders/NH-10000001/access/abc/",
}


@pytest.mark.parametrize("key", ["magic_link", "password_reset", "account_activation"])
@pytest.mark.parametrize("language", ["de", "en"])
def test_each_email_renders_with_its_link(key, language, db):
    rendered = source_render(default_source(key=key, language=language), PAYLOAD, language=language)
    assert rendered.subject and "{{" not in rendered.subject
    assert PAYLOAD["link"] in rendered.text
    assert f'href="{PAYLOAD["link"]}"' in rendered.html
    assert f'lang="{language}"' in rendered.html
    assert "Lena" in rendered.text
