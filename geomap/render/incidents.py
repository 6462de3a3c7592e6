"""The incident layer: one clustered layer per event type, coloured markers, a legend, popups built as DOM text.

Event data travel as one JSON document inside a <script type="application/json"> element (escaped by
script_json); popups are assembled with textContent and only http(s) links are made clickable, so nothing an
article says can run as script.
"""

from __future__ import annotations

from geomap.render.safe_json import DataLayer, data_layer_template
from geomap.taxonomy import EVENT_TYPES

COLOURS = {
    "cross_border_raid": "#d7301f", "shelling_artillery_missile": "#fd8d3c", "air_drone_strike": "#6a51a3",
    "air_defence": "#2171b5", "explosion": "#e7298a", "attack": "#8c2d04", "territorial_control": "#238b45",
    "evacuation": "#17becf", "security_measure": "#525252", "other": "#969696",
}
# Properties the popup shows; everything else stays in the GeoJSON.
_POPUP_FIELDS = ("event_id", "event_type", "place_name", "mention", "admin1", "country_code", "geo_precision",
                 "date", "date_precision", "quote", "source", "sources", "actors", "killed", "injured",
                 "casualties_at_least")


def _compact(feature: dict) -> dict:
    lon, lat = feature["geometry"]["coordinates"][:2]
    props = feature["properties"]
    return {"lat": lat, "lon": lon, **{k: props.get(k) for k in _POPUP_FIELDS}}


class IncidentLayer(DataLayer):
    _template = data_layer_template("""
  var types = {}, groups = {}, overlays = {};
  data.types.forEach(function (t) { types[t.key] = t; });

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (className) { node.className = className; }
    return node;
  }
  function safeUrl(url) {
    return (typeof url === "string" && /^https?:\\/\\//i.test(url)) ? url : null;
  }
  function row(parent, label, value) {
    if (value === undefined || value === null || value === "") { return; }
    var line = el("div", null, "geomap-row");
    line.appendChild(el("b", label + ": "));
    line.appendChild(document.createTextNode(String(value)));
    parent.appendChild(line);
  }
  function popup(e) {
    var box = el("div", null, "geomap-popup");
    box.appendChild(el("div", e.place_name, "geomap-place"));
    if (e.mention && e.mention !== e.place_name) { row(box, "Written", e.mention); }
    row(box, "Type", (types[e.event_type] || {label: e.event_type}).label);
    row(box, "Where", [e.admin1, e.country_code].filter(Boolean).join(", "));
    row(box, "Precision", data.precision[e.geo_precision] || e.geo_precision);
    row(box, "Date", e.date ? e.date + " (" + e.date_precision + ")" : "unknown");
    var counts = [];
    var atLeast = e.casualties_at_least ? "at least " : "";
    if (e.killed !== null && e.killed !== undefined) { counts.push(atLeast + e.killed + " killed"); }
    if (e.injured !== null && e.injured !== undefined) { counts.push(atLeast + e.injured + " injured"); }
    row(box, "Casualties", counts.join(", "));
    row(box, "Actors", (e.actors || []).map(function (a) {
      return a.role === "mentioned" ? a.name : a.name + " (" + a.role + ")";
    }).join("; "));
    var sources = e.sources || [Object.assign({quotes: e.quote ? [e.quote] : []}, e.source || {})];
    box.appendChild(el("div", sources.length > 1 ? sources.length + " sources" : "Source", "geomap-sources-title"));
    sources.forEach(function (s) {
      var item = el("div", null, "geomap-source");
      var url = safeUrl(s.url);
      var title = s.title || s.id || "article";
      if (url) {
        var a = el("a", title);
        a.href = url; a.target = "_blank"; a.rel = "noopener noreferrer";
        item.appendChild(a);
      } else {
        item.appendChild(el("span", title, "geomap-source-title"));
        if (s.url) { item.appendChild(el("div", s.url, "geomap-raw-url")); }
      }
      var meta = [s.outlet, s.date].filter(Boolean).join(", ");
      if (meta) { item.appendChild(document.createTextNode(" (" + meta + ")")); }
      (s.quotes || []).forEach(function (q) { item.appendChild(el("blockquote", q, "geomap-quote")); });
      box.appendChild(item);
    });
    return box;
  }
  data.types.forEach(function (t) {
    groups[t.key] = L.markerClusterGroup({chunkedLoading: true, showCoverageOnHover: false, maxClusterRadius: 40});
  });
  data.events.forEach(function (e) {
    var t = types[e.event_type] ? e.event_type : "other";
    var precise = e.geo_precision === 1;
    var marker = L.circleMarker([e.lat, e.lon], {
      radius: precise ? 7 : 9, color: "#222", weight: 1.2, dashArray: precise ? null : "3 2",
      fillColor: types[t].color, fillOpacity: precise ? 0.9 : 0.45});
    marker.geomapEvent = e;
    marker.bindPopup(function () { return popup(e); }, {maxWidth: 380});
    marker.bindTooltip(el("span", e.place_name));
    groups[t].addLayer(marker);
  });
  data.types.forEach(function (t) {
    if (groups[t.key].getLayers().length === 0) { return; }
    groups[t.key].addTo(map);
    var name = '<span class="geomap-swatch" style="background:' + t.color + '"></span>' + t.label;
    overlays[name] = groups[t.key];
  });
  L.control.layers(null, overlays, {collapsed: false, position: "topright"}).addTo(map);

  var legend = L.control({position: "bottomleft"});
  legend.onAdd = function () {
    var box = el("div", null, "geomap-legend leaflet-bar");
    box.appendChild(el("div", "Incident type", "geomap-legend-title"));
    data.types.forEach(function (t) {
      if (groups[t.key].getLayers().length === 0) { return; }
      var line = el("div", null, "geomap-legend-row");
      var swatch = el("span", null, "geomap-swatch");
      swatch.style.background = t.color;
      line.appendChild(swatch);
      line.appendChild(document.createTextNode(t.label + " (" + groups[t.key].getLayers().length + ")"));
      box.appendChild(line);
    });
    box.appendChild(el("div", "Dashed, pale markers: district or region only", "geomap-legend-note"));
    return box;
  };
  legend.addTo(map);

  var heading = L.control({position: "topleft"});
  heading.onAdd = function () {
    var box = el("div", null, "geomap-title leaflet-bar");
    box.appendChild(el("div", data.title, "geomap-title-text"));
    box.appendChild(el("div", data.events.length + " incidents", "geomap-count"));
    return box;
  };
  heading.addTo(map);
  map.attributionControl.addAttribution(data.attribution);
  if (data.events.length) {
    map.fitBounds(L.latLngBounds(data.events.map(function (e) { return [e.lat, e.lon]; })).pad(0.15), {maxZoom: 8});
  }
  window.geomap = {map: map, groups: groups, events: data.events};
""")

    def __init__(self, features: list[dict], title: str, attribution: str):
        payload = {
            "title": title,
            "attribution": attribution,
            "precision": {1: "the named place", 2: "near it or its district", 3: "region only"},
            "types": [{"key": t.key, "label": t.label, "color": COLOURS[t.key]} for t in EVENT_TYPES],
            "events": [_compact(f) for f in features],
        }
        super().__init__("GeomapIncidents", payload)
