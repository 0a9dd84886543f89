from django.conf import settings
from django.db import migrations


def add_policy(apps, schema_editor):
    ReturnPolicy = apps.get_model("returns", "ReturnPolicy")
    if not ReturnPolicy.objects.exists():
        ReturnPolicy.objects.create(window_days=getattr(settings, "RETURN_WINDOW_DAYS_DEFAULT", 30))


class Migration(migrations.Migration):
    dependencies = [("returns", "0003_policy_photos_refund")]
    operations = [migrations.RunPython(add_policy, migrations.RunPython.noop)]
