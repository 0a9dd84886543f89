from django.db import migrations

CARRIERS = [
    ("dhl_paket", "DHL Paket", "https://www.dhl.de/de/privatkunden/pakete-empfangen/verfolgen.html?piececode={tracking_number}"),
    ("dhl_express", "DHL Express", "https://www.dhl.com/de-de/home/tracking/tracking-express.html?submit=1&tracking-id={tracking_number}"),
    ("deutsche_post", "Deutsche Post", "https://www.deutschepost.de/de/s/sendungsverfolgung.html?piececode={tracking_number}"),
    ("dpd", "DPD", "https://tracking.dpd.de/status/de_DE/parcel/{tracking_number}"),
    ("hermes", "Hermes", "https://www.myhermes.de/empfangen/sendungsverfolgung/sendungsinformation/#{tracking_number}"),
    ("gls", "GLS", "https://gls-group.com/DE/de/paketverfolgung?match={tracking_number}"),
    ("ups", "UPS", "https://www.ups.com/track?loc=de_DE&tracknum={tracking_number}"),
    ("fedex", "FedEx", "https://www.fedex.com/fedextrack/?trknbr={tracking_number}"),
    ("other", "Sonstiger Versanddienstleister", ""),
]


def add_carriers(apps, schema_editor):
    Carrier = apps.get_model("tracking", "Carrier")
    for code, name, template in CARRIERS:
        Carrier.objects.update_or_create(code=code, defaults={"name": name, "tracking_url_template": template})


class Migration(migrations.Migration):
    dependencies = [("tracking", "0001_initial")]
    operations = [migrations.RunPython(add_carriers, migrations.RunPython.noop)]
