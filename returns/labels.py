"""The return label: a PDF with the return address, the sender, the return number and a QR code that the
returns desk scans on arrival."""

from io import BytesIO

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from returns.models import ReturnRequest
from returns.policy import policy_get


def return_label_pdf(*, return_request: ReturnRequest) -> bytes:
    order = return_request.order
    buffer = BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=0)  # a few KB either way; readable by tools
    pdf.setTitle(f"Rücksendeetikett {return_request.number}")
    width, height = A4
    left, top = 20 * mm, height - 20 * mm

    pdf.setDash(4, 4)
    pdf.rect(left - 5 * mm, top - 120 * mm, width - 30 * mm, 125 * mm)  # cut here
    pdf.setDash()
    pdf.setFont("Helvetica-Bold", 16)
    pdf.drawString(left, top - 5 * mm, "Rücksendung / Return")
    pdf.setFont("Helvetica", 9)
    pdf.drawString(left, top - 11 * mm, "Absender / From:")
    sender = [
        f"{order.shipping_first_name} {order.shipping_last_name}",
        order.shipping_street,
        f"{order.shipping_postcode} {order.shipping_city}",
    ]
    for index, text in enumerate(sender):
        pdf.drawString(left, top - (16 + 4.5 * index) * mm, text)

    pdf.setFont("Helvetica", 9)
    pdf.drawString(left, top - 38 * mm, "Empfänger / To:")
    pdf.setFont("Helvetica-Bold", 14)
    for index, text in enumerate(policy_get().return_address.splitlines()):
        pdf.drawString(left, top - (45 + 6.5 * index) * mm, text)

    pdf.setFont("Helvetica-Bold", 20)
    pdf.drawString(left, top - 82 * mm, return_request.number)
    pdf.setFont("Helvetica", 10)
    pdf.drawString(left, top - 89 * mm, f"Bestellung / Order {order.number}")

    qr = QrCodeWidget(f"RETURN:{return_request.number};ORDER:{order.number}")
    x0, y0, x1, y1 = qr.getBounds()
    size = 45 * mm
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(qr)
    renderPDF.draw(drawing, pdf, width - 20 * mm - size - 10 * mm, top - 100 * mm)

    pdf.setFont("Helvetica", 10)
    instructions = [
        "1. Artikel sicher verpacken, Rechnung nicht nötig.",
        "2. Dieses Etikett ausschneiden und gut sichtbar auf das Paket kleben.",
        "3. Paket in einer Filiale oder Packstation abgeben und den Beleg aufheben.",
    ]
    for index, text in enumerate(instructions):
        pdf.drawString(left, top - (135 + 6 * index) * mm, text)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
