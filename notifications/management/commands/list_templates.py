from django.core.management.base import BaseCommand

from notifications.catalog import CATALOG
from notifications.models import MessageTemplate
from notifications.rendering import default_source


class Command(BaseCommand):
    help = "List the message templates: key, event, channels, languages and kind."

    def handle(self, *args, **options):
        edited = set(MessageTemplate.objects.filter(is_active=True).values_list("key", "language"))
        rows = [("KEY", "EVENT", "CHANNELS", "LANGUAGES", "KIND")]
        for key in sorted(CATALOG):
            spec = CATALOG[key]
            languages = []
            for language in spec.languages:
                if (key, language) in edited:
                    languages.append(f"{language}*")
                elif default_source(key=key, language=language) is not None:
                    languages.append(language)
            rows.append((key, spec.event, ",".join(spec.channels), ",".join(languages), spec.kind))
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        for row in rows:
            self.stdout.write(
                "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
            )
        if edited:
            self.stdout.write("* the shop's own version")
