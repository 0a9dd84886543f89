import csv
from pathlib import Path

from django.db import migrations

# The table is data: review it in tracking/data/carrier_event_codes.csv (and in the admin afterwards).
CODES_CSV = Path(__file__).resolve().parent.parent / "data" / "carrier_event_codes.csv"


def add_event_codes(apps, schema_editor):
    Carrier = apps.get_model("tracking", "Carrier")
    CarrierEventCode = apps.get_model("tracking", "CarrierEventCode")
    carriers = {carrier.code: carrier for carrier in Carrier.objects.all()}
    with open(CODES_CSV, newline="", encoding="utf-8") as file:
        for row in csv.DictReader(file):
            carrier = carriers.get(row["carrier"])
            if carrier is None:
                continue
            CarrierEventCode.objects.update_or_create(
                carrier=carrier,
                code=row["code"],
                defaults={
                    "status": row["status"],
                    "is_delay": row["is_delay"] == "1",
                    "delay_reason": row["delay_reason"],
                    "description": row["description"][:300],
                    "needs_review": False,
                },
            )


class Migration(migrations.Migration):
    dependencies = [("tracking", "0003_shipment_events_ingest")]
    operations = [migrations.RunPython(add_event_codes, migrations.RunPython.noop)]
