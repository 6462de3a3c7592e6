"""pymorphy3's readings of Ukrainian and Russian words, as the toponym finder and the trigger matcher use them."""

from __future__ import annotations

from geomap.morphology import PLACE_NAME, forms, readings


def test_an_inflected_name_reads_as_its_nominative_number_and_gender_kept():
    assert "бєлгород" in {r.nominative for r in readings("Бєлгороді", "uk")}
    assert "нова" in {r.nominative for r in readings("Нової", "uk")}  # not "новий": "Нова Каховка"
    assert "суми" in {r.nominative for r in readings("Сумах", "uk")}  # a plural name stays plural
    assert any(PLACE_NAME in r.grammemes for r in readings("Шебекино", "ru"))


def test_a_lemma_has_all_its_forms():
    assert {"обстрілом", "обстріли", "обстрілів"} <= forms("обстріл", "uk")
    assert {"сбили", "сбит", "сбиты"} <= forms("сбить", "ru")
