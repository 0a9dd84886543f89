from django.db import models
from django.utils.translation import gettext_lazy as _


class DemoShop(models.Model):
    """Marks that the demo shop has been seeded, and with what.

    Written in the same transaction as the demo data, as its last row: if the row exists, the data is
    complete, and ``seed_demo`` reuses it instead of seeding again.
    """

    seed = models.BigIntegerField(_("Startwert"))
    customers = models.PositiveIntegerField(_("Kunden"))
    orders = models.PositiveIntegerField(_("Bestellungen"))
    today = models.DateField(_("Stichtag"), help_text=_("Alle Daten sind relativ zu diesem Tag erzeugt."))
    row_counts = models.JSONField(_("angelegte Zeilen"), default=dict, blank=True)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Demo-Shop")
        verbose_name_plural = _("Demo-Shop")

    def __str__(self) -> str:
        return f"seed={self.seed}, {self.orders} Bestellungen, Stichtag {self.today:%d.%m.%Y}"
