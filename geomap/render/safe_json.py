"""Map data inside the page, and a base class for map elements whose JavaScript reads it.

Data travel as JSON in a <script type="application/json"> element, escaped so that no string it holds can end the
element; above COMPRESS_BYTES they travel gzipped and base64-encoded instead (a 100,000-incident map stays small)
and the browser inflates them with its DecompressionStream. Either way the page parses them with JSON.parse, so no
string in them can run.
"""

from __future__ import annotations

import base64
import gzip
import json

from branca.element import Element, MacroElement
from jinja2 import Template

_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
COMPRESS_BYTES = 2_000_000


def script_json(value: object) -> str:
    """json.dumps with <, >, & and the JS line separators escaped: "</script>" in a title cannot end the element."""
    return escape_json(json.dumps(value, ensure_ascii=False, separators=(",", ":")))


def escape_json(text: str) -> str:
    """JSON text made safe inside a script element (see script_json)."""
    for char, escape in _ESCAPES.items():
        text = text.replace(char, escape)
    return text


def gzip_base64(text: str, level: int = 9) -> str:
    """What window.geomapInflate reads back: base64 holds no character that could end a script element."""
    return base64.b64encode(gzip.compress(text.encode("utf-8"), compresslevel=level, mtime=0)).decode()


# Defined once per page: a Promise of the parsed payload of a data element, plain or gzipped.
_LOADER = """<script>
window.geomapBytes = function (base64) {  // base64 → Uint8Array
  if (Uint8Array.fromBase64) { return Uint8Array.fromBase64(base64); }
  var raw = atob(base64), bytes = new Uint8Array(raw.length);
  for (var i = 0; i < raw.length; i++) { bytes[i] = raw.charCodeAt(i); }
  return bytes;
};
window.geomapInflate = function (base64) {  // base64 of gzipped JSON → Promise of the value
  var inflated = new Blob([window.geomapBytes(base64)]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Response(inflated).text().then(JSON.parse);
};
window.geomapLoad = function (id) {
  var node = document.getElementById(id);
  if (node.type === "application/json") { return Promise.resolve(JSON.parse(node.textContent)); }
  return window.geomapInflate(node.textContent);
};
</script>"""

_PROLOGUE = """
{% macro html(this, kwargs) %}
<script type="{{ this.data_type }}" id="{{ this.get_name() }}_data">{{ this.data }}</script>
{% for suffix, kind, text in this.blobs %}
<script type="{{ kind }}" id="{{ this.get_name() }}_{{ suffix }}">{{ text }}</script>
{% endfor %}{% endmacro %}
{% macro script(this, kwargs) %}
(function () {
  var map = {{ this._parent.get_name() }};
  window.geomapLoad("{{ this.get_name() }}_data").then(function (data) {
"""
_EPILOGUE = """
  });
})();
{% endmacro %}
"""


def data_layer_template(body: str) -> Template:
    """A folium element template whose script `body` sees `map` (the Leaflet map) and `data` (the payload)."""
    return Template(_PROLOGUE + body + _EPILOGUE)


class DataLayer(MacroElement):
    """A map element that ships `payload` as escaped JSON (gzipped when large) next to the script that draws it."""

    def __init__(self, name: str, payload: object, blobs: tuple[tuple[str, str, str], ...] = ()):
        """`blobs`: more (id suffix, type, text) elements the script reads itself, their text already safe."""
        super().__init__()
        self._name = name
        self.blobs = blobs
        text = script_json(payload)
        if len(text) > COMPRESS_BYTES:
            self.data_type, self.data = "application/gzip+base64", gzip_base64(text)
        else:
            self.data_type, self.data = "application/json", text

    def render(self, **kwargs):
        self.get_root().header.add_child(Element(_LOADER), name="geomap_loader")
        super().render(**kwargs)
