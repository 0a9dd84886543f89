from django.db import migrations


def add_rules(apps, schema_editor):
    ConfirmationRule = apps.get_model("notifications", "ConfirmationRule")
    if not ConfirmationRule.objects.exists():
        ConfirmationRule.objects.create(position=10, condition="first_order", variant="order_confirmation_welcome")
        ConfirmationRule.objects.create(position=20, condition="always", variant="order_confirmation_reassuring")


class Migration(migrations.Migration):
    dependencies = [("notifications", "0006_confirmation_rules")]
    operations = [migrations.RunPython(add_rules, migrations.RunPython.noop)]
