"""Latin spellings of Cyrillic place names under the schemes English-language media use.

Russian names go through iuliia (Wikipedia, BGN/PCGN, ICAO/passport, scholarly, MVD) and the Ukrainian national
system; Ukrainian names through translitua (the 2010 national system, BGN/PCGN, passport 2007). "Грайворон" thus
yields Grayvoron, Graivoron, Grajvoron and Hraivoron; "Вовчанськ" yields Vovchansk and Vovchans'k.
"""

from __future__ import annotations

import re

import iuliia
import translitua

_RUSSIAN_SCHEMES = (iuliia.WIKIPEDIA, iuliia.BGN_PCGN, iuliia.ICAO_DOC_9303, iuliia.SCIENTIFIC, iuliia.MVD_782)
_UKRAINIAN_SCHEMES = (translitua.UkrainianKMU, translitua.UkrainianBGN, translitua.UkrainianPassport2007)
_UKRAINIAN_LETTERS = re.compile("[іїєґІЇЄҐ]")
_CYRILLIC = re.compile("[\u0400-\u04ff]")


def is_cyrillic(name: str) -> bool:
    return bool(_CYRILLIC.search(name))


def latin_variants(name: str) -> set[str]:
    """Every Latin spelling of a Cyrillic name; empty for a name with no Cyrillic letters."""
    if not is_cyrillic(name):
        return set()
    if _UKRAINIAN_LETTERS.search(name):
        out = {translitua.translit(name, scheme) for scheme in _UKRAINIAN_SCHEMES}
    else:
        # BGN/PCGN keeps ё as a letter of its own; the press writes it as e or yo.
        forms = {name, name.replace("ё", "е").replace("Ё", "Е")}
        out = {scheme.translate(form) for scheme in _RUSSIAN_SCHEMES for form in forms}
        # Ukrainian outlets write Russian border towns the Ukrainian way: Грайворон → Hraivoron.
        out.add(translitua.translit(name, translitua.UkrainianKMU))
    return {v for v in out if not _CYRILLIC.search(v)}


def english_name(name: str) -> str:
    """The Latin form English-language references use for a Russian name (Wikipedia's scheme): Глотово → Glotovo."""
    return iuliia.WIKIPEDIA.translate(name) if is_cyrillic(name) else name
