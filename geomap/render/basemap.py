"""Offline vector basemap: countries, the Russia–Ukraine and Belarus borders emphasised, oblast outlines and names.

Drawn from gazetteer/basemap.geojson.gz (Natural Earth, simplified) so the map reads well with no tiles at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import shapely
from shapely.geometry import shape

from geomap.gazetteer import basemap_geojson
from geomap.render.safe_json import DataLayer, data_layer_template


def region_key(properties: dict) -> str:
    """How other layers name a basemap region: "RUS|Belgorod"."""
    return f"{properties.get('country', '')}|{properties.get('name', '')}"


@lru_cache(maxsize=1)
def _regions() -> tuple[list[str], shapely.STRtree]:
    regions = [f for f in basemap_geojson()["features"] if f["properties"]["kind"] == "region"]
    return [region_key(f["properties"]) for f in regions], shapely.STRtree([shape(f["geometry"]) for f in regions])


def region_keys(lats: Sequence[float], lons: Sequence[float]) -> list[str]:
    """The basemap region each point lies in ("" outside them all): the outline drawn for region-only events."""
    keys, tree = _regions()
    out = [""] * len(lats)
    if len(lats):
        points, regions = tree.query(shapely.points(lons, lats), predicate="within")
        for point, region in zip(points, regions, strict=True):
            out[point] = keys[region]
    return out


class Basemap(DataLayer):
    _template = data_layer_template("""
  var emphasised = {"RUS-UKR": 1, "RUS-BLR": 1, "BLR-UKR": 1};
  map.createPane("geomapBasemap");
  map.getPane("geomapBasemap").style.zIndex = 250;
  var fills = {UKR: "#f4efe1", RUS: "#ece6e6"};
  var style = function (f) {
    var p = f.properties;
    if (p.kind === "country") {
      return {color: "#6b6b6b", weight: 0.8, fillColor: fills[p.iso] || "#eeeeee", fillOpacity: 0.9};
    }
    if (p.kind === "border") {
      return emphasised[p.pair] ? {color: "#b2182b", weight: 2.6, opacity: 0.9}
                                : {color: "#555555", weight: 1.4, opacity: 0.8};
    }
    return {color: "#9a9a9a", weight: 0.6, dashArray: "3 3", fill: false};
  };
  var layer = L.geoJSON(data, {pane: "geomapBasemap", style: style, interactive: true,
    onEachFeature: function (f, l) {
      if (f.properties.kind === "region" && f.properties.name) {
        var label = document.createElement("span");
        label.textContent = f.properties.name;
        l.bindTooltip(label, {sticky: true, className: "geomap-region-label"});
      }
    }});
  layer.addTo(map);
  map.geomapBasemap = layer;
  map.geomapRegion = function (key) {  // the region layer named "COUNTRY|Name", or undefined
    return layer.getLayers().filter(function (l) {
      var p = l.feature.properties;
      return p.kind === "region" && (p.country || "") + "|" + (p.name || "") === key;
    })[0];
  };
""")

    def __init__(self):
        super().__init__("GeomapBasemap", basemap_geojson())
