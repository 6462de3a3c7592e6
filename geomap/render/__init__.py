"""Render: GeoJSON events → a self-contained Leaflet map (folium) that works opened from disk, offline."""

from __future__ import annotations

from pathlib import Path

import folium
from branca.element import Element

from geomap import atomic
from geomap.render.basemap import Basemap
from geomap.render.date_filter import DateFilter
from geomap.render.incidents import IncidentLayer
from geomap.render.offline import OfflineMap
from geomap.render.uncertainty import UncertaintyLayer

ATTRIBUTION = ("Places: <a href=\"https://www.geonames.org/\">GeoNames</a> (CC BY 4.0), "
               "<a href=\"https://ourairports.com/\">OurAirports</a> (public domain); "
               "borders: <a href=\"https://www.naturalearthdata.com/\">Natural Earth</a>, "
               "<a href=\"https://www.geoboundaries.org/\">geoBoundaries</a> (CC BY 4.0)")
BORDER_CENTRE = (50.6, 36.6)  # Belgorod–Kharkiv stretch of the Russia–Ukraine border
_CSS = """<style>
.geomap-title { background: #fff; padding: 6px 10px; font: 14px/1.3 system-ui, sans-serif; }
.geomap-title-text { font-weight: 600; }
.geomap-count { color: #555; font-size: 12px; }
.geomap-legend { background: #fff; padding: 6px 10px; font: 12px/1.5 system-ui, sans-serif; }
.geomap-legend-title { font-weight: 600; }
.geomap-legend-note { color: #666; font-size: 11px; margin-top: 3px; }
.geomap-swatch { margin-right: 6px; vertical-align: -2px; }
.marker-cluster { background-clip: padding-box; border-radius: 20px; background: rgba(255, 255, 255, 0.55); }
.marker-cluster div { width: 30px; height: 30px; margin: 5px 0 0 5px; text-align: center; border-radius: 15px;
  font: 12px "Helvetica Neue", Arial, Helvetica, sans-serif; }
.marker-cluster span { line-height: 30px; }
.geomap-cluster div { color: #fff; font-weight: 600; text-shadow: 0 0 2px #000; opacity: 0.85; }
.geomap-pager { display: flex; align-items: center; gap: 8px; margin-bottom: 6px; font: 12px system-ui, sans-serif; }
.geomap-pager button { cursor: pointer; }
.geomap-dates { background: #fff; padding: 6px 10px; font: 12px/1.5 system-ui, sans-serif; width: 220px; }
.geomap-dates-title { font-weight: 600; }
.geomap-dates input[type=range] { width: 100%; margin: 2px 0; }
.geomap-popup { font: 13px/1.4 system-ui, sans-serif; }
.geomap-place { font-weight: 600; font-size: 14px; margin-bottom: 3px; }
.geomap-quote { margin: 6px 0; padding-left: 8px; border-left: 3px solid #bbb; color: #333; font-style: italic; }
.geomap-sources-title { font-weight: 600; margin-top: 6px; }
.geomap-source { margin: 3px 0 6px; }
.geomap-raw-url { color: #777; font-size: 11px; word-break: break-all; }
.leaflet-container { background: #cfe3ef; }
</style>"""


def build_map(features: list[dict], title: str = "geomap: incidents") -> folium.Map:
    m = OfflineMap(location=BORDER_CENTRE, zoom_start=6, tiles=None, prefer_canvas=True, control_scale=True)
    folium.TileLayer("OpenStreetMap", name="OpenStreetMap (online only)").add_to(m)
    m.get_root().header.add_child(Element(_CSS), name="geomap_css")
    Basemap().add_to(m)
    # Listeners first: the incident layer announces itself once its data are parsed.
    UncertaintyLayer().add_to(m)
    DateFilter().add_to(m)
    IncidentLayer(features, title=title, attribution=ATTRIBUTION).add_to(m)
    return m


def write_map(features: list[dict], out: str | Path, title: str = "geomap: incidents") -> None:
    html = build_map(features, title).get_root().render()
    atomic.write_text(out, html)
