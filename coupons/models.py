from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from orders.models import Order


class Coupon(models.Model):
    """A unique code for a customer's next purchase; the shop's checkout redeems it (later: the API)."""

    code = models.CharField(_("Code"), max_length=32, unique=True)
    percent_off = models.PositiveSmallIntegerField(_("Rabatt (%)"))
    issued_for = models.ForeignKey(
        Order,
        verbose_name=_("ausgegeben zu"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    email = models.EmailField(_("für E-Mail-Adresse"), db_index=True)
    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("Kunde"), null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("ausgegeben am"), auto_now_add=True)
    valid_until = models.DateField(_("gültig bis"))
    redeemed_at = models.DateTimeField(_("eingelöst am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Gutschein")
        verbose_name_plural = _("Gutscheine")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent_off__gte=1) & Q(percent_off__lte=100), name="coupons_percent_1_100"
            ),
            # One thank-you coupon per order, also when the confirmation is queued twice at once.
            models.UniqueConstraint(fields=["issued_for"], name="coupons_one_per_order"),
        ]

    def __str__(self) -> str:
        return self.code
