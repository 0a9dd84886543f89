from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class StatusChange(models.Model):
    """One row per status change: who, when, from, to and why. Concrete models add the subject FK
    with ``related_name="status_changes"`` so that :func:`core.statuses.status_transition` can write it."""

    from_status = models.CharField(_("von"), max_length=32, blank=True)
    to_status = models.CharField(_("nach"), max_length=32)
    changed_at = models.DateTimeField(_("geändert am"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("durch"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(
        _("Quelle"), max_length=64, blank=True, help_text=_("z. B. system, carrier")
    )
    reason = models.CharField(_("Grund"), max_length=255, blank=True)

    class Meta:
        abstract = True
        ordering = ["changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or '–'} → {self.to_status}"
