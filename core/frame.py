"""The site frame (``templates/base.html``) around content rendered elsewhere, rendered once and kept.

The order pages render their content with Jinja2 (core/jinja2.py) and put it into the frame of every page:
head, header with navigation and language switch, footer. The frame is the same for every request with the
same language, sign-in state and page name, except for four values: the page title, the content, the CSRF
token of its two forms and the current path (where the language switch returns to). Rendering it with
Django's template language was a fifth of an order page's time, so ``framed()`` renders it once per
combination with a marker in each of those places, keeps it split at the markers, and fills them in for
each response: the title and the path escaped as the template would escape them, the content as it is
(markup), a fresh CSRF token as ``{% csrf_token %}`` would get it.

A request with messages to show (after a form: rare on these pages) gets the frame rendered in full.
Settings are fixed while the process runs; a test that changes them empties the kept frames.
"""

import re

from django.contrib.messages import get_messages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

TEMPLATE = "core/framed.html"
_HOLES = ("title", "content", "csrf_token", "path")
_MARKERS = {hole: f"\x00frame:{hole}\x00" for hole in _HOLES}
_MARKED = {marker: hole for hole, marker in _MARKERS.items()}
# (language, script prefix, page name, signed in) -> [text, marker, text, marker, …, text]
_kept: dict[tuple, list[str]] = {}


class _MarkedRequest:
    """The request as the frame sees it, with a marker for the current path."""

    def __init__(self, request):
        self._request = request

    def __getattr__(self, name):
        return getattr(self._request, name)

    def get_full_path(self):
        return _MARKERS["path"]


def _frame(request) -> list[str]:
    html = render_to_string(
        TEMPLATE,
        {
            "page_title": _MARKERS["title"],
            "page_content": mark_safe(_MARKERS["content"]),
            "csrf_token": _MARKERS["csrf_token"],
            "request": _MarkedRequest(request),
            "messages": (),
        },
        request,
    )
    return re.split(f"({'|'.join(_MARKERS.values())})", html)


def framed(request, *, title: str, content: str) -> HttpResponse:
    """``render(request, "core/framed.html", {"page_title": title, "page_content": content})``, with the
    frame kept: ``content`` is markup (it goes in as it is), ``title`` text."""
    if get_messages(request):
        return render(request, TEMPLATE, {"page_title": title, "page_content": mark_safe(content)})
    key = (
        get_language(),
        get_script_prefix(),
        request.resolver_match.url_name,
        request.user.is_authenticated,
    )
    parts = _kept.get(key)
    if parts is None:
        parts = _kept[key] = _frame(request)
    values = {
        _MARKERS["title"]: escape(title),
        _MARKERS["content"]: content,
        _MARKERS["csrf_token"]: get_token(request),
        _MARKERS["path"]: escape(request.get_full_path()),
    }
    return HttpResponse("".join(values.get(part, part) for part in parts))


@receiver(setting_changed)
def _forget_kept_frames(**kwargs):
    _kept.clear()
