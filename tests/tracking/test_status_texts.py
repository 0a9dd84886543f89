"""Every status has a label and an explanation for the customer, in German and in English."""

import pytest
from django.utils import translation

from tracking.models import TrackingStatus
from tracking.statuses import delay_reason_text, status_text


@pytest.mark.parametrize("status", TrackingStatus.values)
def test_each_status_reads_well_in_both_languages(status):
    label_de, explanation_de = status_text(status, "de")
    label_en, explanation_en = status_text(status, "en")
    assert label_de and explanation_de and label_en and explanation_en
    assert label_de != label_en and explanation_de != explanation_en
    assert label_de == TrackingStatus(status).label  # the same words as the status vocabulary


def test_the_language_asked_for_wins_over_the_active_one():
    # English comes from the compiled catalogue when it translates the string, else from STATUS_TEXT.
    with translation.override("en"):
        assert status_text("delivered", "de") == (
            "Zugestellt",
            "Dein Paket wurde zugestellt. Viel Freude damit!",
        )
    with translation.override("de"):
        assert status_text("delivered", "en-gb")[0] != "Zugestellt"


def test_an_unknown_language_falls_back_to_german_and_an_unknown_status_to_in_transit():
    assert status_text("out_for_delivery", "fr")[0] == "In Zustellung"
    assert status_text("teleported", "en") == status_text("in_transit", "en")


def test_delay_reasons_read_as_a_sentence():
    assert "Wetter" in delay_reason_text("weather", "de")
    assert "address" in delay_reason_text("address_problem", "en")
