"""The template language shop owners write in: Django's syntax, with only safe tags and filters.

No ``include``, ``extends``, ``load``, ``debug``, ``autoescape`` or ``safe``: a template can neither read a
file, nor load code, nor dump its context, nor switch escaping off. Loops are bounded in iterations and time,
output in size. Templates only ever see the plain dict payload stored with the message; Django already refuses
attributes that start with an underscore (``{{ order.__class__ }}``).
"""

import time
from functools import lru_cache

from django.template import Context, Engine, Library, Node, TemplateSyntaxError, defaultfilters, defaulttags

register = Library()

ALLOWED_TAGS = (
    "if",
    "with",
    "firstof",
    "comment",
    "cycle",
    "resetcycle",
    "ifchanged",
    "spaceless",
    "verbatim",
)
ALLOWED_FILTERS = (
    "add",
    "capfirst",
    "center",
    "cut",
    "default",
    "default_if_none",
    "divisibleby",
    "escape",
    "first",
    "floatformat",
    "join",
    "last",
    "length",
    "linebreaks",
    "linebreaksbr",
    "ljust",
    "lower",
    "pluralize",
    "rjust",
    "slice",
    "title",
    "truncatechars",
    "truncatewords",
    "upper",
    "urlencode",
    "wordcount",
    "yesno",
)
MAX_LOOP_ITERATIONS = 5_000
MAX_RENDER_SECONDS = 2.0
MAX_OUTPUT_CHARS = 512_000
MAX_PAD_WIDTH = 200  # ljust/rjust/center would otherwise make any size of output from a short string

for _name in ALLOWED_TAGS:
    register.tag(_name, defaulttags.register.tags[_name])
for _name in ALLOWED_FILTERS:
    register.filter(_name, defaultfilters.register.filters[_name])


class RenderLimitExceeded(Exception):
    """A template ran too long, looped too often or produced too much output."""


class RenderBudget:
    def __init__(self) -> None:
        self.iterations = 0
        self.deadline = time.monotonic() + MAX_RENDER_SECONDS

    def tick(self) -> None:
        self.iterations += 1
        if self.iterations > MAX_LOOP_ITERATIONS:
            raise RenderLimitExceeded(f"more than {MAX_LOOP_ITERATIONS} loop iterations")
        if time.monotonic() > self.deadline:
            raise RenderLimitExceeded(f"rendering took longer than {MAX_RENDER_SECONDS} s")


class LoopBudgetNode(Node):
    """Put first into every loop body: counts the iteration against the render's budget."""

    def render(self, context):
        context.render_budget.tick()
        return ""


@register.tag("for")
def bounded_for(parser, token):
    node = defaulttags.do_for(parser, token)
    node.nodelist_loop.insert(0, LoopBudgetNode())
    return node


def _bounded_padding(name):
    original = defaultfilters.register.filters[name]

    def pad(value, width):
        try:
            width = int(width)
        except (TypeError, ValueError):
            return value
        return original(value, min(width, MAX_PAD_WIDTH))

    return pad


for _name in ("ljust", "rjust", "center"):
    register.filter(_name, _bounded_padding(_name), is_safe=False)


class SandboxEngine(Engine):
    default_builtins: list[str] = []


def _engine(string_if_invalid: str = "") -> SandboxEngine:
    return SandboxEngine(
        dirs=[],
        app_dirs=False,
        libraries={},
        builtins=["notifications.sandbox"],
        autoescape=True,
        debug=False,
        string_if_invalid=string_if_invalid,
    )


ENGINE = _engine()
# Renders a variable the payload lacks as a marker naming it, so that validation can list unknown variables.
UNKNOWN_VARIABLE_MARKER = "\x00UNKNOWN:%s\x00"
VALIDATION_ENGINE = _engine(string_if_invalid=UNKNOWN_VARIABLE_MARKER)


@lru_cache(maxsize=512)
def compile_template(source: str, *, engine: SandboxEngine = ENGINE):
    """Compile shop-owner template source (cached: a worker renders the same few templates thousands of
    times); raises ``TemplateSyntaxError`` with a readable message."""
    return engine.from_string(source)


def render_template(
    source: str, payload: dict, *, autoescape: bool = True, engine: SandboxEngine = ENGINE
) -> str:
    context = Context(payload, autoescape=autoescape)
    context.render_budget = RenderBudget()
    output = compile_template(source, engine=engine).render(context)
    if len(output) > MAX_OUTPUT_CHARS:
        raise RenderLimitExceeded(f"output longer than {MAX_OUTPUT_CHARS} characters")
    return output


__all__ = ["RenderLimitExceeded", "TemplateSyntaxError", "compile_template", "render_template"]
