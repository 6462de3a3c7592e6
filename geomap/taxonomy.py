"""The event-type registry: every event type, once, with everything the other modules derive from it.

A type's place in `EVENT_TYPES` is its precedence: the first type with a trigger in a sentence wins, and when
merged reports disagree the earlier (more specific) type is kept. Adding a type is adding one entry here; the
sentence gate, the event extractor, the merger and the map all read it from this table.

Triggers are written per language as lemma phrases (syntax in `geomap.triggers`); a language is data: give it an
entry in `triggers` (and in `NOT_INCIDENTS`) and, where it inflects words differently, a word-form generator in
`geomap.triggers.INFLECTORS`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class EventType:
    key: str
    label: str
    acled_type: str  # ACLED event type nearest in meaning
    acled_sub_type: str  # and its sub-event type
    colour: str  # marker fill on the map
    shape: str  # marker shape (geomap.render.shapes.SHAPES)
    # Violent types may be reports of one incident (a raid, its shelling, the drones shot down over the town that
    # day); the others (a capture, an evacuation, a curfew) merge only with their own type.
    violent: bool
    triggers: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # language → trigger phrases

    @property
    def acled(self) -> str:
        return f"{self.acled_type}: {self.acled_sub_type}"


_REMOTE = "Explosions/Remote violence"
_STRATEGIC = "Strategic developments"
# Words that make a finding a finding of the war's traces: "bodies were found", "burnt-out tanks discovered".
_FOUND = ("body|corpse|remains|grave|wreckage|debris|=burnt-out|=burned-out|destroy|abandon|tank|vehicle|equipment"
          "|exhume")
_MILITARY = "troop|soldier|tank|vehicle|equipment|armour|armor|convoy|serviceman|howitzer"

EVENT_TYPES: tuple[EventType, ...] = (
    EventType("cross_border_raid", "Cross-border raid / incursion", "Battles", "Armed clash", "#d7301f", "triangle",
              True, {"en": ("raid", "incursion", "infiltrate", "infiltration", "storm", "sabotage", "saboteur",
                            "invade", "cross the|a border", "cross into"),
               "uk": ("рейд", "прорив", "проникнути", "проникнення", "диверсія", "диверсант", "дрг", "вторгнення",
                      "вторгнутися", "перетнути кордон"),
               "ru": ("рейд", "прорыв", "проникнуть", "проникновение", "диверсия", "диверсант", "дрг", "вторжение",
                      "вторгнуться", "пересечь границу")}),
    EventType("air_defence", "Air defence / interception", _REMOTE, "Air/drone strike", "#2171b5", "plus", True,
              {"en": ("intercept", "interception", "shoot down", "shoot * down", "=downed|=downing", "air defence",
                      "air defense"),
               "uk": ("збити", "збивати", "перехопити", "перехоплювати", "перехоплення", "ппо",
                      "протиповітряний оборона"),
               "ru": ("сбить", "сбивать", "перехватить", "перехватывать", "перехват", "пво",
                      "противовоздушный оборона")}),
    EventType("air_drone_strike", "Air or drone strike", _REMOTE, "Air/drone strike", "#6a51a3", "triangle-down",
              True, {"en": ("drone", "airstrike", "air strike", "uav", "bomb", "bombing"),
               "uk": ("дрон", "безпілотник", "бпла", "авіаудар", "авіаналіт", "бомба", "бомбардування", "каб",
                      "шахед"),
               "ru": ("дрон", "беспилотник", "бпла", "авиаудар", "авианалет", "бомба", "бомбардировка", "каб",
                      "шахед")}),
    EventType("shelling_artillery_missile", "Shelling, artillery or missile attack", _REMOTE,
              "Shelling/artillery/missile attack", "#fd8d3c", "diamond", True,
              {"en": ("shell", "shelling", "artillery", "mortar", "bombard", "bombardment", "missile", "rocket",
                      "barrage", "warhead", "thermobaric"),
               "uk": ("обстріл", "обстріляти", "обстрілювати", "артилерія", "артилерійський", "міномет",
                      "ракета", "ракетний", "рсзв", "залп", "снаряд"),
               "ru": ("обстрел", "обстрелять", "обстреливать", "артиллерия", "артиллерийский", "миномет",
                      "ракета", "ракетный", "рсзо", "залп", "снаряд")}),
    EventType("explosion", "Explosion", _REMOTE, "Remote explosive/landmine/IED", "#e7298a", "star", True,
              {"en": ("explosion", "blast", "explode", "detonate", "detonation", "impact", "crater", "munition",
                      "incendiary", "explosive", "landmine", "mine explode|explosion|blast", "step on * mine",
                      "crash"),
               "uk": ("вибух", "вибухнути", "детонація", "детонувати", "здетонувати", "вибухівка", "уламок"),
               "ru": ("взрыв", "взорваться", "детонация", "детонировать", "сдетонировать", "взрывчатка",
                      "обломок")}),
    EventType("fire", "Fire", _STRATEGIC, "Other", "#ff7f00", "star6", True,
              {"en": ("catch fire", "fire break|broke out", "fire * erupt", "fire * rage", "on fire", "set fire",
                      "blaze", "firefighter", "engulf in flame", "burn down"),
               "uk": ("пожежа", "загорітися", "горіти", "займання", "спалахнути", "пожежний", "пожежник"),
               "ru": ("пожар", "загореться", "гореть", "возгорание", "вспыхнуть", "пожарный")}),
    EventType("territorial_control", "Territory captured or claimed", "Battles",
              "Non-state actor overtakes territory / Government regains territory", "#238b45", "square", False,
              {"en": ("capture", "seize", "liberate", "recapture",
                      "=take|=took|=taken|claim|gain|regain|establish|secure * * control", "=fell|=fallen to"),
               "uk": ("захопити", "захоплення", "звільнити", "окупувати", "під контроль"),
               "ru": ("захватить", "захват", "освободить", "оккупировать", "под контроль")}),
    EventType("evacuation", "Evacuation", _STRATEGIC, "Other", "#17becf", "pentagon", False,
              {"en": ("evacuate", "evacuation", "flee", "relocate"),
               "uk": ("евакуювати", "евакуація"), "ru": ("эвакуировать", "эвакуация")}),
    EventType("security_measure", "Security regime or restriction", _STRATEGIC, "Other", "#525252", "hexagon", False,
              {"en": ("counter-terrorist", "counterterrorist", "curfew", "martial"),
               "uk": ("комендантський година", "воєнний стан", "контртерористичний"),
               "ru": ("комендантский час", "военный положение", "контртеррористический")}),
    EventType("damage_found", "Damage or remains found", _STRATEGIC, "Other", "#8c6bb1", "cross", False,
              {"en": ("mass grave|burial", "burial site", "exhume", "exhumation", "torture chamber",
                      f"find|discover|uncover|unearth|recover & {_FOUND}"),
               "uk": ("масовий поховання", "ексгумація", "ексгумувати", "катівня"),
               "ru": ("массовый захоронение", "эксгумация", "пыточная")}),
    EventType("attack", "Attack / armed clash", "Battles", "Armed clash", "#8c2d04", "circle", True,
              {"en": ("attack", "kill", "injure", "wound", "destroy", "damage", "hit", "fight", "clash", "assault",
                      "die", "casualty", "strike", "destruction", "atrocity", "execution", "execute", "shoot",
                      "under fire", "open fire", "counterattack", "counter-attack", "counteroffensive",
                      "counter-offensive", "offensive", "skirmish", "firefight", "battle", "blow up", "blow * up",
                      "repel", "break through", "defeat", f"lose|loss & {_MILITARY}|personnel|people|military"),
               "uk": ("атака", "атакувати", "удар", "вдарити", "ударити", "уразити", "ураження", "влучання",
                      "влучити", "поцілити", "знищити", "знищення", "пошкодити", "пошкодження", "зруйнувати",
                      "руйнування", "пошкоджений", "знищений", "зруйнований", "уражений", "загинути", "загиблий",
                      "вбити", "убити", "поранити", "поранений", "постраждати", "постраждалий", "бій", "штурм",
                      "наступ"),
               "ru": ("атака", "атаковать", "удар", "ударить", "поразить", "попадание", "уничтожить",
                      "уничтожение", "уничтоженный", "поврежденный", "разрушенный", "пораженный", "повредить",
                      "повреждение", "разрушить", "разрушение", "погибнуть", "погибший", "убить", "ранить",
                      "раненый", "пострадать", "пострадавший", "бой", "штурм", "наступление")}),
    EventType("military_presence", "Military presence or movement", _STRATEGIC, "Other", "#737373", "octagon",
              False, {"en": ("convoy", f"column of * * {_MILITARY}", "military|armoured|armored|tank column",
                             "troop build-up|buildup|movement|concentration|deployment",
                             f"=massing|=massed|=amassing|=amassed|=stationed & {_MILITARY}",
                             f"spot|film|photograph|observe|=seen & {_MILITARY}",
                             "in reserve")}),
    EventType("other", "Other", _STRATEGIC, "Other", "#969696", "dot", False),
)
# Figurative uses of trigger words: a trigger inside one of these is no incident ("came under fire from critics").
NOT_INCIDENTS: Mapping[str, tuple[str, ...]] = {
    "en": ("under fire for|over|after|because", "under fire from * critic|lawmaker|opposition|activist|politician|"
           "campaigner|media|press|fan|voter|ally|colleague|party|mp|senator|republican|democrat|parliament|public",
           "under fire from critic|lawmaker|opposition|activist|politician|campaigner|media|press|fan|voter|ally|"
           "colleague|party|mp|senator|republican|democrat|parliament|public",
           "heart|panic attack", "hunger|general|rail|labour|labor strike", "strike * deal|agreement|balance|tone",
           "strike a|the * deal|agreement|balance|tone", "shell company", "the|a|snow|winter|tropical =storm|=storms",
           "martial art", "shoot itself|himself|herself|themselves|ourselves|yourself"),
    "uk": ("інформаційний|хакерський атака", "удар по репутація|економіка|бюджет", "серцевий напад"),
    "ru": ("информационный|хакерский атака", "удар по репутация|экономика|бюджет"),
}
# Common words whose incident sense needs the words around them ("took control", "shot down", "came under fire"):
# a trigger built on one is weaker evidence of an incident (geomap.event_score).
AMBIGUOUS_WORDS: Mapping[str, tuple[str, ...]] = {
    "en": ("take", "fall", "fire", "control", "cross", "down", "regime", "hit", "mine", "offensive", "battle",
           "defeat", "lose", "loss"),
    "uk": ("удар", "контроль", "горіти", "бій"),
    "ru": ("удар", "контроль", "гореть", "бой"),
}
BY_KEY: Mapping[str, EventType] = {t.key: t for t in EVENT_TYPES}
PRECEDENCE: Mapping[str, int] = {t.key: i for i, t in enumerate(EVENT_TYPES)}
NON_VIOLENT: frozenset[str] = frozenset(t.key for t in EVENT_TYPES if not t.violent)

