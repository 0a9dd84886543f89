from datetime import timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from notifications.models import Message
from returns.models import ReturnPhoto, WithdrawalDeclaration
from returns.services import (
    RETURN_PHOTO_MAX_BYTES,
    ReturnLineRequest,
    ReturnNotPossible,
    return_photo_add,
    return_request_create,
    return_request_exchange,
    return_request_transition,
    withdrawal_declare,
)
from tests.factories import ProductFactory, ReturnLineFactory
from tests.returns.conftest import delivered_line

pytestmark = pytest.mark.django_db


def picture(image_format="JPEG", size=(40, 30)):
    buffer = BytesIO()
    Image.new("RGB", size, "teal").save(buffer, format=image_format)
    return SimpleUploadedFile(f"foto.{image_format.lower()}", buffer.getvalue(), content_type="image/jpeg")


def test_a_real_photo_is_kept(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    line = ReturnLineFactory()
    photo = return_photo_add(return_line=line, upload=picture())
    assert photo.image.name.endswith(".jpg") and (tmp_path / photo.image.name).exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("foto.jpg", b"%PDF-1.4 not a picture", content_type="image/jpeg"), "kein Foto"),
        (picture("GIF"), "JPEG, PNG oder WebP"),
    ],
)
def test_a_wrong_file_type_is_refused_and_nothing_is_stored(upload, message):
    with pytest.raises(ReturnNotPossible, match=message):
        return_photo_add(return_line=ReturnLineFactory(), upload=upload)
    assert not ReturnPhoto.objects.exists()


def test_an_oversize_photo_is_refused():
    upload = picture()
    upload.size = RETURN_PHOTO_MAX_BYTES + 1
    with pytest.raises(ReturnNotPossible, match="zu groß"):
        return_photo_add(return_line=ReturnLineFactory(), upload=upload)
    assert not ReturnPhoto.objects.exists()


def test_a_withdrawal_is_recorded_and_its_receipt_confirmed(policy):
    line = delivered_line(delivered_at=timezone.now() - timedelta(days=2))
    declaration = withdrawal_declare(
        order=line.order, statement="Hiermit widerrufe ich den Vertrag.", order_line_ids=[line.pk]
    )
    assert WithdrawalDeclaration.objects.get() == declaration
    message = Message.objects.get(template_key="withdrawal_received")
    assert message.payload["withdrawal"]["statement"] == "Hiermit widerrufe ich den Vertrag."
    assert message.payload["withdrawal"]["lines"] == [{"id": line.pk, "name": line.product_name}]
    with pytest.raises(ReturnNotPossible):
        withdrawal_declare(order=line.order, statement="  ")


def test_an_exchange_sends_another_variant_of_the_same_product_free(policy, reason):
    size_m = ProductFactory(family="jacke-sylt", variant_label="Größe M", name="Regenjacke Sylt M")
    size_l = ProductFactory(family="jacke-sylt", variant_label="Größe L", name="Regenjacke Sylt L")
    other = ProductFactory(family="zelt-skagen")
    line = delivered_line(delivered_at=timezone.now() - timedelta(days=2), quantity=1, product=size_m)
    return_request = return_request_create(
        order=line.order,
        lines=[ReturnLineRequest(order_line_id=line.pk, quantity=1, reason=reason, exchange_for=size_l)],
        resolution="exchange",
    )
    for status in ("approved", "label_issued", "in_transit", "received"):
        return_request = return_request_transition(return_request=return_request, to_status=status)
    with pytest.raises(ReturnNotPossible, match="desselben Produkts"):
        return_request_exchange(return_request=return_request, replacements={line.pk: other})
    replacement = return_request_exchange(return_request=return_request)  # the variant the customer chose
    return_request.refresh_from_db()
    assert return_request.status == "exchanged" and return_request.replacement_order == replacement
    new_line = replacement.lines.get()
    assert (new_line.product, new_line.quantity, new_line.unit_price) == (size_l, 1, Decimal("0"))
    assert replacement.grand_total == Decimal("0")
    assert replacement.shipping_city == line.order.shipping_city
