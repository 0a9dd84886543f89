from django.core.management.base import BaseCommand, CommandError

from api.services import api_token_create


class Command(BaseCommand):
    help = "Create an API key for an integration and print it once (only its hash is stored)."

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("--scopes", default="read", help="comma-separated: read, write")

    def handle(self, *args, name: str, scopes: str, **options):
        try:
            token, key = api_token_create(
                name=name, scopes={s.strip() for s in scopes.split(",") if s.strip()}
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(key)
        self.stderr.write(f"Key for '{token.name}' with scopes {token.scopes}. It is shown only this once.")
