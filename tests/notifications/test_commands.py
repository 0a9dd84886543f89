from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from notifications.models import MessageTemplate
from tests.factories import OrderLineFactory

pytestmark = pytest.mark.django_db


def test_preview_prints_subject_and_text_for_a_real_order(tmp_path):
    line = OrderLineFactory(order__customer__first_name="Mia", product_name="Isomatte Nordkap")
    out = StringIO()
    html_file = tmp_path / "preview.html"
    call_command(
        "preview_message",
        "order_confirmation",
        "--order",
        line.order.number,
        "--html",
        str(html_file),
        stdout=out,
    )
    printed = out.getvalue()
    assert printed.startswith(f"Subject: Danke für deine Bestellung {line.order.number}\n\nHallo Mia,")
    assert "Isomatte Nordkap" in printed
    assert "Isomatte Nordkap" in html_file.read_text()


def test_preview_in_english():
    line = OrderLineFactory()
    out = StringIO()
    call_command(
        "preview_message", "order_confirmation", "--order", line.order.number, "--language", "en", stdout=out
    )
    assert out.getvalue().startswith(f"Subject: Thank you for your order {line.order.number}")


def test_an_unknown_key_or_order_is_a_clear_error():
    line = OrderLineFactory()
    with pytest.raises(CommandError, match="unknown template 'gibtsnicht'; known: .*order_confirmation"):
        call_command("preview_message", "gibtsnicht", "--order", line.order.number)
    with pytest.raises(CommandError, match="no order with number 'NH-0'"):
        call_command("preview_message", "order_confirmation", "--order", "NH-0")


def test_an_unknown_key_exits_non_zero_from_the_command_line():
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "manage.py", "preview_message", "gibtsnicht", "--order", "1"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "unknown template 'gibtsnicht'" in result.stderr


def test_list_templates_shows_key_event_channels_languages_and_kind():
    MessageTemplate.objects.create(key="order_confirmation", language="de", subject="s", body_text="t")
    out = StringIO()
    call_command("list_templates", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].split() == ["KEY", "EVENT", "CHANNELS", "LANGUAGES", "KIND"]
    row = next(line for line in lines if line.startswith("order_confirmation"))
    assert row.split() == [
        "order_confirmation",
        "order_placed",
        "email,sms,whatsapp",
        "de*,en",
        "transactional",
    ]
