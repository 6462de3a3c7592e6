"""The incident layer: clustered markers per event type, coloured and shaped, with a legend, a title with the count,
popups built as DOM text, and `window.geomap.show(filter)` for the controls that filter it.

All events travel as one JSON payload (gzipped when large, see safe_json) and become canvas markers in clusters
loaded in chunks, so a map of 100,000 incidents stays a few MB and opens in seconds. Popups are assembled with
textContent and only http(s) links are made clickable, so nothing an article says can run as script. When the
markers are ready the layer fires "geomap:incidents" ({geomap}) on the map; after each filtering,
"geomap:filtered" ({events}).
"""

from __future__ import annotations

from geomap.border import border_km
from geomap.render.basemap import region_keys
from geomap.render.safe_json import DataLayer, data_layer_template
from geomap.render.shapes import ShapeMarkers
from geomap.taxonomy import EVENT_TYPES

# Properties the popup shows; everything else stays in the GeoJSON.
_POPUP_FIELDS = ("event_id", "event_type", "place_name", "mention", "admin1", "country_code", "geo_precision",
                 "date", "date_precision", "quote", "source", "sources", "actors", "killed", "injured",
                 "casualties_at_least", "border_km")


def _compact(feature: dict, region: str, distance: float) -> dict:
    lon, lat = feature["geometry"]["coordinates"][:2]
    props = feature["properties"]
    event = {"lat": lat, "lon": lon, **{k: props.get(k) for k in _POPUP_FIELDS}}
    if event["border_km"] is None:
        event["border_km"] = distance
    if props.get("geo_precision") == 3:
        event["region"] = region
    return event


def payload(features: list[dict], title: str, attribution: str) -> dict:
    lats = [f["geometry"]["coordinates"][1] for f in features]
    lons = [f["geometry"]["coordinates"][0] for f in features]
    missing = [f["properties"].get("border_km") is None for f in features]
    distances = border_km(lats, lons) if any(missing) else [None] * len(features)
    regions = region_keys(lats, lons)
    return {
        "title": title,
        "attribution": attribution,
        "precision": {1: "the named place", 2: "near it or its district", 3: "region only"},
        "types": [{"key": t.key, "label": t.label, "color": t.colour, "shape": t.shape}
                  for t in EVENT_TYPES],
        "events": [_compact(f, r, d) for f, r, d in zip(features, regions, distances, strict=True)],
    }


class IncidentLayer(DataLayer):
    _template = data_layer_template("""
  var types = {}, groups = {}, overlays = {}, markers = [], counts = {}, legendCounts = {};
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
    if (typeof e.border_km === "number") { row(box, "Russia–Ukraine border", e.border_km.toFixed(1) + " km"); }
    row(box, "Date", e.date ? e.date + " (" + e.date_precision + ")" : "unknown");
    var counted = [];
    var atLeast = e.casualties_at_least ? "at least " : "";
    if (e.killed !== null && e.killed !== undefined) { counted.push(atLeast + e.killed + " killed"); }
    if (e.injured !== null && e.injured !== undefined) { counted.push(atLeast + e.injured + " injured"); }
    row(box, "Casualties", counted.join(", "));
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
  function clusterIcon(t) {
    return function (cluster) {
      var n = cluster.getChildCount();
      var html = '<div style="background:' + t.color + '"><span>' + n + "</span></div>";  // n: a number
      return L.divIcon({html: html, className: "marker-cluster geomap-cluster", iconSize: L.point(40, 40)});
    };
  }
  function markerFor(e) {
    var key = types[e.event_type] ? e.event_type : "other", t = types[key], precise = e.geo_precision === 1;
    var marker = new L.GeomapShape([e.lat, e.lon], {
      shape: t.shape, radius: t.shape === "dot" ? 4.5 : (precise ? 7 : 8), color: "#222", weight: 1.2,
      dashArray: precise ? null : "3 2", fillColor: t.color, fillOpacity: precise ? 0.9 : 0.45});
    marker.geomapEvent = e;
    marker.geomapType = key;
    return marker;
  }
  // Popups are bound on first click: 100,000 Popup objects made up front would cost seconds.
  function openPopup(marker) {
    if (!marker.getPopup()) { marker.bindPopup(popup(marker.geomapEvent), {maxWidth: 380}); }
    marker.openPopup();
    return marker.getPopup();
  }
  var tip = L.tooltip({direction: "top", offset: [0, -6]});
  data.types.forEach(function (t) {
    groups[t.key] = L.markerClusterGroup({chunkedLoading: true, showCoverageOnHover: false, maxClusterRadius: 40,
                                          iconCreateFunction: clusterIcon(t)});
    groups[t.key].on("mouseover", function (ev) {
      if (ev.layer.geomapEvent) { map.openTooltip(tip.setLatLng(ev.layer.getLatLng())
        .setContent(el("span", ev.layer.geomapEvent.place_name))); }
    });
    groups[t.key].on("mouseout", function () { map.closeTooltip(tip); });
    groups[t.key].on("click", function (ev) { if (ev.layer.geomapEvent) { openPopup(ev.layer); } });
  });
  data.events.forEach(function (e) { markers.push(markerFor(e)); });
  data.types.forEach(function (t) { counts[t.key] = 0; });
  markers.forEach(function (m) { counts[m.geomapType] += 1; });

  data.types.forEach(function (t) {
    if (!counts[t.key]) { return; }
    groups[t.key].addTo(map);
    var label = el("span");
    label.appendChild(L.GeomapShape.swatch(t.shape, t.color));
    label.appendChild(document.createTextNode(t.label));
    overlays[label.outerHTML] = groups[t.key];  // our own markup: a swatch and a fixed label
  });
  var control = L.control.layers(null, overlays, {collapsed: false, position: "topright"}).addTo(map);

  var legend = L.control({position: "bottomleft"});
  legend.onAdd = function () {
    var box = el("div", null, "geomap-legend leaflet-bar");
    box.appendChild(el("div", "Incident type", "geomap-legend-title"));
    data.types.forEach(function (t) {
      if (!counts[t.key]) { return; }
      var line = el("div", null, "geomap-legend-row");
      line.appendChild(L.GeomapShape.swatch(t.shape, t.color));
      line.appendChild(document.createTextNode(t.label + " "));
      legendCounts[t.key] = line.appendChild(el("span", "(" + counts[t.key] + ")", "geomap-legend-count"));
      box.appendChild(line);
    });
    box.appendChild(el("div", "Dashed, pale markers: district or region only", "geomap-legend-note"));
    return box;
  };
  legend.addTo(map);

  var heading = L.control({position: "topleft"}), countLine;
  heading.onAdd = function () {
    var box = el("div", null, "geomap-title leaflet-bar");
    box.appendChild(el("div", data.title, "geomap-title-text"));
    countLine = box.appendChild(el("div", data.events.length + " incidents", "geomap-count"));
    return box;
  };
  heading.addTo(map);
  map.attributionControl.addAttribution(data.attribution);

  // Show only the events `keep` accepts; the legend and the count follow.
  function show(keep) {
    var chosen = {}, visible = [];
    data.types.forEach(function (t) { chosen[t.key] = []; });
    markers.forEach(function (m) {
      if (keep(m.geomapEvent)) { chosen[m.geomapType].push(m); visible.push(m.geomapEvent); }
    });
    data.types.forEach(function (t) {
      groups[t.key].clearLayers();
      groups[t.key].addLayers(chosen[t.key]);
      if (legendCounts[t.key]) { legendCounts[t.key].textContent = "(" + chosen[t.key].length + ")"; }
    });
    countLine.textContent = visible.length === markers.length ? markers.length + " incidents"
      : visible.length + " of " + markers.length + " incidents shown";
    map.fire("geomap:filtered", {events: visible});
  }
  if (markers.length) {  // before the clusters load: markercluster cannot zoom while it loads in chunks
    map.fitBounds(L.latLngBounds(data.events.map(function (e) { return [e.lat, e.lon]; })).pad(0.15),
                  {maxZoom: 8, animate: false});
  }
  data.types.forEach(function (t) {
    groups[t.key].addLayers(markers.filter(function (m) { return m.geomapType === t.key; }));
  });
  window.geomap = {map: map, groups: groups, events: data.events, markers: markers, control: control, show: show,
                   openPopup: openPopup};
  map.fire("geomap:incidents", {geomap: window.geomap});  // Leaflet copies event data: pass the object inside
""")

    def __init__(self, features: list[dict], title: str, attribution: str):
        super().__init__("GeomapIncidents", payload(features, title, attribution))
        self.add_child(ShapeMarkers())
