"""Place-name normalisation and the designators ("region", "air base") that hint at a feature type."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from geomap.vocabulary import DESIGNATORS_AFTER, DESIGNATORS_BEFORE

__all__ = ["DESIGNATORS_AFTER", "DESIGNATORS_BEFORE", "feature_matches", "normalise", "spelling_variants"]

# Apostrophe-like marks are dropped: news writes Kup'yansk, Kup’yansk and Kupyansk alike.
_APOSTROPHES = "'’ʼ`´‘ʹʻ\""
_DROP = str.maketrans("", "", _APOSTROPHES)
_SPACES = re.compile(r"[\s\-‐‑–—_/.]+")
# ё/й are folded to е/и: the press writes Тёткино and Теткино for the same village.
_CYRILLIC_FOLD = str.maketrans({"ё": "е", "й": "и"})


@lru_cache(maxsize=100_000)  # the toponym matcher and the sentence gate normalise the same n-grams over and over
def normalise(name: str) -> str:
    """Key under which a name is looked up: casefolded, no diacritics, no apostrophes, single spaces."""
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = unicodedata.normalize("NFC", text).translate(_DROP).translate(_CYRILLIC_FOLD)
    return _SPACES.sub(" ", text).strip()


# Which GeoNames feature codes satisfy each hint.
HINT_FEATURES: dict[str, tuple[str, ...]] = {
    "region": ("A.ADM1",),
    "district": ("A.ADM2", "A.ADM3"),
    "airbase": ("S.AIRB", "S.AIRF", "S.AIRP", "S.AIRH"),
    "settlement": ("P.",),
}


def feature_matches(feature: str, hint: str | None) -> bool:
    if not hint:
        return False
    return any(feature.startswith(prefix) for prefix in HINT_FEATURES.get(hint, ()))


@lru_cache(maxsize=50_000)
def spelling_variants(name: str) -> list[str]:
    """Other romanisations of the same Cyrillic name: Russian ё written "yo" or "e" (Shakhtyorsk, Shakhtersk); and
    for a name in Cyrillic, its Latin spellings (the gazetteer knows Запоріжжя the city only as Zaporizhzhia)."""
    from geomap.gazetteer.translit import is_cyrillic, latin_variants

    if is_cyrillic(name):
        return sorted(latin_variants(name))
    variant = re.sub(r"(?<=[bcdfghjklmnpqrstvwxz])yo", "e", name, flags=re.IGNORECASE)
    return [variant] if variant != name else []
