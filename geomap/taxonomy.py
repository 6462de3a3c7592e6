"""Event types: geomap's keys, their display labels, and the ACLED event / sub-event type each corresponds to."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EventType:
    key: str
    label: str
    acled: str  # ACLED "event type: sub-event type" nearest in meaning


EVENT_TYPES: tuple[EventType, ...] = (
    EventType("cross_border_raid", "Cross-border raid / incursion", "Battles: Armed clash"),
    EventType("shelling_artillery_missile", "Shelling, artillery or missile attack",
              "Explosions/Remote violence: Shelling/artillery/missile attack"),
    EventType("air_drone_strike", "Air or drone strike", "Explosions/Remote violence: Air/drone strike"),
    EventType("air_defence", "Air defence / interception", "Explosions/Remote violence: Air/drone strike"),
    EventType("explosion", "Explosion", "Explosions/Remote violence: Remote explosive/landmine/IED"),
    EventType("attack", "Attack / armed clash", "Battles: Armed clash"),
    EventType("territorial_control", "Territory captured or claimed",
              "Battles: Non-state actor overtakes territory / Government regains territory"),
    EventType("evacuation", "Evacuation", "Strategic developments: Other"),
    EventType("security_measure", "Security regime or restriction", "Strategic developments: Other"),
    EventType("other", "Other", "Strategic developments: Other"),
)
BY_KEY = {t.key: t for t in EVENT_TYPES}
