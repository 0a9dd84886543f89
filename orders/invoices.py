"""The invoice as a PDF (reportlab), with the fields a German invoice needs (§ 14 UStG): seller's name,
address and VAT id, the customer's address, invoice number and date, delivery date, lines with quantity
and price, and net, VAT and gross per VAT rate.

Prices are gross. Shipping costs and discounts carry the VAT rate of the largest share of the goods
(a simplification of the "Nebenleistung folgt Hauptleistung" rule, written down in docs/architecture.md).
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from io import BytesIO

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from core.formatting import date_format, money_format
from orders.models import Order

CENT = Decimal("0.01")


def invoice_number(*, order: Order) -> str:
    """One invoice per order, numbered after it: unique and found again by support from the order."""
    return f"RE-{order.number}"


@dataclass(frozen=True)
class VatRow:
    rate: Decimal
    gross: Decimal
    net: Decimal
    vat: Decimal


def vat_breakdown(*, order: Order) -> list[VatRow]:
    """Net, VAT and gross per VAT rate, from gross line prices (lines fetched already)."""
    gross_by_rate: dict[Decimal, Decimal] = defaultdict(Decimal)
    for line in order.lines.all():
        gross_by_rate[line.vat_rate] += line.total
    if gross_by_rate:
        main_rate = max(gross_by_rate, key=lambda rate: gross_by_rate[rate])
    else:
        main_rate = Decimal("19.00")
    gross_by_rate[main_rate] += order.shipping_total - order.discount_total
    rows = []
    for rate, gross in sorted(gross_by_rate.items()):
        net = (gross * 100 / (100 + rate)).quantize(CENT, rounding=ROUND_HALF_UP)
        rows.append(VatRow(rate=rate, gross=gross, net=net, vat=gross - net))
    return rows


def invoice_pdf(*, order: Order, language: str) -> bytes:
    with translation.override(language):
        return _render(order=order, language=language)


def _render(*, order: Order, language: str) -> bytes:
    def money(amount: Decimal) -> str:
        return money_format(amount, order.currency, language)

    def rate_text(rate: Decimal) -> str:
        text = f"{rate.normalize():f}"
        return (text.replace(".", ",") if language == "de" else text) + " %"

    styles = getSampleStyleSheet()
    normal, small = styles["Normal"], styles["BodySmall"] if "BodySmall" in styles else styles["Normal"]
    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=f"{_('Rechnung')} {invoice_number(order=order)}",
        author=settings.SHOP_LEGAL_NAME,
    )
    seller = "<br/>".join([f"<b>{settings.SHOP_LEGAL_NAME}</b>", *settings.SHOP_ADDRESS])
    billing = [
        f"{order.billing_first_name} {order.billing_last_name}",
        order.billing_company,
        order.billing_street,
        order.billing_extra,
        f"{order.billing_postcode} {order.billing_city}",
    ]
    facts = [
        [_("Rechnungsnummer"), invoice_number(order=order)],
        [_("Rechnungsdatum"), date_format(timezone.localdate(order.placed_at), language)],
        [_("Bestellnummer"), order.number],
        [_("Bestelldatum"), date_format(order.placed_at, language)],
        [
            _("Zahlungsart"),
            " ".join(p for p in (order.get_payment_method_type_display(), order.payment_method_detail) if p),
        ],
    ]
    story = [
        Table(
            [
                [
                    Paragraph(seller, normal),
                    Paragraph("<br/>".join(part for part in billing if part.strip()), normal),
                ]
            ],
            colWidths=[85 * mm, 85 * mm],
        ),
        Spacer(1, 8 * mm),
        Paragraph(f"<b>{_('Rechnung')}</b>", styles["Title"]),
        Table(facts, colWidths=[45 * mm, 125 * mm], hAlign="LEFT"),
        Spacer(1, 6 * mm),
    ]
    rows = [[_("Pos."), _("Artikel"), _("Menge"), _("Einzelpreis"), _("MwSt."), _("Gesamt")]]
    for index, line in enumerate(order.lines.all(), start=1):
        rows.append(
            [
                str(index),
                Paragraph(f"{line.product_name}<br/><font size=8>{line.product_sku}</font>", normal),
                str(line.quantity),
                money(line.unit_price),
                rate_text(line.vat_rate),
                money(line.total),
            ]
        )
    rows.append(["", _("Versandkosten"), "", "", "", money(order.shipping_total)])
    if order.discount_total:
        rows.append(["", _("Rabatt"), "", "", "", money(-order.discount_total)])
    lines_table = Table(rows, colWidths=[12 * mm, 70 * mm, 16 * mm, 26 * mm, 18 * mm, 28 * mm], repeatRows=1)
    lines_table.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.lightgrey),
                ("ALIGN", (2, 0), (-1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    story += [lines_table, Spacer(1, 6 * mm)]
    vat_rows = [[_("MwSt.-Satz"), _("Netto"), _("MwSt."), _("Brutto")]]
    for row in vat_breakdown(order=order):
        vat_rows.append([rate_text(row.rate), money(row.net), money(row.vat), money(row.gross)])
    vat_rows.append([_("Gesamtbetrag"), "", "", money(order.grand_total)])
    vat_table = Table(vat_rows, colWidths=[40 * mm, 40 * mm, 40 * mm, 50 * mm], hAlign="RIGHT")
    vat_table.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                ("LINEABOVE", (0, -1), (-1, -1), 0.8, colors.black),
                ("FONTNAME", (0, -1), (-1, -1), "Helvetica-Bold"),
                ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
            ]
        )
    )
    story += [
        vat_table,
        Spacer(1, 6 * mm),
        Paragraph(
            _("Die Ware wurde zu den in der Bestellung genannten Daten geliefert. Alle Preise inkl. MwSt."),
            small,
        ),
        Spacer(1, 10 * mm),
        Paragraph(
            " · ".join(
                [
                    settings.SHOP_LEGAL_NAME,
                    *settings.SHOP_ADDRESS,
                    _("USt-IdNr. %(vat_id)s") % {"vat_id": settings.SHOP_VAT_ID},
                    settings.SHOP_REGISTER,
                ]
            ),
            small,
        ),
    ]
    document.build(story)
    return buffer.getvalue()
