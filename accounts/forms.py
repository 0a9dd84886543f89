from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts import throttling
from accounts.models import Language, User
from notifications.services import password_reset_queue
from orders.models import OrderStatus


class LoginForm(AuthenticationForm):
    """Email and password, with the failure counter per (email, client address)."""

    username = forms.EmailField(
        label=_("E-Mail-Adresse"), widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True})
    )
    error_messages = {
        "invalid_login": _("E-Mail-Adresse oder Passwort stimmen nicht. Bitte versuche es noch einmal."),
        "inactive": _("Dieses Konto ist deaktiviert."),
        "locked": _(
            "Zu viele Fehlversuche. Aus Sicherheitsgründen ist die Anmeldung für diese E-Mail-Adresse von "
            "hier aus für %(minutes)d Minuten gesperrt. Du kannst dein Passwort zurücksetzen oder es später "
            "noch einmal versuchen."
        ),
    }

    def clean(self):
        email = self.cleaned_data.get("username") or ""
        address = throttling.client_address(self.request)
        if email and throttling.login_locked(email=email, address=address):
            raise forms.ValidationError(
                self.error_messages["locked"],
                code="locked",
                params={"minutes": settings.LOGIN_LOCKOUT_SECONDS // 60},
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            if email:
                throttling.login_failure_record(email=email, address=address)
            raise
        throttling.login_failures_clear(email=email, address=address)
        return cleaned


class OutboxPasswordResetForm(PasswordResetForm):
    """Django's reset form, but the email goes through the outbox (a Message row, sent after commit)."""

    email = forms.EmailField(
        label=_("E-Mail-Adresse"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        user = context["user"]
        path = reverse("password_reset_confirm", kwargs={"uidb64": context["uid"], "token": context["token"]})
        password_reset_queue(user=user, url=f"{settings.SHOP_BASE_URL}{path}", token=context["token"])


class GuestLookupForm(forms.Form):
    number = forms.CharField(
        label=_("Bestellnummer"), max_length=32, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    email = forms.EmailField(
        label=_("E-Mail-Adresse"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "language"]
        widgets = {
            "first_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "last_name": forms.TextInput(attrs={"autocomplete": "family-name"}),
        }


class ActivationForm(forms.Form):
    """Choose a password for an address an order was placed with."""

    new_password1 = forms.CharField(
        label=_("Neues Passwort"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    new_password2 = forms.CharField(
        label=_("Neues Passwort bestätigen"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    language = forms.ChoiceField(label=_("Sprache"), choices=Language.choices)

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("new_password1"), cleaned.get("new_password2")
        if first and second and first != second:
            self.add_error("new_password2", _("Die beiden Passwörter stimmen nicht überein."))
        elif first:
            try:
                password_validation.validate_password(first, User(email=self.email))
            except forms.ValidationError as error:
                self.add_error("new_password1", error)
        return cleaned


class OrderFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Alle Bestellungen")), *OrderStatus.choices]
    )


class NotificationPreferencesForm(forms.Form):
    """Which marketing messages the customer wants, per channel. Switching one on starts a double opt-in;
    order, parcel and return messages always come by email."""

    email = forms.BooleanField(label=_("Neuigkeiten und Angebote per E-Mail"), required=False)
    sms = forms.BooleanField(label=_("Neuigkeiten und Angebote per SMS"), required=False)
    whatsapp = forms.BooleanField(label=_("Neuigkeiten und Angebote per WhatsApp"), required=False)
    phone = forms.CharField(
        label=_("Handynummer für SMS und WhatsApp"),
        required=False,
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )

    def clean_phone(self):
        phone = "".join(self.cleaned_data["phone"].split())
        if phone and not (phone.startswith("+") and phone[1:].isdigit() and 8 <= len(phone) <= 16):
            raise forms.ValidationError(_("Bitte gib die Nummer international an, z. B. +49 170 1234567."))
        return phone

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("sms") or cleaned.get("whatsapp")) and not cleaned.get("phone"):
            self.add_error("phone", _("Für SMS und WhatsApp brauchen wir deine Handynummer."))
        return cleaned
