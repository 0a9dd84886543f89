"""import_orders: a file with good and bad records imports the good ones, reports the bad ones with their line
numbers, and a second run imports nothing twice."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from orders.models import Order

pytestmark = pytest.mark.django_db

CSV = """number,email,first_name,last_name,street,postcode,city,sku,name,unit_price,quantity
IMP-1,ida@example.com,Ida,Kurz,Weg 1,20095,Hamburg,NH-1,Thermobecher,24.90,2
IMP-1,ida@example.com,Ida,Kurz,Weg 1,20095,Hamburg,NH-2,Teebecher,9.90,1
IMP-2,not-an-email,Bo,Lang,Weg 2,20095,Hamburg,NH-1,Thermobecher,24.90,1
IMP-3,bo@example.com,Bo,Lang,Weg 2,20095,Hamburg,NH-1,Thermobecher,24.90,0
IMP-4,eva@example.com,Eva,Rot,Weg 3,50667,Köln,NH-3,Decke,59.00,1
"""


def run(path):
    out, err = StringIO(), StringIO()
    try:
        call_command("import_orders", str(path), stdout=out, stderr=err)
        code = 0
    except SystemExit as exit:
        code = exit.code
    return code, out.getvalue(), err.getvalue()


def test_a_csv_with_good_and_bad_records(tmp_path):
    path = tmp_path / "orders.csv"
    path.write_text(CSV, encoding="utf-8")
    code, out, err = run(path)
    assert code == 1
    assert "2 imported, 0 already there, 2 invalid (of 4 records)" in out
    assert "line 4: email:" in err
    assert "line 5: lines.0.quantity:" in err
    assert sorted(Order.objects.values_list("number", flat=True)) == ["IMP-1", "IMP-4"]
    assert Order.objects.get(number="IMP-1").lines.count() == 2

    code, out, _err = run(path)  # again: nothing twice
    assert "0 imported, 2 already there, 2 invalid" in out
    assert Order.objects.count() == 2


def test_json_lines_in_the_api_format(tmp_path):
    good = {
        "number": "J-1",
        "email": "kim@example.com",
        "shipping_address": {
            "first_name": "Kim",
            "last_name": "Berg",
            "street": "A 1",
            "postcode": "1",
            "city": "B",
        },
        "lines": [{"sku": "S", "name": "N", "unit_price": "1.00", "quantity": 1}],
    }
    path = tmp_path / "orders.jsonl"
    path.write_text(json.dumps(good) + "\n{not json\n", encoding="utf-8")
    code, out, err = run(path)
    assert code == 1 and "1 imported" in out and "line 2: not JSON" in err
    assert Order.objects.get().number == "J-1"


def test_orders_known_by_the_shops_id_arrive_once_in_their_customers_account(tmp_path):
    from tests.factories import UserFactory

    kim = UserFactory(email="kim@example.com", external_id="K-1")
    record = {
        "external_id": "woo-881",  # no number: we give it one, and the shop's id keeps it from repeating
        "customer": "K-1",
        "email": "kim@example.com",
        "shipping_address": {
            "first_name": "Kim",
            "last_name": "Berg",
            "street": "A 1",
            "postcode": "1",
            "city": "B",
        },
        "lines": [{"sku": "S", "name": "N", "unit_price": "1.00", "quantity": 1}],
    }
    stranger = {**record, "external_id": "woo-882", "customer": "K-404"}
    path = tmp_path / "orders.jsonl"
    path.write_text(json.dumps(record) + "\n" + json.dumps(stranger) + "\n", encoding="utf-8")
    code, out, err = run(path)
    assert code == 1 and "1 imported" in out and "line 2: No customer has the external id K-404" in err
    assert run(path)[1].startswith("0 imported, 1 already there")
    order = Order.objects.get()
    assert (order.external_id, order.customer) == ("woo-881", kim)
