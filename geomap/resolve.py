"""Toponym resolution: choose, for each mention, the gazetteer place a careful analyst would.

Evidence, each a term of the score (documented in README.md, "How places are chosen"):
- name quality: preferred name > alternate > generated transliteration > name with its designator stripped >
  fuzzy near-miss (rapidfuzz, only when nothing matches exactly);
- designator agreement: "Belgorod region" wants an oblast, "the Engels air base" an air base;
- feature prior: a settlement or country over a hotel or a stream of the same name;
- prominence: log population, capitals and regional centres, air bases and sites curated for their news value;
- regional prior: the Russia–Ukraine theatre (switchable with `Resolver(theatre={})`);
- document context: the oblasts the article names ("Kozinka, in Russia's Belgorod region").
One sense per name per article: the first confident choice is reused for later mentions of the same name.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from geomap.gazetteer import Candidate, Gazetteer
from geomap.geo import km
from geomap.names import DESIGNATORS_AFTER, DESIGNATORS_BEFORE, feature_matches, normalise, spelling_variants
from geomap.records import Mention, Place, Resolution
from geomap.vocabulary import PREPOSITIONS

# Regional prior: the war is fought in Ukraine and Russia's border regions; the rest of Russia and Belarus come next.
THEATRE = {"UA": 0.6, "RU": 0.3, "BY": 0.3}
# Oblasts along the contact line and the Russia–Ukraine border, where most incidents happen.
FRONTLINE_REGIONS = frozenset({
    "Donetsk Oblast", "Luhansk Oblast", "Zaporizhia Oblast", "Kherson Oblast", "Kharkiv Oblast", "Sumy Oblast",
    "Chernihiv Oblast", "Mykolaiv Oblast", "Autonomous Republic of Crimea", "Belgorod Oblast", "Kursk Oblast",
    "Bryansk Oblast", "Voronezh Oblast", "Rostov Oblast"})
_NAME_QUALITY = {"preferred": 1.0, "alternate": 0.6, "generated": 0.55, "stripped": 0.45, "fuzzy": 0.2}
_FEATURE_PRIOR = {"P": 0.5, "L.CONT": 0.9, "A.PCLI": 0.7, "A.ADM1": 0.5, "A.ADM2": 0.2, "S.AIRB": 0.2, "H": -0.3,
                  "S": -0.2}
# Prominence beyond population: capitals and regional centres, and the air bases and sites curated because the
# war's reporting names them again and again.
_ADMIN_SEAT = {"P.PPLC": 0.3, "P.PPLA": 0.2, "P.PPLA2": 0.1}
_NEWSWORTHY_SOURCES = {"ourairports-watchlist": 0.5, "curated": 0.5}
SITE_OVER_HAMLETS_BELOW = 1_000  # people: a curated site's bare name beats settlements smaller than this
_SITE_LIFT = 1.2  # then ranks this far ahead of them, so that it is a clear choice (confidence ~0.92)
_MIN_SCORE = 0.8
_CLEAR = 0.9  # confidence above which a resolution anchors the others
_TRUSTED = 0.75  # and above which its region may be the geocoder's for the article's unknown names
_NEARBY_BONUS = 1.0  # for a namesake beside an anchor, fading over a few hundred km
_TOO_LARGE = {"A.PCLI", "A.ADM1", "L.CONT", "L.RGN"}  # their points say little about where the article's places are


def _feature_prior(feature: str) -> float:
    return _FEATURE_PRIOR.get(feature, _FEATURE_PRIOR.get(feature[0], 0.0))


@dataclass(frozen=True)
class Context:
    """What the surrounding text says about where its places lie."""

    admin1: frozenset[str] = field(default_factory=frozenset)  # "Belgorod Oblast"
    countries: frozenset[str] = field(default_factory=frozenset)  # "RU"
    named_by: tuple[tuple[str, str], ...] = ()  # (name key, region or country code) for those named plainly

    def without_evidence_of(self, key: str) -> Context:
        """The context less what the name `key` alone put in it: "Mexico" is no evidence that "Mexico" means the
        Mexican state of México rather than the country."""
        own = {value for k, value in self.named_by if k == key} - {value for k, value in self.named_by if k != key}
        if not own:
            return self
        return Context(self.admin1 - own, self.countries - own, self.named_by)


def score(candidate: Candidate, hint: str | None, context: Context, theatre: Mapping[str, float],
          frontline: frozenset[str] = FRONTLINE_REGIONS) -> float:
    place = candidate.place
    total = _NAME_QUALITY[candidate.kind] + _feature_prior(place.feature)
    total += min(math.log10(place.population + 1) / 7, 1.0) + _ADMIN_SEAT.get(place.feature, 0.0)
    total += _NEWSWORTHY_SOURCES.get(place.source, 0.0)
    if hint:
        total += 2.0 if feature_matches(place.feature, hint) else -1.0
    elif candidate.kind == "stripped":
        total -= 0.5  # "Belgorod" alone is the city, not the oblast or its airport
    total += theatre.get(place.country_code, 0.0)
    if place.admin1 in frontline:
        total += 0.3
    if place.admin1 and place.admin1 in context.admin1 and place.feature != "A.ADM1":
        total += 1.0
    if place.country_code in context.countries and place.feature != "A.PCLI":
        total += 0.5
    return total


def _sites_before_hamlets(ranked: list[tuple[Place, float]], hint: str | None,
                          context: Context) -> list[tuple[Place, float]]:
    """A bare name that a curated site (an air base the war's news names again and again) shares only with
    settlements of fewer than SITE_OVER_HAMLETS_BELOW people means the site: "Dyagilevo" is the air base, not a Tver
    hamlet of 42. Context may say otherwise: a settlement word ("the village of Dyagilevo") or a hamlet in a
    region the article names."""
    sites = [(p, s) for p, s in ranked if p.source in _NEWSWORTHY_SOURCES and p.feature_class == "S"]
    if hint is not None or not sites:
        return ranked
    site, site_score = sites[0]
    ahead = [p for p, s in ranked if s > site_score and p.feature_class == "P"]
    if not ahead or any(p.population >= SITE_OVER_HAMLETS_BELOW or p.admin1 in context.admin1 for p in ahead) \
            or any(s > site_score and p.feature_class not in "PS" for p, s in ranked):
        return ranked
    lifted = ranked[0][1] + _SITE_LIFT
    return sorted([(p, lifted if p.id == site.id else s) for p, s in ranked], key=lambda ps: (-ps[1], ps[0].id))


def _named_after_a_town(region: Place, ranked: list[tuple[Place, float]]) -> bool:
    """A first-level region sharing its name with a town inside it (Kingston parish and Kingston): the name alone
    may be either, so context may choose the town."""
    return region.feature == "A.ADM1" and any(
        p.feature_class == "P" and (p.country_code, p.admin1) == (region.country_code, region.admin1)
        for p, _ in ranked)


def split_designator(name: str) -> tuple[str, str | None]:
    """"Belgorod region" → ("Belgorod", "region"); "village of Glotovo" → ("Glotovo", "settlement")."""
    lowered = name.lower()
    for words, hint in sorted(DESIGNATORS_AFTER.items(), key=lambda kv: -len(kv[0])):
        if lowered.endswith(" " + words) and len(name) > len(words) + 1:
            return name[: -len(words) - 1].strip(), hint
    for words, hint in DESIGNATORS_BEFORE.items():
        for prefix in (words + " ", "the " + words + " "):
            if lowered.startswith(prefix):
                return name[len(prefix):].strip(), hint
    return name.strip(), None


# --- Regions the text states for its names ------------------------------------------------------------------------
# "the village of X in Russia's Belgorod region", "X, Sumy", "X, Kharkiv Oblast", "X and Y in the Kherson region":
# the region is where the writer says the name lies. A name none of whose namesakes lies in or near it is one the
# gazetteer lacks (the geocoder is asked, in that region), and a small namesake far from every region the article
# states is a doubtful answer, not a good one. The region word itself only qualifies the name: no incident there.

NEAR_REGION_KM = 150.0  # from a region's point: its own places, and those just over its edge
DOUBTFUL_BELOW = 10_000  # people: a place this small, far from all the article states, is no evidence on its own
_QUALIFYING_GAP = re.compile(r"\s*[,(]\s*")  # "X, Sumy", "X (Sumy region)"
_APPOSITION = r"(?:(?:an?|the)\s+(?:small\s+|border\s+|frontline\s+)?(?:village|town|settlement|hamlet)\s+)?"
_LOCATING_GAP = re.compile(r"\s*,?\s*" + _APPOSITION + r"(?:in|near|of|outside)\s+(?:the\s+)?",
                           re.IGNORECASE)  # "X in the … region", "X, a village in the … region"
_POSSESSIVE_GAP = re.compile(r"\s*['’]s\s+")  # "Russia's Belgorod region"
# "X, Y and Z in the Kherson region"; Ukrainian and Russian join a list with та/і/й/и/або/или
_LISTING_GAP = re.compile(r"\s*(?:,|and|, and|or|та|і|й|и|або|или)\s*")
# Ukrainian and Russian put the region in the genitive right after the name, or in the locative after "in":
# "у селі X Сумської області", "X в Белгородской области".
_INFLECTED_LOCATING_GAP = re.compile(r"\s*,?\s*(?:(?:" + "|".join(sorted(
    {w for words in PREPOSITIONS.values() for w, sense in words.items() if sense == "in"})) + r")\s+)?",
    re.IGNORECASE)


@dataclass(frozen=True)
class StatedRegions:
    """What the text states about where its names lie."""

    by_name: Mapping[str, Place] = field(default_factory=dict)  # name key → the region (A.ADM1) or country given
    qualifiers: Mapping[int, Place] = field(default_factory=dict)  # mention index → region it states for another
    qualified: Mapping[int, int] = field(default_factory=dict)  # a qualifier's mention index → the name's
    article: tuple[Place, ...] = ()  # every region (A.ADM1) the article states, first named first

    def region_for(self, key: str) -> Place | None:
        return self.by_name.get(key)


def _sense_key(mention: Mention, index: int, stated: StatedRegions) -> tuple[str, str | None]:
    """One sense per name per article, except that a qualifier ("Sumy" in "X, Sumy") stands for its region."""
    return normalise(mention.name), (f"qualifier:{index}" if index in stated.qualifiers else mention.designator)


def _within_km(place: Place, region: Place, limit: float = NEAR_REGION_KM) -> bool:
    if region.feature == "A.PCLI":
        return place.country_code == region.country_code
    return place.admin1 == region.admin1 or km(place.lat, place.lon, region.lat, region.lon) <= limit


class _StatedRegionsReader:
    """The Resolver's reading of stated regions (kept apart from the scoring above)."""

    def stated_regions(self, mentions: Sequence[Mention], text: str) -> StatedRegions:
        """The regions `text` states for the names of `mentions` (offsets into `text`, in text order)."""
        by_name: dict[str, Place] = {}
        qualifiers: dict[int, Place] = {}
        qualified: dict[int, int] = {}
        regions = [self._region_named(m) for m in mentions]
        for i in range(len(mentions) - 1, -1, -1):  # right to left: a list takes the region stated after it
            if regions[i] is not None:
                continue
            region, qualifier = self._region_after(mentions, regions, i, text)
            if region is None and i + 1 < len(mentions) and _gap(text, mentions[i], mentions[i + 1], _LISTING_GAP):
                region = by_name.get(normalise(mentions[i + 1].name)) if regions[i + 1] is None else None
            if region is not None:
                by_name.setdefault(normalise(mentions[i].name), region)
                qualifiers.update(dict.fromkeys(qualifier, region))
                qualified.update(dict.fromkeys(qualifier, i))
        article: dict[str, Place] = {}
        for m, region in zip(mentions, regions, strict=True):
            region = region or by_name.get(normalise(m.name))
            if region is not None and region.feature == "A.ADM1":
                article.setdefault(region.id, region)
        return StatedRegions(by_name, qualifiers, qualified, tuple(article.values()))

    def _region_after(self, mentions: Sequence[Mention], regions: list, i: int, text: str) -> tuple:
        """(region stated right after mention i, indexes of the mentions stating it)."""
        j = i + 1
        if j >= len(mentions):
            return None, ()
        if _gap(text, mentions[i], mentions[j], _QUALIFYING_GAP):
            # "Lyptsi, Kharkiv": a regional centre after a small place; "Kharkiv, Sumy and Odesa" is a list.
            small = self._small(mentions[i])
            default = regions[j] or (self._region_seated_at(mentions[j]) if small else None)
            readings = [p for p, _ in self.rank(mentions[j].name) if p.feature in ("A.ADM1", "A.PCLI")]
            region = self._reading_for(mentions[i], readings, default if small else None)
            return (region, (j,)) if region is not None else (None, ())
        inflected = mentions[j].lemma is not None and _gap(text, mentions[i], mentions[j], _INFLECTED_LOCATING_GAP)
        if not inflected and not _gap(text, mentions[i], mentions[j], _LOCATING_GAP):
            return None, ()
        if regions[j] is not None and regions[j].feature == "A.PCLI" and j + 1 < len(mentions) \
                and _gap(text, mentions[j], mentions[j + 1], _POSSESSIVE_GAP):
            j += 1  # "in Russia's Belgorod region"
        if regions[j] is None or regions[j].feature != "A.ADM1" or not _designated_region(mentions[j]):
            return None, ()  # "X near Belgorod" names a town, not a region
        readings = [p for p, _ in self.rank(split_designator(mentions[j].name)[0], "region") if p.feature == "A.ADM1"]
        region = self._reading_for(mentions[i], readings, regions[j] if self._small(mentions[i]) else None)
        return (region, (j,)) if region is not None else (None, ())

    def _reading_for(self, mention: Mention, readings: list[Place], default: Place | None) -> Place | None:
        """The reading of a qualifier that holds a namesake of the name it qualifies ("Atlanta, Georgia" is the
        state); else `default`, given only for a small name, which may be one the gazetteer lacks (a town that is
        not where the qualifier says is a list being read, "New York City, Long Island and New Jersey")."""
        namesakes = [p for p, _ in self.rank(mention.name, mention.designator)]
        held = next((r for r in readings if any(_within_km(p, r, 0.0) for p in namesakes)), None)
        return held or default

    def _region_named(self, mention: Mention) -> Place | None:
        """The region or country a mention names as such: "Belgorod region", "Kharkiv Oblast", "Russia"."""
        if _designated_region(mention):
            name = split_designator(mention.name)[0]
            ranked = self.rank(name, "region")
            return ranked[0][0] if ranked and ranked[0][0].feature == "A.ADM1" else None
        if mention.designator:
            return None
        plain = self._plain(normalise(mention.name))
        return plain if plain is not None and plain.feature in ("A.ADM1", "A.PCLI") else None

    def _region_seated_at(self, mention: Mention) -> Place | None:
        """"X, Sumy": a regional centre after a comma stands for its region."""
        if mention.designator:
            return None
        plain = self._plain(normalise(mention.name))
        if plain is None or plain.feature != "P.PPLA":
            return None
        ranked = self.rank(plain.admin1, "region")
        return next((p for p, _ in ranked if p.feature == "A.ADM1" and p.admin1 == plain.admin1), None)

    def _small(self, mention: Mention) -> bool:
        """No town of DOUBTFUL_BELOW people or more, and no regional centre, goes by this name."""
        return not any(p.population >= DOUBTFUL_BELOW or p.feature in _ADMIN_SEAT for p, _ in self.rank(mention.name))

    def _doubtful(self, r: Resolution, stated: StatedRegions) -> bool:
        """A namesake far from every region the article states: a small place whose name others bear too, or whose
        name is only a transliteration. A name attested for that place alone, an air base or site curated for the
        news, and a regional centre are no namesakes."""
        place = r.place
        if not stated.article or place.feature in _ADMIN_SEAT or place.source in _NEWSWORTHY_SOURCES \
                or place.population >= DOUBTFUL_BELOW or any(_within_km(place, p) for p in stated.article):
            return False
        candidates = self.gazetteer.candidates(r.mention.name)
        attested = [c for c in candidates if c.kind in ("preferred", "alternate")]
        return len({c.place.id for c in candidates}) > 1 or not attested

    def _within_stated_regions(self, chosen: dict, stated: StatedRegions) -> dict:
        """A name the text places in a region keeps a namesake only in or near it; a small namesake far from every
        region the article states and every place it names clearly is doubtful. Either is left to the geocoder."""
        out = dict(chosen)
        anchors = [r.place for r in chosen.values() if r.place and r.confidence >= _CLEAR
                   and r.place.feature not in _TOO_LARGE and not self._doubtful(r, stated)]
        for key, r in chosen.items():
            if r.place is None or r.place.feature in _TOO_LARGE:
                continue
            own = stated.region_for(key[0])
            if own is not None:
                if not _within_km(r.place, own):
                    ranked = [p for p, s in self.rank(r.mention.name, r.mention.designator)
                              if s >= _MIN_SCORE and _within_km(p, own)]
                    out[key] = Resolution(r.mention, ranked[0] if ranked else None, r.confidence if ranked else 0.0)
                continue
            if self._doubtful(r, stated) and not any(
                    a.id != r.place.id and km(a.lat, a.lon, r.place.lat, r.place.lon) <= NEAR_REGION_KM
                    for a in anchors):
                out[key] = Resolution(r.mention, None, 0.0)
        return out


def _designated_region(mention: Mention) -> bool:
    return (mention.designator or split_designator(mention.name)[1]) == "region"


def _gap(text: str, left: Mention, right: Mention, pattern: re.Pattern) -> bool:
    """Whether only `pattern` stands between two mentions (a designator written after the left one is skipped)."""
    between = text[left.end: right.start]
    between = re.sub(r"^\s*(?:region|oblast|province|krai|kray)\b", "", between, flags=re.IGNORECASE)
    return pattern.fullmatch(between) is not None


class Resolver(_StatedRegionsReader):
    def __init__(self, gazetteer: Gazetteer, theatre: Mapping[str, float] = THEATRE,
                 frontline: frozenset[str] = FRONTLINE_REGIONS):
        """`theatre` maps country codes to prior weights and `frontline` names first-level regions that get +0.3;
        pass {} and frozenset() to switch the regional prior off, or other values to point it elsewhere."""
        self.gazetteer = gazetteer
        self.theatre = dict(theatre)
        self.frontline = frozenset(frontline)
        # Names recur across a corpus: what each names on its own is looked up once (bounded).
        self._plain = lru_cache(maxsize=50_000)(self._best_plain)

    def rank(self, name: str, hint: str | None = None, context: Context = Context()) -> list[tuple[Place, float]]:
        """Candidates for one name, best first, with their scores."""
        scored = {}
        # Fuzzy matches only when no name matches exactly, so they never outrank an exact match.
        variants = [Candidate(c.place, "generated") for v in spelling_variants(name)
                    for c in self.gazetteer.candidates(v)]
        for cand in (self.gazetteer.candidates(name) + variants) or self.gazetteer.fuzzy_candidates(name):
            s = score(cand, hint, context, self.theatre, self.frontline)
            if cand.place.id not in scored or s > scored[cand.place.id][1]:
                scored[cand.place.id] = (cand.place, s)
        return _sites_before_hamlets(sorted(scored.values(), key=lambda ps: (-ps[1], ps[0].id)), hint, context)

    def resolve_article(self, mentions: Sequence[Mention], stated: StatedRegions | None = None) -> list[Resolution]:
        """One resolution per mention, in order. `stated` (from `stated_regions`) gives the regions the text states
        for its names: a name is placed in or near its region, or left to the geocoder."""
        stated = stated or StatedRegions()
        context = self._context_regions(mentions)
        if stated.article:
            context = Context(context.admin1 | {region.admin1 for region in stated.article}, context.countries,
                              context.named_by)
        chosen: dict[tuple[str, str | None], Resolution] = {}
        for i, m in enumerate(mentions):
            key = _sense_key(m, i, stated)
            if i in stated.qualifiers:
                chosen[key] = Resolution(m, stated.qualifiers[i], _CLEAR)
            elif key not in chosen:
                chosen[key] = self._resolve_one(m, context.without_evidence_of(key[0]))
        chosen = self._cohere(chosen, context)
        chosen = self._within_stated_regions(chosen, stated)
        return [Resolution(m, chosen[key].place, chosen[key].confidence)
                for i, m in enumerate(mentions) for key in [_sense_key(m, i, stated)]]

    def _cohere(self, chosen: dict, context: Context) -> dict:
        """Spatial coherence: a doubtful name takes the namesake nearest the places the article names clearly
        (within a few hundred km), as a reader would."""
        anchors = {key: r.place for key, r in chosen.items()
                   if r.place and r.confidence >= _CLEAR and r.place.feature not in _TOO_LARGE}
        out = dict(chosen)
        for key, r in chosen.items():
            others = [p for k, p in anchors.items() if k != key]
            if r.place is None or r.confidence >= _CLEAR or not others or r.place.feature in _TOO_LARGE:
                continue  # a country or region named stays one: "Mexico" is not Mexico City
            ranked = [(p, s) for p, s in self.rank(r.mention.name, r.mention.designator,
                                                   context.without_evidence_of(key[0]))
                      if p.feature not in _TOO_LARGE]
            near = [(p, s + _NEARBY_BONUS * math.exp(-min(km(p.lat, p.lon, a.lat, a.lon) for a in others) / 200))
                    for p, s in ranked]
            best = max(near, key=lambda ps: ps[1])[0]
            out[key] = Resolution(r.mention, best, r.confidence)
        return out

    def context_of(self, phrases: Sequence[tuple[str, str | None]]) -> Context:
        """Regions and countries named by (name, designator) phrases: "Belgorod region", "Russia"."""
        regions, countries = set(), set()
        for text, hint in phrases:
            ranked = self.rank(text, hint)
            if not ranked:
                continue
            top = ranked[0][0]
            if top.feature == "A.ADM1" and hint == "region":
                regions.add(top.admin1)
            elif top.feature == "A.PCLI":
                countries.add(top.country_code)
        return Context(frozenset(regions), frozenset(countries))

    def lookup(self, query: str) -> list[tuple[Place, float]]:
        """Ranked candidates for "NAME[, CONTEXT…]", e.g. "Kozinka, Belgorod region"."""
        name, *context_parts = [part.strip() for part in query.split(",")]
        name, hint = split_designator(name)
        return self.rank(name, hint, self.context_of([split_designator(p) for p in context_parts if p]))

    def _context_regions(self, mentions: Sequence[Mention]) -> Context:
        """Regions and countries the article names: "Belgorod region", "Volyn Oblast", "Texas", "Poland"."""
        hints = [(m.name, m.designator or split_designator(m.name)[1]) for m in mentions]
        designated = self.context_of([(text, hint) for text, hint in hints if hint == "region"])
        keys = sorted({normalise(m.name) for m in mentions if m.role == "place" and not m.designator})
        tops = {key: top for key in keys if (top := self._plain(key)) is not None}  # "…, Texas", "…, Australia"
        # The theatre's countries are named in nearly every article about the war, on both sides of its incidents
        # ("crossed from Ukraine into Kozinka"): no evidence of where a place lies.
        countries = {key: top.country_code for key, top in tops.items()
                     if top.feature == "A.PCLI" and top.country_code not in self.theatre}
        regions = {key: top for key, top in tops.items() if top.feature == "A.ADM1"}
        for key in list(countries):  # "Georgia" beside "United States" is the state
            others = frozenset(code for k, code in countries.items() if k != key)
            ranked = self.rank(key, None, Context(countries=others)) if others else []
            if ranked and ranked[0][0].feature == "A.ADM1":
                regions[key] = ranked[0][0]
                del countries[key]
        named_by = [(key, code) for key, code in countries.items()] + [(k, p.admin1) for k, p in regions.items()]
        return Context(designated.admin1 | {p.admin1 for p in regions.values()}, frozenset(countries.values()),
                       tuple(sorted(named_by)))

    def _best_plain(self, key: str) -> Place | None:
        """The best place for a name alone, without context."""
        ranked = self.rank(key)
        return ranked[0][0] if ranked else None

    def _resolve_one(self, mention: Mention, context: Context) -> Resolution:
        ranked = self.rank(mention.name, mention.designator, context)
        plain = self._plain(normalise(mention.name)) if not mention.designator else None
        if plain is not None and plain.feature in _TOO_LARGE and not _named_after_a_town(plain, ranked):
            # A name that on its own reads as a country or region ("China", "Ontario") keeps that reading; context
            # chooses among countries and regions ("Georgia" beside "United States"), not a village of the same name.
            ranked = [(p, s) for p, s in ranked if p.feature in _TOO_LARGE]
        if not ranked or ranked[0][1] < _MIN_SCORE:
            return Resolution(mention, None, 0.0)
        best = ranked[0][1]
        runner_up = ranked[1][1] if len(ranked) > 1 else best - 2.0
        confidence = round(1 / (1 + math.exp(-(best - runner_up) * 2)), 3)
        return Resolution(mention, ranked[0][0], confidence)


def geocoder_region(resolutions: Sequence[Resolution], index: int, stated: StatedRegions) -> tuple[str, str] | None:
    """(region, country) to ask the geocoder in for the unresolved mention at `index`: the one the text gives for
    that name, else the article's stated region named last before it (or first), else the region most of the
    article's well placed towns share (confidence _TRUSTED or more). Never one derived from doubtful resolutions."""
    mention = resolutions[index].mention
    own = stated.region_for(normalise(mention.name))
    if own is not None:
        return (own.admin1 if own.feature == "A.ADM1" else "", own.country_code)
    if stated.article:
        before = [r.place for r in resolutions[:index] if r.place is not None and r.place.feature == "A.ADM1"
                  and r.place in stated.article]
        region = before[-1] if before else stated.article[0]
        return region.admin1, region.country_code
    trusted = Counter((r.place.admin1, r.place.country_code) for r in resolutions
                      if r.place and r.confidence >= _TRUSTED and r.place.feature_class in "PS" and r.place.admin1
                      and not r.place.source.startswith("geocoder"))
    return trusted.most_common(1)[0][0] if trusted else None


def settle_qualifiers(resolutions: Sequence[Resolution], stated: StatedRegions) -> list[Resolution]:
    """"X, Sumy region": once X is placed, "Sumy region" only said where X lies and is no incident place of its
    own (role "qualifier"); while X is not, the region stays the most precise place the text gives."""
    out = list(resolutions)
    for j, i in stated.qualified.items():
        if out[i].place is not None and out[j].mention.role == "place":
            out[j] = replace(out[j], mention=replace(out[j].mention, role="qualifier"))
    return out


# For the geocoder's answers (geomap.geocode): the same tests as for the gazetteer's.
CLEAR, TRUSTED, within_region = _CLEAR, _TRUSTED, _within_km
