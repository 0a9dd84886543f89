"""The Jinja2 environment of the order pages (``<app>/jinja2/`` templates).

Customers open the four order pages (overview, shipping, a product, a parcel's tracking timeline) from
every order and shipping email, and most of those looks are first looks that no cache can answer. Django's
template language spent about a millisecond on the overview alone, a third of the whole request; Jinja2
compiles a template to Python and renders the same HTML in a fraction of that (docs/performance.md). The site
frame around them (``base.html``) and all other pages stay Django templates.

Templates are compiled once per language (``Jinja2`` below: the language is part of the name the template
is compiled under, "de:accounts/order_detail.html"), and a message in ``_("…")`` is translated while the
template compiles: the compiled German overview holds its German labels as text, as if written in German.

What the templates get, besides the view's context and ``request``:

- ``_("Text")``: the translation in the page's language, escaped on output like ``{% translate %}``.
  ``_("Text %(name)s")|fill(name=value)`` fills in values, escaped, into the trusted translation, like
  ``{% blocktranslate %}``. ``makemessages`` finds a message in a template only as a string literal alone
  inside ``_()`` (``django.utils.translation.templatize``), so messages are written exactly so: no keyword
  arguments inside ``_()``, plurals chosen in Python with ``ngettext``.
- ``url(name, *args)``: ``reverse()``; ``order_url(name, number, *ids)`` for the order pages' own URLs
  (reversed once per URL name, then filled in).
- ``shop_branding()``: the shop's support address and colours.
- the customer area's filters in the page's language: ``money``, ``local_date``, ``local_datetime``,
  ``time_element``; and Django's ``linebreaksbr`` and ``urlencode``.

The page's language and URL prefix are read once per render (``LANGUAGE_CODE``, ``SCRIPT_PREFIX``, from the
context processor ``language`` below) instead of once per amount and link: Django keeps them in
context-local variables that cost a microsecond or two to read, and a page asks some sixty times.

A missing variable renders empty, as in Django's template language (``ChainableUndefined``, also with
DEBUG on, where Django would choose ``DebugUndefined``).
"""

from urllib.parse import quote

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.backends import jinja2 as django_jinja2
from django.template.defaultfilters import linebreaksbr, urlencode
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.autoreload import file_changed
from django.utils.translation import get_language, gettext, override
from jinja2 import BaseLoader, ChainableUndefined, Environment, pass_context
from jinja2.ext import Extension
from jinja2.lexer import Token
from markupsafe import Markup

from accounts.templatetags.customer_area import shop_branding
from core.formatting import date_format, local_date_format, money_format


def language(request) -> dict:
    """Context processor: the active language and the URL prefix, read once per render."""
    return {"LANGUAGE_CODE": get_language() or settings.LANGUAGE_CODE, "SCRIPT_PREFIX": get_script_prefix()}


# --- Compiled per language -------------------------------------------------------------------------------


class Jinja2(django_jinja2.Jinja2):
    """Django's Jinja2 backend, with each template compiled for the active language."""

    def get_template(self, template_name):
        return super().get_template(f"{get_language() or settings.LANGUAGE_CODE}:{template_name}")


class _LanguageEnvironment(Environment):
    def join_path(self, template, parent):
        """``{% include "accounts/_help.html" %}`` in "de:accounts/shipment.html" is "de:accounts/_help.html"."""
        language, separator, _name = parent.partition(":")
        return f"{language}:{template}" if separator and ":" not in template else template


class _LanguageLoader(BaseLoader):
    """Finds "de:accounts/x.html" where its loader finds "accounts/x.html"; the template keeps the full name
    (Jinja caches and compiles it under that name)."""

    def __init__(self, loader):
        self.loader = loader

    def get_source(self, environment, template):
        _language, separator, name = template.partition(":")
        return self.loader.get_source(environment, name if separator else template)


class _TranslateWhileCompiling(Extension):
    """``_("literal")`` in a template compiled for a language becomes the literal's translation (a string
    constant, which Jinja then writes into the compiled template as text)."""

    def filter_stream(self, stream):
        language, separator, _name = (stream.name or "").partition(":")
        tokens = list(stream)
        index = 0
        while index < len(tokens):
            call = [token.type for token in tokens[index : index + 4]]
            if separator and tokens[index].test("name:_") and call == ["name", "lparen", "string", "rparen"]:
                with override(language):
                    translated = gettext(tokens[index + 2].value)
                yield Token(tokens[index].lineno, "string", translated)
                index += 4
            else:
                yield tokens[index]
                index += 1


# --- Messages -------------------------------------------------------------------------------------------

# (language, message) -> translation: a page asks for the same few dozen messages on every render, and
# Django's gettext walks its catalogues each time. Translations are fixed while a process runs.
_translated: dict[tuple[str, str], str] = {}


@pass_context
def translate(context, message: str) -> str:
    key = (context["LANGUAGE_CODE"], message)
    translated = _translated.get(key)
    if translated is None:
        translated = _translated[key] = gettext(message)
    return translated


def fill(translated: str, **values) -> Markup:
    """The translation as markup with the values escaped into its ``%(name)s`` places."""
    return Markup(translated) % values


# --- URLs ------------------------------------------------------------------------------------------------

# (URL name, number of ids, script prefix) -> "/account/orders/{0}/items/{1}/": reversed once, filled in for
# every link (a page has a dozen). Only for the order pages' URLs, whose patterns are <str:number> followed
# by <int:…> ids.
_order_url_formats: dict[tuple[str, int, str], str] = {}
_NUMBER_STAND_IN = "NUMBER-STAND-IN"
_ID_STAND_IN = 987_654_321


@pass_context
def order_url(context, name: str, number: str, *ids: int) -> str:
    """``reverse(name, args=(number, *ids))``, without reversing on every call."""
    if not number or "/" in number or not all(type(pk) is int and pk >= 0 for pk in ids):
        return reverse(name, args=(number, *ids))  # what the path converters refuse: Django's error
    key = (name, len(ids), context["SCRIPT_PREFIX"])
    url_format = _order_url_formats.get(key)
    if url_format is None:
        stand_ins = [_ID_STAND_IN + index for index in range(len(ids))]
        url_format = reverse(name, args=(_NUMBER_STAND_IN, *stand_ins)).replace("{", "{{").replace("}", "}}")
        url_format = url_format.replace(_NUMBER_STAND_IN, "{0}", 1)
        for index, stand_in in enumerate(stand_ins, start=1):
            url_format = url_format.replace(str(stand_in), f"{{{index}}}", 1)
        _order_url_formats[key] = url_format
    # As reverse() quotes a path (RFC 3986 sub-delimiters and "/~:@" stay).
    return url_format.format(quote(number, safe="!$&'()*+,;=~:@"), *ids)


def url(name: str, *args) -> str:
    return reverse(name, args=args)


@receiver(setting_changed)
def _forget(**kwargs):
    _translated.clear()
    _order_url_formats.clear()


@receiver(file_changed)
def _forget_compiled_translations(sender, file_path, **kwargs):
    """runserver reloads the catalogues when a .mo file changes, without a restart; the templates compiled
    with the old translations go too. (A production process is restarted for new translations anyway.)"""
    if file_path.suffix == ".mo":
        from django.template import engines

        _translated.clear()
        engines["jinja2"].env.cache.clear()


# --- Money and dates in the page's language -----------------------------------------------------------


@pass_context
def money(context, amount, currency: str = "EUR") -> str:
    if amount is None or amount == "":
        return ""
    return money_format(amount, currency or "EUR", context["LANGUAGE_CODE"][:2])


@pass_context
def local_date(context, value) -> str:
    return date_format(value, context["LANGUAGE_CODE"][:2]) if value else ""


@pass_context
def local_datetime(context, value) -> str:
    return date_format(value, context["LANGUAGE_CODE"][:2], with_time=True) if value else ""


@pass_context
def time_element(context, value) -> Markup:
    """``<time datetime="…">…</time>``: ISO 8601 in the shop's time zone for machines, the customer's date
    and time for people (as the Django filter of the same name)."""
    if not value:
        return Markup("")
    local = timezone.localtime(value)
    return Markup('<time datetime="%s">%s</time>') % (
        local.isoformat(),
        local_date_format(local, context["LANGUAGE_CODE"][:2], with_time=True),
    )


def environment(**options) -> Environment:
    loader = options.pop("loader")
    options.pop("undefined", None)
    env = _LanguageEnvironment(
        **options,
        loader=_LanguageLoader(loader),
        extensions=[_TranslateWhileCompiling],
        undefined=ChainableUndefined,
        keep_trailing_newline=True,  # a template's last newline stays, as in Django's templates
    )
    env.globals.update(_=translate, url=url, order_url=order_url, shop_branding=shop_branding)
    env.filters.update(
        fill=fill,
        money=money,
        local_date=local_date,
        local_datetime=local_datetime,
        time_element=time_element,
        linebreaksbr=linebreaksbr,
        urlencode=urlencode,
    )
    return env
