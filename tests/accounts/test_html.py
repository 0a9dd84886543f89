"""Every customer page is well-formed and accessible in the ways a parser can check: balanced tags, unique
ids, one main landmark and one h1, alt text on every picture, a label for every field."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.accounts.test_pages import all_pages

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Elements whose end tag HTML lets you leave out; the templates always close them, but the parser need not.
OPTIONAL_END = {"p", "li", "dt", "dd", "tr", "td", "th", "option"}


class PageCheck(HTMLParser):
    def __init__(self):
        super().__init__()
        self.open: list[str] = []
        self.problems: list[str] = []
        self.ids: list[str] = []
        self.label_for: set[str] = set()
        self.fields: list[tuple[str, dict]] = []
        self.counts = {"main": 0, "h1": 0}

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.append(attributes["id"])
        if tag in self.counts:
            self.counts[tag] += 1
        if tag == "img" and "alt" not in attributes:
            self.problems.append(f"<img src={attributes.get('src')}> without alt")
        if tag == "label" and attributes.get("for"):
            self.label_for.add(attributes["for"])
        if tag in ("input", "select", "textarea") and attributes.get("type") not in ("hidden", "submit"):
            self.fields.append((tag, attributes))
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        while self.open and self.open[-1] != tag and self.open[-1] in OPTIONAL_END:
            self.open.pop()
        if not self.open or self.open[-1] != tag:
            self.problems.append(f"</{tag}> closes <{self.open[-1] if self.open else 'nothing'}>")
        else:
            self.open.pop()

    def finish(self) -> list[str]:
        problems = list(self.problems)
        duplicates = {value for value in self.ids if self.ids.count(value) > 1}
        if duplicates:
            problems.append(f"duplicate ids: {sorted(duplicates)}")
        if self.counts != {"main": 1, "h1": 1}:
            problems.append(f"landmarks: {self.counts}")
        for tag, attributes in self.fields:
            if attributes.get("id") not in self.label_for and not attributes.get("aria-label"):
                problems.append(f"<{tag} name={attributes.get('name')}> without a label")
        if [tag for tag in self.open if tag not in OPTIONAL_END]:
            problems.append(f"left open: {self.open}")
        return problems


@pytest.mark.parametrize("page", ["home", "orders", "settings", "order", "shipping", "item", "shipment"])
def test_account_pages_are_well_formed_and_labelled(client, customer, order, page):
    client.force_login(customer)
    html = client.get(all_pages(order)[page]).content.decode()
    checker = PageCheck()
    checker.feed(html)
    assert html.startswith("<!doctype html>")
    assert checker.finish() == []


@pytest.mark.parametrize("name", ["login", "guest_lookup", "password_reset"])
def test_public_pages_are_well_formed_and_labelled(client, db, name):
    html = client.get(reverse(name)).content.decode()
    checker = PageCheck()
    checker.feed(html)
    assert checker.finish() == []
