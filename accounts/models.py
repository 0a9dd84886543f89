from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Language(models.TextChoices):
    DE = "de", _("Deutsch")
    EN = "en", _("Englisch")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.email_lookup(username).get()

    def email_lookup(self, email: str):
        """Users with this address in any case, through the unique index on LOWER(email) (``iexact`` would
        compare UPPER(email) on PostgreSQL and scan the whole table)."""
        return self.alias(email_lower=Lower("email")).filter(email_lower=(email or "").strip().lower())


class User(AbstractBaseUser, PermissionsMixin):
    """A customer or a member of staff, identified by email address (stored lower-case)."""

    email = models.EmailField(_("E-Mail-Adresse"), unique=True)
    first_name = models.CharField(_("Vorname"), max_length=150, blank=True)
    last_name = models.CharField(_("Nachname"), max_length=150, blank=True)
    language = models.CharField(_("Sprache"), max_length=2, choices=Language.choices, default=Language.DE)
    phone = models.CharField(_("Telefon"), max_length=32, blank=True)
    external_id = models.CharField(
        _("Externe ID"), max_length=100, blank=True, help_text=_("Die Kundennummer im Shopsystem.")
    )
    is_staff = models.BooleanField(
        _("Mitarbeiter"), default=False, help_text=_("Darf sich im Kundenservice-Bereich (Admin) anmelden.")
    )
    is_active = models.BooleanField(_("aktiv"), default=True)
    date_joined = models.DateTimeField(_("registriert am"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("Kunde oder Mitarbeiter")
        verbose_name_plural = _("Kunden und Mitarbeiter")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
            models.UniqueConstraint(
                fields=["external_id"], condition=~Q(external_id=""), name="accounts_user_external_id_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() or self.email

    def get_short_name(self) -> str:
        return self.first_name or self.email
