"""The incident layer: clustered markers per event type, coloured and shaped, with a legend, a title with the count,
popups built as DOM text, and `window.geomap.show(keep)` for the controls that filter it.

Sized for a million incidents in one offline file. What clustering needs (position, type, day, precision, region)
travels as typed arrays in base64; everything a popup shows travels in chunks of CHUNK_EVENTS incidents (gzipped
when large, see safe_json), inflated only when a popup of that chunk opens. Clusters come from supercluster's
static index (vendored): below FINE_ZOOM over grid cells that sum the incidents in them (linear in the incidents,
so a million index in a second), from FINE_ZOOM over the incidents themselves in and around the view. Popups are
assembled with textContent and only http(s) links are made clickable, so nothing an article says can run as
script. When the layer is ready it fires "geomap:incidents" ({geomap}) on the map; after each filtering,
"geomap:filtered" ({geomap}).
"""

from __future__ import annotations

import base64
import datetime as dt
import json

import numpy as np
from branca.element import Element, MacroElement

from geomap.border import border_km
from geomap.render.basemap import region_keys
from geomap.render.offline import inline_asset
from geomap.render.safe_json import DataLayer, data_layer_template, escape_json, gzip_base64
from geomap.render.shapes import ShapeMarkers
from geomap.taxonomy import EVENT_TYPES
from geomap.vocabulary import WAR_THEATRE

# Properties the popup shows; everything else stays in the GeoJSON.
_POPUP_FIELDS = ("event_type", "place_name", "mention", "admin1", "country_code", "geo_precision",
                 "date", "date_precision", "quote", "source", "sources", "actors", "killed", "injured",
                 "casualties_at_least", "border_km")


CHUNK_EVENTS = 1024  # incidents per popup chunk: one click inflates ~0.5 MB of JSON at most
COMPRESS_DETAILS_BYTES = 2_000_000  # popup data above this travel gzipped
UNDATED = -(2**31)  # day number of an undated incident
FINE_ZOOM = 9  # from this zoom on, clusters are made from the incidents in and around the view
MAX_CLUSTER_ZOOM = 16  # beyond it every incident is drawn; incidents at one spot open as one paged popup
_EPOCH = dt.date(1970, 1, 1).toordinal()


def _day(date: object) -> int:
    """Days since 1970-01-01, as the page's Date.parse gives them; UNDATED for a missing or unreadable date."""
    if not isinstance(date, str) or not date:
        return UNDATED
    padded = {4: "-01-01", 7: "-01"}.get(len(date), "")
    try:
        return dt.date.fromisoformat(date[:10] + padded).toordinal() - _EPOCH
    except ValueError:
        return UNDATED


def _details(feature: dict, distance: float | None) -> dict:
    """What the popup shows. The first source is not repeated beside the list of sources, nor its quote."""
    props = feature["properties"]
    event = {k: props.get(k) for k in _POPUP_FIELDS if props.get(k) is not None}
    if event.get("border_km") is None and distance is not None:
        event["border_km"] = distance
    if isinstance(event.get("border_km"), float):
        event["border_km"] = round(event["border_km"], 1)  # as the popup shows it; more digits only cost bytes
    if event.get("mention") == event.get("place_name"):
        event.pop("mention")  # the popup shows how a place was written only where it differs
    if event.get("sources"):
        event.pop("source", None)
        event.pop("quote", None)
        event["sources"] = [{k: v for k, v in s.items() if k != "mention" and v is not None} if isinstance(s, dict)
                            else s for s in event["sources"]]
    return event


def _base64(values: np.ndarray) -> str:
    """Little-endian, as typed arrays read them on every machine a browser runs on."""
    return base64.b64encode(values.astype(values.dtype.newbyteorder("<"), copy=False).tobytes()).decode()


def payload(features: list[dict], title: str, attribution: str) -> tuple[dict, str]:
    """(the layer's JSON payload, the popup chunks joined by newlines: escaped JSON or base64 of gzipped JSON)."""
    lons = [f["geometry"]["coordinates"][0] for f in features]
    lats = [f["geometry"]["coordinates"][1] for f in features]
    missing = [f["properties"].get("border_km") is None for f in features]
    distances = border_km(lats, lons) if any(missing) else [None] * len(features)
    regions = region_keys(lats, lons)
    names = ["", *sorted(set(regions) - {""})]
    region_number = {name: i for i, name in enumerate(names)}
    type_number = {t.key: i for i, t in enumerate(EVENT_TYPES)}
    other = type_number["other"]
    columns = {
        "lon": np.rint(np.asarray(lons, dtype=np.float64) * 1e6).astype(np.int32),  # micro-degrees
        "lat": np.rint(np.asarray(lats, dtype=np.float64) * 1e6).astype(np.int32),
        "type": np.fromiter((type_number.get(f["properties"].get("event_type"), other) for f in features),
                            dtype=np.uint8, count=len(features)),
        "precision": np.fromiter((f["properties"].get("geo_precision") or 1 for f in features), dtype=np.uint8,
                                 count=len(features)),
        "day": np.fromiter((_day(f["properties"].get("date")) for f in features), dtype=np.int32,
                           count=len(features)),
        "region": np.fromiter((region_number[r] if p == 3 else 0 for r, p in
                               zip(regions, (f["properties"].get("geo_precision") for f in features), strict=True)),
                              dtype=np.uint16, count=len(features)),
    }
    events = [_details(f, d) for f, d in zip(features, distances, strict=True)]
    chunks = [json.dumps(events[i: i + CHUNK_EVENTS], ensure_ascii=False, separators=(",", ":"))
              for i in range(0, len(events), CHUNK_EVENTS)]
    compressed = sum(map(len, chunks)) > COMPRESS_DETAILS_BYTES
    # Newlines part the chunks: JSON escapes them inside strings, and base64 has none.
    details = "\n".join(gzip_base64(c) if compressed else escape_json(c) for c in chunks)
    return {
        "title": title,
        "attribution": attribution,
        "precision": {1: "the named place", 2: "near it or its district", 3: "region only"},
        "types": [{"key": t.key, "label": t.label, "color": t.colour, "shape": t.shape}
                  for t in EVENT_TYPES],
        "count": len(features),
        "columns": {name: _base64(values) for name, values in columns.items()},
        "regions": names,
        "chunk": CHUNK_EVENTS,
        "details": "gzip" if compressed else "json",
        "view": initial_view(features),
    }, details


# The map opens on the war: incidents in its theatre (vocabulary.WAR_THEATRE) frame the first view; one elsewhere
# (a strike reported in Poland, a namesake far away) is on the map but does not zoom it out to the whole world.


def initial_view(features: list[dict]) -> list[float] | None:
    """[south, west, north, east] of the theatre's incidents, or of all of them when none is in the theatre."""
    framed = [f for f in features if (f["properties"].get("country_code") or "") in WAR_THEATRE] or features
    if not framed:
        return None
    lons = [f["geometry"]["coordinates"][0] for f in framed]
    lats = [f["geometry"]["coordinates"][1] for f in framed]
    return [min(lats), min(lons), max(lats), max(lons)]


class IncidentLayer(DataLayer):
    _template = data_layer_template("""
  var types = data.types, byKey = {}, groups = {}, overlays = {}, counts = {}, shownByType = {}, legendCounts = {};
  var UNDATED = {{ this.undated }}, FINE_ZOOM = {{ this.fine_zoom }}, MAX_ZOOM = {{ this.max_zoom }};
  var OPTIONS = {radius: 40, extent: 256, map: function (p) { return {n: p.n}; },
                 reduce: function (sum, p) { sum.n += p.n; }};  // 40 px clusters on 256 px tiles
  var columns = data.columns, n = data.count;
  var int32 = function (name) { return new Int32Array(window.geomapBytes(columns[name]).buffer); };
  var lon = int32("lon"), lat = int32("lat"), days = int32("day"), kind = window.geomapBytes(columns.type);
  var precision = window.geomapBytes(columns.precision);
  var region = new Uint16Array(window.geomapBytes(columns.region).buffer);
  var visible = new Uint8Array(n).fill(1), members = [], coarse = {}, fine = {};
  types.forEach(function (t) { byKey[t.key] = t; members.push([]); });
  for (var i = 0; i < n; i++) { members[kind[i]].push(i); }
  members = members.map(function (list) { return Int32Array.from(list); });
  types.forEach(function (t, k) { counts[t.key] = shownByType[t.key] = members[k].length; });
  var latLng = function (i) { return L.latLng(lat[i] / 1e6, lon[i] / 1e6); };

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
    row(box, "Type", (byKey[e.event_type] || {label: e.event_type}).label);
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
  // Popup data: chunks of data.chunk incidents, each parsed (and inflated) when one of its popups first opens.
  var chunkTexts = null, chunks = {};
  function details(i) {
    var c = Math.floor(i / data.chunk);
    if (!chunks[c]) {
      if (chunkTexts === null) {
        chunkTexts = document.getElementById("{{ this.get_name() }}_details").textContent.split("\\n");
      }
      chunks[c] = data.details === "gzip" ? window.geomapInflate(chunkTexts[c])
                                          : Promise.resolve(JSON.parse(chunkTexts[c]));
    }
    return chunks[c].then(function (rows) { return rows[i % data.chunk]; });
  }
  var tip = L.tooltip({direction: "top", offset: [0, -6]});
  // One popup for incidents at one spot: "2 of 5 here", with buttons to page through them.
  function openPopup(indices, at) {
    indices = [].concat(indices);
    var box = el("div"), current = 0, pop = L.popup({maxWidth: 380});
    pop.setLatLng(at || latLng(indices[0]));
    function page(step) {
      current = (current + step + indices.length) % indices.length;
      return details(indices[current]).then(function (e) {
        box.textContent = "";
        if (indices.length > 1) {
          var bar = box.appendChild(el("div", null, "geomap-pager"));
          [["‹", "geomap-prev", -1], ["›", "geomap-next", 1]].forEach(function (b) {
            L.DomEvent.on(bar.appendChild(el("button", b[0], b[1])), "click", function (ev) {
              L.DomEvent.stop(ev);  // a click that reached the map would close the popup
              page(b[2]);
            });
          });
          bar.insertBefore(el("span", (current + 1) + " of " + indices.length + " here", "geomap-pager-count"),
                           bar.lastChild);
        }
        box.appendChild(popup(e));
        pop.setContent(box);
        if (!map.hasLayer(pop)) { pop.openOn(map); } else { pop.update(); }
        return pop;
      });
    }
    return page(0);
  }
  function pointMarker(t, i) {
    var precise = precision[i] === 1;
    var marker = new L.GeomapShape(latLng(i), {
      shape: t.shape, radius: t.shape === "dot" ? 4.5 : (precise ? 7 : 8), color: "#222", weight: 1.2,
      dashArray: precise ? null : "3 2", fillColor: t.color, fillOpacity: precise ? 0.9 : 0.45});
    marker.geomapIndex = i;
    marker.on("click", function () { openPopup(i); });
    marker.on("mouseover", function () {
      details(i).then(function (e) { map.openTooltip(tip.setLatLng(latLng(i)).setContent(el("span", e.place_name))); });
    });
    marker.on("mouseout", function () { map.closeTooltip(tip); });
    return marker;
  }
  function clusterMarker(t, feature, index, zoom) {
    var c = feature.geometry.coordinates, p = feature.properties, at = L.latLng(c[1], c[0]);
    var html = '<div style="background:' + t.color + '"><span>' + p.n + "</span></div>";  // p.n: a number
    var marker = L.marker(at, {icon: L.divIcon({html: html, className: "marker-cluster geomap-cluster",
                                                iconSize: L.point(40, 40)}), keyboard: false});
    marker.geomapCount = p.n;
    marker.on("click", function () {
      if (zoom < FINE_ZOOM) {  // a cell or cluster of cells: closer in, down to the fine index
        var next = p.cluster ? index.getClusterExpansionZoom(p.cluster_id) : FINE_ZOOM;
        return map.setView(at, Math.min(Math.max(next, zoom + 1), FINE_ZOOM));
      }
      var expands = index.getClusterExpansionZoom(p.cluster_id);
      if (expands <= MAX_ZOOM) { return map.setView(at, expands); }
      openPopup(index.getLeaves(p.cluster_id, Infinity).map(function (f) { return f.properties.i; }), at);
    });
    return marker;
  }

  // Below FINE_ZOOM: supercluster over grid cells the size of a cluster at FINE_ZOOM, each the sum of its incidents.
  function coarseIndex(k) {
    if (coarse[k]) { return coarse[k]; }
    var list = members[k], cells = new Map(), seeds = [], scale = 256 * Math.pow(2, FINE_ZOOM) / 40;
    for (var j = 0; j < list.length; j++) {
      var i = list[j];
      if (!visible[i]) { continue; }
      var x = lon[i] / 360e6 + 0.5, s = Math.sin(lat[i] * Math.PI / 180e6);
      var y = Math.min(Math.max(0.5 - 0.25 * Math.log((1 + s) / (1 - s)) / Math.PI, 0), 1);
      var key = Math.floor(y * scale) * 1e7 + Math.floor(x * scale), seed = cells.get(key);
      if (seed === undefined) { cells.set(key, seeds.length); seeds.push([x, y, 1, i]); }
      else { seed = seeds[seed]; seed[0] += x; seed[1] += y; seed[2] += 1; }
    }
    var points = seeds.map(function (s) {
      var at = s[2] === 1 ? [lon[s[3]] / 1e6, lat[s[3]] / 1e6]
        : [(s[0] / s[2] - 0.5) * 360, Math.atan(Math.sinh(Math.PI * (1 - 2 * s[1] / s[2]))) * 180 / Math.PI];
      return {geometry: {coordinates: at}, properties: {n: s[2], i: s[3]}};
    });
    coarse[k] = new Supercluster(Object.assign({minZoom: 0, maxZoom: FINE_ZOOM - 1}, OPTIONS)).load(points);
    return coarse[k];
  }
  // From FINE_ZOOM: supercluster over the incidents in and around the view, for this zoom and three more.
  function fineIndex(k, zoom, bounds) {
    var f = fine[k];
    if (f && zoom >= f.zoom && (zoom <= f.zoom + 3 || f.zoom + 3 >= MAX_ZOOM) && f.bounds.contains(bounds)) {
      return f.index;
    }
    var area = bounds.pad(0.5), points = [], list = members[k];
    var south = area.getSouth() * 1e6, north = area.getNorth() * 1e6, west = area.getWest() * 1e6;
    var east = area.getEast() * 1e6;
    for (var j = 0; j < list.length; j++) {
      var i = list[j];
      if (visible[i] && lat[i] >= south && lat[i] <= north && lon[i] >= west && lon[i] <= east) {
        points.push({geometry: {coordinates: [lon[i] / 1e6, lat[i] / 1e6]}, properties: {n: 1, i: i}});
      }
    }
    var index = new Supercluster(Object.assign({minZoom: zoom, maxZoom: Math.min(zoom + 3, MAX_ZOOM)}, OPTIONS));
    fine[k] = {zoom: zoom, bounds: area, index: index.load(points)};
    return fine[k].index;
  }
  function draw(k) {
    var t = types[k], group = groups[t.key];
    group.clearLayers();
    if (!map.hasLayer(group) || !shownByType[t.key]) { return; }
    var zoom = Math.round(map.getZoom()), bounds = map.getBounds();
    var index = zoom < FINE_ZOOM ? coarseIndex(k) : fineIndex(k, zoom, bounds);
    var box = [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()];
    index.getClusters(box, zoom).forEach(function (f) {
      group.addLayer(f.properties.n > 1 ? clusterMarker(t, f, index, zoom) : pointMarker(t, f.properties.i));
    });
  }
  // Types are drawn one at a time, so that the first clusters show before the last type's index is built.
  var queue = [], timer = null;
  function redraw(keys) {
    keys.forEach(function (k) { if (queue.indexOf(k) < 0) { queue.push(k); } });
    if (timer === null) { timer = setTimeout(step, 0); }
  }
  function step() {
    timer = null;
    if (queue.length) { draw(queue.shift()); }
    if (queue.length) { timer = setTimeout(step, 0); }
  }
  var everyType = types.map(function (t, k) { return k; });

  types.forEach(function (t, k) {
    groups[t.key] = L.featureGroup();
    groups[t.key].on("add", function () { redraw([k]); });
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
    types.forEach(function (t) {
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
    countLine = box.appendChild(el("div", n + " incidents", "geomap-count"));
    return box;
  };
  heading.addTo(map);
  map.attributionControl.addAttribution(data.attribution);

  // Show only the incidents `keep(i)` accepts; the legend, the count and the clusters follow.
  function show(keep) {
    var total = 0;
    types.forEach(function (t) { shownByType[t.key] = 0; });
    for (var i = 0; i < n; i++) {
      visible[i] = keep(i) ? 1 : 0;
      if (visible[i]) { shownByType[types[kind[i]].key] += 1; total += 1; }
    }
    types.forEach(function (t) {
      if (legendCounts[t.key]) { legendCounts[t.key].textContent = "(" + shownByType[t.key] + ")"; }
    });
    countLine.textContent = total === n ? n + " incidents" : total + " of " + n + " incidents shown";
    coarse = {}; fine = {};
    redraw(everyType);
    map.fire("geomap:filtered", {geomap: window.geomap});
  }
  // Incidents shown: those the filter keeps, of the types ticked in the layer control.
  function shown() {
    return types.reduce(function (sum, t) { return sum + (map.hasLayer(groups[t.key]) ? shownByType[t.key] : 0); }, 0);
  }
  if (data.view) {
    map.fitBounds(L.latLngBounds([data.view[0], data.view[1]], [data.view[2], data.view[3]]).pad(0.15),
                  {maxZoom: 8, animate: false});
  }
  map.on("moveend", function () { redraw(everyType); });
  window.geomap = {map: map, groups: groups, control: control, show: show, shown: shown, shownByType: shownByType,
                   count: n, visible: visible, kind: kind, precision: precision, days: days, UNDATED: UNDATED,
                   latLng: latLng, region: function (i) { return data.regions[region[i]]; }, details: details,
                   openPopup: openPopup, types: types};
  redraw(everyType);
  map.fire("geomap:incidents", {geomap: window.geomap});  // Leaflet copies event data: pass the object inside
""")

    def __init__(self, features: list[dict], title: str, attribution: str):
        layer, details = payload(features, title, attribution)
        super().__init__("GeomapIncidents", layer, blobs=(("details", "application/x-geomap-chunks", details),))
        self.undated, self.fine_zoom, self.max_zoom = UNDATED, FINE_ZOOM, MAX_CLUSTER_ZOOM
        self.add_child(ShapeMarkers())
        self.add_child(Supercluster())


class Supercluster(MacroElement):
    """Adds the vendored supercluster library to the page (once)."""

    def render(self, **kwargs):
        self.get_root().header.add_child(Element(inline_asset("supercluster.min.js")), name="geomap_supercluster")
        super().render(**kwargs)
