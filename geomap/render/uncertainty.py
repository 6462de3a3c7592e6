"""Precision made visible: a dashed ring around incidents placed only near a place or in its district (precision
2), and the outline of the region for those placed only in a region (precision 3). An overlay of its own in the
layer control; it follows the date filter, and stays empty while there are more than MAX_SHAPES to draw."""

from __future__ import annotations

from branca.element import MacroElement
from jinja2 import Template

DISTRICT_RING_KM = 15  # a Russian or Ukrainian district (raion) is typically 20–40 km across
REGION_RING_KM = 60  # when the region's outline is not on the basemap
# More rings than this would hide the map (and take seconds to draw): then the layer stays empty and unticked
# until the date filter narrows the incidents down.
MAX_SHAPES = 3000


class UncertaintyLayer(MacroElement):
    _template = Template("""
{% macro script(this, kwargs) %}
(function () {
  var map = {{ this._parent.get_name() }};
  var layer = L.layerGroup(), style = {color: "#444", weight: 1.2, dashArray: "5 4", fillOpacity: 0.05,
                                       interactive: false};
  function draw(geomap) {  // false when there are too many to draw
    layer.clearLayers();
    var seen = {}, shapes = [];
    for (var i = 0; i < geomap.count; i++) {
      var precision = geomap.precision[i];
      if (!geomap.visible[i] || (precision !== 2 && precision !== 3)) { continue; }
      var at = geomap.latLng(i), region = precision === 3 ? geomap.region(i) : "";
      var key = region || at.lat + "," + at.lng + "," + precision;
      if (!seen[key]) {
        seen[key] = true;
        shapes.push({geo_precision: precision, region: region, lat: at.lat, lon: at.lng});
        if (shapes.length > {{ this.max_shapes }}) { return false; }
      }
    }
    shapes.forEach(function (e) {
      var region = e.geo_precision === 3 && e.region && map.geomapRegion ? map.geomapRegion(e.region) : undefined;
      if (region) {
        L.geoJSON(region.feature, {style: Object.assign({}, style, {color: "#7a0177", weight: 2})}).addTo(layer);
      } else {
        var km = e.geo_precision === 2 ? {{ this.district_km }} : {{ this.region_km }};
        L.circle([e.lat, e.lon], Object.assign({radius: km * 1000}, style)).addTo(layer);
      }
    });
    return true;
  }
  map.on("geomap:incidents", function (ev) {
    var geomap = ev.geomap;
    if (draw(geomap)) { layer.addTo(map); }
    geomap.control.addOverlay(layer, "Uncertainty: district ring, region outline");
    geomap.uncertainty = layer;
  });
  map.on("geomap:filtered", function (ev) { draw(ev.geomap); });
})();
{% endmacro %}
""")

    def __init__(self):
        super().__init__()
        self._name = "GeomapUncertainty"
        self.district_km = DISTRICT_RING_KM
        self.region_km = REGION_RING_KM
        self.max_shapes = MAX_SHAPES
