from django import forms
from django.utils.translation import gettext_lazy as _

from returns.models import ReturnResolution


class ReturnStartForm(forms.Form):
    """Per line: how many units and why; for the whole return: what the customer wants instead."""

    resolution = forms.ChoiceField(label=_("Was möchtest du stattdessen?"), widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("Möchtest du uns noch etwas sagen?"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, eligible, reasons, exchanges_offered: bool, variants=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.eligible = eligible
        choices = [
            (ReturnResolution.REFUND, _("Geld zurück")),
            (ReturnResolution.STORE_CREDIT, _("Gutschrift")),
        ]
        if exchanges_offered:
            choices.insert(1, (ReturnResolution.EXCHANGE, _("Umtausch (andere Größe oder Farbe)")))
        self.fields["resolution"].choices = choices
        self.fields["resolution"].initial = ReturnResolution.REFUND
        reason_choices = [("", _("Bitte wählen"))] + [(str(reason.pk), reason.label) for reason in reasons]
        for item in eligible:
            line = item.line
            self.fields[f"quantity_{line.pk}"] = forms.TypedChoiceField(
                label=_("Menge"),
                choices=[(str(n), str(n)) for n in range(0, max(item.quantity_open, 0) + 1)],
                coerce=int,
                initial="0",
                required=False,
            )
            self.fields[f"reason_{line.pk}"] = forms.ChoiceField(
                label=_("Grund"), choices=reason_choices, required=False
            )
            self.fields[f"comment_{line.pk}"] = forms.CharField(
                label=_("Was ist los?"), required=False, max_length=1000
            )
            others = (variants or {}).get(line.product_id, [])
            if exchanges_offered and others:
                self.fields[f"exchange_{line.pk}"] = forms.ChoiceField(
                    label=_("Beim Umtausch stattdessen"),
                    choices=[("", _("Bitte wählen"))]
                    + [(str(product.pk), product.variant_label or product.name) for product in others],
                    required=False,
                )

    def line_fields(self):
        """(eligibility, quantity, reason, comment, exchange variant or None) for the template."""
        return [
            (
                item,
                self[f"quantity_{item.line.pk}"],
                self[f"reason_{item.line.pk}"],
                self[f"comment_{item.line.pk}"],
                self[f"exchange_{item.line.pk}"] if f"exchange_{item.line.pk}" in self.fields else None,
            )
            for item in self.eligible
        ]


class WithdrawalForm(forms.Form):
    statement = forms.CharField(
        label=_("Deine Erklärung"),
        widget=forms.Textarea(attrs={"rows": 4}),
        initial=_(
            "Hiermit widerrufe ich den von mir abgeschlossenen Vertrag über den Kauf der folgenden Waren."
        ),
    )
