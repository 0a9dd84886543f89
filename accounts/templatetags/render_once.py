"""``{% render_once %}``: markup that is the same for every request, rendered once per process.

The site's header and footer are mostly constant: labels in the active language, links to fixed URLs, the
shop's name and colours from the settings. Rendering them costs about as much as a whole signed-in request
that renders nothing (docs/performance.md), so they are rendered once for each combination of language, URL
prefix and the block's keys, and kept in the process::

    {% render_once signed_in=user.is_authenticated current=request.resolver_match.url_name %}
      <a href="{% url 'account_home' %}"{% if current == 'account_home' %} aria-current="page"{% endif %}>…
      <form action="{% url 'logout' %}" method="post">{% live %}{% csrf_token %}{% endlive %}…
    {% endrender_once %}

The block sees only its keys (like ``{% include … only %}``): a value that varies per request and is not a
key renders empty, it cannot be kept and shown to someone else by mistake. What does vary per request goes
into ``{% live %}`` holes, rendered every time with the full context (not inside an ``{% include %}``).
Settings are fixed while the process runs; a test that changes them empties the kept blocks.
"""

import re
from weakref import WeakSet

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.base import token_kwargs
from django.urls import get_script_prefix
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

_COLLECTING = "render_once.live_nodes"
_HOLE = re.compile("\x00live(\\d+)\x00")
_blocks: "WeakSet[RenderOnceNode]" = WeakSet()


class LiveNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        collected = context.render_context.get(_COLLECTING)
        if collected is None:  # not inside a block being kept: an ordinary block
            return self.nodelist.render(context)
        collected.append(self)
        return f"\x00live{len(collected) - 1}\x00"


class RenderOnceNode(template.Node):
    # Not searched for {% block %}s (which could not be overridden in a kept block anyway): {% extends %}
    # searches the parent's nodes on every render, and the header is most of base.html's.
    child_nodelists = ()

    def __init__(self, nodelist, keys):
        self.nodelist = nodelist
        self.keys = keys
        self.kept: dict[tuple, list] = {}  # key -> [text, LiveNode, text, …]
        _blocks.add(self)

    def render(self, context):
        values = {name: expression.resolve(context) for name, expression in self.keys.items()}
        key = (get_language(), get_script_prefix(), *values.items())
        parts = self.kept.get(key)
        if parts is None:
            parts = self.kept[key] = self._render_parts(context, values)
        return mark_safe(
            "".join(part if isinstance(part, str) else part.nodelist.render(context) for part in parts)
        )

    def _render_parts(self, context, values) -> list:
        isolated = context.new(values)
        collected: list[LiveNode] = []
        isolated.render_context.push({_COLLECTING: collected})  # its own level: the copy shares the others
        pieces = _HOLE.split(self.nodelist.render(isolated))
        # split() alternates text and the captured hole numbers: text, "0", text, "1", text …
        return [piece if index % 2 == 0 else collected[int(piece)] for index, piece in enumerate(pieces)]


@register.tag("render_once")
def do_render_once(parser, token):
    bits = token.split_contents()[1:]
    keys = token_kwargs(bits, parser, support_legacy=False)
    if bits:
        raise template.TemplateSyntaxError("render_once takes keyword arguments only: name=value …")
    nodelist = parser.parse(("endrender_once",))
    parser.delete_first_token()
    return RenderOnceNode(nodelist, keys)


@register.tag("live")
def do_live(parser, token):
    nodelist = parser.parse(("endlive",))
    parser.delete_first_token()
    return LiveNode(nodelist)


@receiver(setting_changed)
def _forget_kept_blocks(**kwargs):
    for block in list(_blocks):
        block.kept.clear()
