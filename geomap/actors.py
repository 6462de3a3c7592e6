"""Actors of an incident: organisations and armed groups in its sentence (spaCy ORG spans, national forces such
as "Ukrainian forces" or "Ukraine's military", and a lexicon of groups the small model misses), with their role
where the parse shows it."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from geomap.records import Actor
from geomap.vocabulary import NEWS_OUTLETS

if TYPE_CHECKING:  # spaCy's import is slow and merging events needs none of it
    from spacy.tokens import Span

# Armed groups and agencies of the war that NER splits or misses, as the press writes them.
KNOWN_GROUPS = ("Freedom of Russia Legion", "Liberty of Russia Legion", "Russian Volunteer Corps", "Siberian Battalion",
                "Wagner Group", "Wagner", "FSB", "Rosgvardia", "National Guard", "Armed Forces of Ukraine", "SBU",
                "GUR", "Kadyrovites", "Akhmat")
_FORCE_NOUNS = {"forces", "troops", "military", "army", "soldiers", "fighters", "saboteurs", "units", "air force",
                "navy", "border guards", "defence ministry", "defense ministry", "ministry of defence"}
_KNOWN = re.compile(r"\b(" + "|".join(re.escape(g) for g in KNOWN_GROUPS) + r")\b")


def _role(span: Span) -> str:
    root = span.root
    while root.dep_ in ("appos", "conj") and root.head is not root:
        root = root.head  # "Two groups, the Freedom of Russia Legion and …, said": the role of "groups"
    if root.dep_ in ("nsubj", "agent") or (root.dep_ == "pobj" and root.head.lower_ == "by"):
        return "agent"
    if root.dep_ in ("dobj", "nsubjpass"):
        return "target"
    if root.dep_ == "poss" and root.head.dep_ in ("nsubj",):
        return "agent"
    return "mentioned"


def _national_force(sent: Span, ent: Span) -> Span | None:
    """"Ukrainian forces", "Ukraine's military": a NORP or GPE followed by a force noun."""
    doc, end = sent.doc, ent.end
    if end < len(doc) and doc[end].text == "'s":
        end += 1
    for width in (2, 1):
        words = " ".join(t.lower_ for t in doc[end: end + width])
        if words in _FORCE_NOUNS and end + width <= sent.end:
            return doc[ent.start: end + width]
    return None


def _is_toponym(sent: Span, ent: Span) -> bool:
    """NER calls Belgorod an organisation; the toponym component knows better."""
    spans = sent.doc.spans.get("toponyms", [])
    return any(t.start < ent.end and ent.start < t.end for t in spans)


def actors(sent: Span) -> tuple[Actor, ...]:
    found: dict[str, Actor] = {}
    for m in _KNOWN.finditer(sent.text):
        span = sent.doc.char_span(sent.start_char + m.start(), sent.start_char + m.end(), alignment_mode="expand")
        if span is not None:
            found.setdefault(m.group(1), Actor(m.group(1), _role(span)))
    for ent in sent.ents:
        if ent.label_ in ("NORP", "GPE"):
            force = _national_force(sent, ent)
            if force is not None:
                found.setdefault(force.text, Actor(force.text, _role(force)))
        elif ent.label_ == "ORG" and ent.text.lower() not in NEWS_OUTLETS and not _is_toponym(sent, ent):
            name = ent.text[4:] if ent.text.lower().startswith("the ") else ent.text
            if not any(name in known or known in name for known in found):
                found.setdefault(name, Actor(name, _role(ent)))
    return tuple(found.values())
