import pytest

from returns.labels import return_label_pdf
from tests.factories import ReturnLineFactory


@pytest.mark.django_db
def test_the_label_is_a_pdf_with_the_return_number_and_both_addresses(policy):
    return_request = ReturnLineFactory(return_request__order__shipping_city="Lübeck").return_request
    pdf = return_label_pdf(return_request=return_request)
    assert pdf.startswith(b"%PDF-")
    text = pdf.decode("latin-1")
    assert return_request.number in text
    assert "21079 Hamburg" in text  # the shop's return address
