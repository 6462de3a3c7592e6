"""A date filter: a two-handled range of days under the map; incidents outside it are hidden (undated ones by a
checkbox). Works on the incident layer's day numbers through `geomap.show`, after it fires "geomap:incidents"."""

from __future__ import annotations

from branca.element import MacroElement
from jinja2 import Template


class DateFilter(MacroElement):
    _template = Template("""
{% macro script(this, kwargs) %}
(function () {
  var map = {{ this._parent.get_name() }};
  map.on("geomap:incidents", function (ev) {
    var geomap = ev.geomap;
    var DAY = 864e5, days = geomap.days, UNDATED = geomap.UNDATED, first = Infinity, last = -Infinity, undated = 0;
    for (var i = 0; i < days.length; i++) {
      if (days[i] === UNDATED) { undated += 1; continue; }
      first = Math.min(first, days[i]); last = Math.max(last, days[i]);
    }
    if (undated === days.length) { return; }
    var iso = function (d) { return new Date(d * DAY).toISOString().slice(0, 10); };
    var box = L.DomUtil.create("div", "geomap-dates leaflet-bar");
    var title = L.DomUtil.create("div", "geomap-dates-title", box);
    title.textContent = "Dates";
    var range = L.DomUtil.create("div", "geomap-dates-range", box);
    var slider = function (value, name) {
      var input = L.DomUtil.create("input", "geomap-date-" + name, box);
      input.type = "range"; input.min = first; input.max = last; input.step = 1; input.value = value;
      input.setAttribute("aria-label", name === "from" ? "first day shown" : "last day shown");
      return input;
    };
    var from = slider(first, "from"), to = slider(last, "to");
    var withUndated = {checked: true};
    if (undated) {
      var label = L.DomUtil.create("label", "geomap-dates-undated", box);
      withUndated = L.DomUtil.create("input", "geomap-date-undated", label);
      withUndated.type = "checkbox"; withUndated.checked = true;
      label.appendChild(document.createTextNode(" undated (" + undated + ")"));
    }
    var pending;
    var apply = function () {
      var lo = Math.min(+from.value, +to.value), hi = Math.max(+from.value, +to.value);
      range.textContent = iso(lo) + " – " + iso(hi);
      clearTimeout(pending);
      pending = setTimeout(function () {
        var keepUndated = withUndated.checked;
        geomap.show(function (i) { var d = days[i]; return d === UNDATED ? keepUndated : d >= lo && d <= hi; });
      }, 120);
    };
    [from, to].forEach(function (input) { L.DomEvent.on(input, "input", apply); });
    if (undated) { L.DomEvent.on(withUndated, "change", apply); }
    range.textContent = iso(first) + " – " + iso(last);
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    var control = L.control({position: "bottomright"});
    control.onAdd = function () { return box; };
    control.addTo(map);
  });
})();
{% endmacro %}
""")

    def __init__(self):
        super().__init__()
        self._name = "GeomapDateFilter"
