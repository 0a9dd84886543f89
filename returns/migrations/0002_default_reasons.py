from django.db import migrations

# code, German label, English label, requires_comment, requires_photo, is_defect
REASONS = [
    ("changed_mind", "Gefällt mir nicht mehr", "Changed my mind", False, False, False),
    ("too_big", "Zu groß", "Too big", False, False, False),
    ("too_small", "Zu klein", "Too small", False, False, False),
    ("not_as_described", "Anders als beschrieben", "Not as described", True, False, False),
    ("wrong_item", "Falscher Artikel geliefert", "Wrong item delivered", False, True, False),
    ("arrived_late", "Zu spät geliefert", "Arrived too late", False, False, False),
    ("defective", "Artikel ist defekt", "Item is defective", True, True, True),
    ("damaged_in_transit", "Beim Transport beschädigt", "Damaged in transit", False, True, True),
]


def add_reasons(apps, schema_editor):
    ReturnReason = apps.get_model("returns", "ReturnReason")
    for position, (code, label, label_en, comment, photo, defect) in enumerate(REASONS):
        ReturnReason.objects.update_or_create(
            code=code,
            defaults={
                "label": label,
                "label_en": label_en,
                "requires_comment": comment,
                "requires_photo": photo,
                "is_defect": defect,
                "position": position,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("returns", "0001_initial")]
    operations = [migrations.RunPython(add_reasons, migrations.RunPython.noop)]
