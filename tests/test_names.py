from geomap.names import feature_matches, normalise


def test_normalise_folds_case_diacritics_apostrophes_and_hyphens():
    assert normalise("Kup’yansk") == normalise("Kup'yansk") == normalise("KUPYANSK") == "kupyansk"
    assert normalise("Sudża") == normalise("Sudza")
    assert normalise("Bilhorod-Dnistrovskyi") == "bilhorod dnistrovskyi"
    assert normalise("  Engels-2 ") == "engels 2"


def test_normalise_folds_yo_in_cyrillic():
    assert normalise("Тёткино") == normalise("Теткино")


def test_feature_hints():
    assert feature_matches("A.ADM1", "region")
    assert feature_matches("S.AIRB", "airbase")
    assert feature_matches("P.PPLA2", "settlement")
    assert not feature_matches("P.PPL", "region")
    assert not feature_matches("P.PPL", None)
