"""Shop owners' templates render in a sandbox: no secrets, no files, no code, no runaway loops."""

import pytest
from django.template import TemplateSyntaxError

from notifications.rendering import TemplateSource, source_render, template_validate
from notifications.sandbox import RenderLimitExceeded, render_template


def test_settings_are_not_reachable_from_a_template():
    assert (
        render_template("Schlüssel: {{ settings.SECRET_KEY }}.", {"order": {"number": "1"}}) == "Schlüssel: ."
    )


@pytest.mark.parametrize(
    ("source", "refused_because"),
    [
        ("{{ order.__class__ }}", "may not begin with underscores"),
        ('{% include "/etc/passwd" %}', "Invalid block tag on line 1: 'include'"),
        ('{% extends "/etc/passwd" %}', "Invalid block tag on line 1: 'extends'"),
        ("{% load static %}", "Invalid block tag on line 1: 'load'"),
        ("{% debug %}", "Invalid block tag on line 1: 'debug'"),
        ("{% autoescape off %}{{ name }}{% endautoescape %}", "'autoescape'"),
        ("{{ name|safe }}", "Invalid filter: 'safe'"),
    ],
)
def test_dangerous_tags_filters_and_attributes_are_refused(source, refused_because):
    with pytest.raises(TemplateSyntaxError, match=refused_because):
        render_template(source, {"name": "Lena", "order": {"number": "1"}})


def test_payload_values_are_escaped_in_html():
    html = render_template("<p>Hallo {{ name }}</p>", {"name": '<script>alert("x")</script>'})
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_a_runaway_loop_is_stopped():
    nested = "{% for a in l %}{% for b in l %}{% for c in l %}x{% endfor %}{% endfor %}{% endfor %}"
    with pytest.raises(RenderLimitExceeded, match="loop iterations"):
        render_template(nested, {"l": list(range(100))})


def test_padding_cannot_blow_up_the_output():
    assert len(render_template("{{ a|ljust:100000000 }}", {"a": "x"})) == 200


def test_a_subject_cannot_carry_a_line_break_into_the_headers():
    rendered = source_render(
        TemplateSource(subject="Bestellung {{ n }}", text="x", html=""),
        {"n": "1\r\nBcc: alle@example.com"},
    )
    assert "\n" not in rendered.subject and "\r" not in rendered.subject
    assert rendered.subject == "Bestellung 1 Bcc: alle@example.com"


def test_validation_names_syntax_errors_unknown_variables_and_a_missing_link():
    problems = template_validate(
        key="order_confirmation",
        subject="{% if customer.first_name %}Danke",
        text="Hallo {{ customer.vorname }}, {% for line in order.lines %}{{ line.farbe }}{% endfor %}",
        html="",
    )
    assert any(problem.startswith("Betreff:") for problem in problems)
    assert "Text: unbekannte Variable „customer.vorname“." in problems
    assert "Text: unbekannte Variable „line.farbe“." in problems
    assert "Text: der Link {{ order.url }} fehlt." in problems


def test_a_good_template_passes_validation():
    assert (
        template_validate(
            key="order_confirmation",
            subject="Danke, {{ customer.first_name }}!",
            text="Deine Bestellung {{ order.number }}: {{ order.url }}",
            html='<a href="{{ order.url }}">{{ order.number }}</a>',
        )
        == []
    )
