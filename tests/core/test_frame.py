"""core.frame: the kept site frame answers exactly as the frame rendered in full, for every language,
sign-in state and page, with the request's own title, path and CSRF token."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import add_message, constants
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.shortcuts import render
from django.test import RequestFactory
from django.urls import resolve
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import mark_safe

from core.frame import framed
from tests.factories import UserFactory

TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+(")')


def request_for(path: str, user):
    request = RequestFactory().get(path)
    request.user = user
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    request.resolver_match = resolve(path.split("?")[0])
    return request


def without_tokens(html: str) -> str:
    return TOKEN.sub(r"\1…\2", html)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("signed_in", [True, False])
@pytest.mark.parametrize(
    "path",
    ["/account/orders/NH-1/", "/account/orders/NH-1/shipping/?tab=1&x=<script>", "/account/orders/Ä%20B/"],
)
def test_the_kept_frame_is_the_frame_rendered_in_full(language, signed_in, path):
    user = UserFactory() if signed_in else AnonymousUser()
    title = 'Bestellung "NH-1" & <Co>'
    content = mark_safe("<h1>Inhalt</h1><p>Ä & ö</p>")  # markup, as the order pages' content
    with translation.override(language):
        for _ in range(2):  # the first builds the kept frame, the second uses it
            request = request_for(path, user)
            kept = framed(request, title=title, content=content).content.decode()
            full = render(
                request_for(path, user), "core/framed.html", {"page_title": title, "page_content": content}
            ).content.decode()
            assert without_tokens(kept) == without_tokens(full)
    assert "<script>" not in kept
    assert f'name="next" value="{escape(request.get_full_path())}"' in kept
    assert "Bestellung &quot;NH-1&quot; &amp; &lt;Co&gt;" in kept
    assert content in kept
    assert f'lang="{language}"' in kept


@pytest.mark.django_db
def test_each_response_gets_a_token_that_checks_against_its_cookie():
    from django.middleware.csrf import _does_token_match, _unmask_cipher_token

    user = UserFactory()
    tokens = set()
    for _ in range(3):
        request = request_for("/account/orders/NH-1/", user)
        html = framed(request, title="t", content="c").content.decode()
        found = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html))
        assert len(found) == 1  # the same token in the language form and the logout form
        token = found.pop()
        assert _does_token_match(token, request.META["CSRF_COOKIE"])  # what the next POST is checked with
        assert len(_unmask_cipher_token(token)) == 32
        tokens.add(token)
    assert len(tokens) == 3  # masked anew for every response, as Django does


@pytest.mark.django_db
def test_messages_to_show_get_the_frame_rendered_in_full():
    user = UserFactory()
    request = request_for("/account/orders/NH-1/", user)
    add_message(request, constants.SUCCESS, "Gespeichert & erledigt")
    html = framed(request, title="t", content="c").content.decode()
    assert '<p class="notice notice-success">Gespeichert &amp; erledigt</p>' in html
