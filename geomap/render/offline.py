"""A folium Map that carries Leaflet and its plugins inline, so the HTML works from disk with no network.

folium links Leaflet, jQuery, Bootstrap and Font Awesome from CDNs, and `save(embedded=True)` fails once a Marker is
on the map. geomap draws its own layers and needs only Leaflet (and supercluster, which the incident layer adds),
vendored from npm into assets/ (versions and licences in assets/VENDOR.md).
"""

from __future__ import annotations

from importlib import resources

import folium
from branca.element import Element, Figure

ASSET_FILES = ("leaflet.css", "leaflet.js")


def asset_text(name: str) -> str:
    return resources.files("geomap.render").joinpath("assets", name).read_text(encoding="utf-8")


def inline_asset(name: str) -> str:
    text = asset_text(name).replace("</", "<\\/")  # keep "</script>" inside a library from closing the tag
    tag = "style" if name.endswith(".css") else "script"
    return f"<{tag}>/* {name} (vendored, see geomap/render/assets/VENDOR.md) */\n{text}\n</{tag}>"


class OfflineMap(folium.Map):
    """folium.Map without CDN links; the vendored assets are inlined in the page header instead."""

    default_js: list = []
    default_css: list = []

    def render(self, **kwargs):
        figure = self.get_root()
        assert isinstance(figure, Figure), "OfflineMap must be inside a Figure"
        for name in ASSET_FILES:
            figure.header.add_child(Element(inline_asset(name)), name=f"geomap_{name}")
        super().render(**kwargs)
