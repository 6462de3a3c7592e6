from geomap.render.incidents import payload
from geomap.render.shapes import SHAPES
from geomap.taxonomy import EVENT_TYPES, NON_VIOLENT, PRECEDENCE


def test_every_type_has_its_own_shape_and_colour_on_the_map():
    assert all(t.shape in SHAPES for t in EVENT_TYPES)
    assert len({t.shape for t in EVENT_TYPES}) == len({t.colour for t in EVENT_TYPES}) == len(EVENT_TYPES)
    legend = payload([], "t", "a")["types"]
    assert [(t["key"], t["color"], t["shape"]) for t in legend] == [(t.key, t.colour, t.shape) for t in EVENT_TYPES]


def test_registry_order_is_precedence_and_violence_decides_merging():
    assert PRECEDENCE["cross_border_raid"] < PRECEDENCE["attack"] < PRECEDENCE["other"]
    assert {"evacuation", "security_measure", "territorial_control", "military_presence", "damage_found"} <= NON_VIOLENT
    assert not {"shelling_artillery_missile", "fire", "attack"} & NON_VIOLENT
    assert all(t.triggers.get("en") for t in EVENT_TYPES if t.key != "other")


def test_the_readme_names_event_types_as_the_registry_has_them():
    import re

    from .conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    listed = re.findall(r"^\| `([a-z_]+)` \| ((?:Battles|Explosions|Strategic)[^|:]*)", readme, re.M)
    assert len(listed) >= 12
    assert [(key, acled.strip()) for key, acled in listed] == [(t.key, t.acled_type) for t in EVENT_TYPES
                                                               if t.key in dict(listed)]  # none stale, in order

