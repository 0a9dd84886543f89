"""Building blocks shared by the support admin of every app.

Nothing here is registered; the apps' ``admin.py`` modules import what they need.
"""

from django.contrib import admin
from django.db.models import Choices, Count, IntegerField, Model, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _


def admin_change_url(obj: Model) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def admin_link(obj: Model | None, label: object = None) -> str:
    """A link to ``obj``'s admin page, or an empty string when there is no object."""
    if obj is None:
        return ""
    return format_html('<a href="{}">{}</a>', admin_change_url(obj), obj if label is None else label)


def money(amount, currency: str) -> str:
    """``54,70 EUR`` in German, ``54.70 EUR`` in English."""
    if amount is None:
        return ""
    return f"{formats.number_format(amount, 2)} {currency}"


def local_datetime(value) -> str:
    """A timestamp in the shop's time zone and the active language's format, for HTML tables."""
    if value is None:
        return "–"
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


def search_variants(search_term: str) -> list[str]:
    """The spellings of a pasted identifier worth an exact, indexed lookup.

    Staff paste a whole order number, email address or tracking number; the column values are
    upper-case numbers, lower-case email addresses and digit strings that carriers print in
    groups. Exact matches on these variants use the columns' indexes where ``icontains`` would
    scan every row.
    """
    term = search_term.strip()
    if not term:
        return []
    variants = {term, term.lower(), term.upper(), "".join(term.split()).upper()}
    return sorted(variants)


def count_subquery(model: type[Model], fk_name: str):
    """The number of ``model`` rows pointing at the outer row, as a correlated subquery.

    Unlike ``Count()`` over a join this needs no GROUP BY on the outer table, so a paginated
    changelist computes it for the rows on the page only.
    """
    counted = (
        model._default_manager.filter(**{fk_name: OuterRef("pk")})
        .order_by()
        .values(fk_name)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


class ReadOnlyInlineMixin:
    """An inline that shows rows but never adds, changes or deletes them (history, logs, snapshots).

    The permission methods are what Django checks when it saves the formset, so a crafted POST cannot
    change these rows either.
    """

    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class StatusHistoryInline(ReadOnlyInlineMixin, admin.TabularInline):
    """The status history of an order, shipment, return or message (a ``core.models.StatusChange``).

    ``status_choices`` is the subject's status ``TextChoices``, so that staff read "Versandt"
    rather than "shipped"; a code the choices no longer know is shown as it is.
    """

    status_choices: type[Choices] | None = None
    fields = ("changed_at", "from_status_label", "to_status_label", "actor", "actor_label", "reason")
    readonly_fields = fields
    verbose_name_plural = _("Statusverlauf")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")

    def _label(self, code: str) -> str:
        if not code:
            return "–"
        labels = dict(self.status_choices.choices) if self.status_choices else {}
        return labels.get(code, code)

    @admin.display(description=_("von"))
    def from_status_label(self, obj) -> str:
        return self._label(obj.from_status)

    @admin.display(description=_("nach"))
    def to_status_label(self, obj) -> str:
        return self._label(obj.to_status)


def table_with_more_link(*, headers, rows, more_url: str, more_text: str) -> str:
    """A small table (header texts and rows of cells, escaped) with a link to the full list below it."""
    head = format_html_join("", "<th>{}</th>", ((header,) for header in headers))
    body = format_html_join("", "<tr>" + "<td>{}</td>" * len(headers) + "</tr>", rows)
    return format_html(
        '<table><thead><tr>{}</tr></thead><tbody>{}</tbody></table><p><a href="{}">{}</a></p>',
        head,
        body,
        more_url,
        more_text,
    )
