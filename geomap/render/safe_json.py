"""Map data as JSON inside the page: escaped so that no string it holds can end its <script> element, and a base
class for map elements whose JavaScript reads that JSON (the basemap, the incident layer)."""

from __future__ import annotations

import json

from branca.element import MacroElement
from jinja2 import Template

_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(value: object) -> str:
    """json.dumps with <, >, & and the JS line separators escaped: "</script>" in a title cannot end the element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escape in _ESCAPES.items():
        text = text.replace(char, escape)
    return text


_PROLOGUE = """
{% macro html(this, kwargs) %}
<script type="application/json" id="{{ this.get_name() }}_data">{{ this.data }}</script>
{% endmacro %}
{% macro script(this, kwargs) %}
(function () {
  var map = {{ this._parent.get_name() }};
  var data = JSON.parse(document.getElementById("{{ this.get_name() }}_data").textContent);
"""
_EPILOGUE = """
})();
{% endmacro %}
"""


def data_layer_template(body: str) -> Template:
    """A folium element template whose script `body` sees `map` (the Leaflet map) and `data` (the payload)."""
    return Template(_PROLOGUE + body + _EPILOGUE)


class DataLayer(MacroElement):
    """A map element that ships `payload` as escaped JSON next to the script that draws it."""

    def __init__(self, name: str, payload: object):
        super().__init__()
        self._name = name
        self.data = script_json(payload)
