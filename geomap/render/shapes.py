"""Marker shapes, so that incident types differ by shape as well as colour (readable in greyscale and by the
colour-blind): `L.GeomapShape`, a circle marker drawn as a triangle, diamond, star… on canvas or SVG, and
`L.GeomapShape.swatch` for the legend."""

from __future__ import annotations

from branca.element import Element, MacroElement

SHAPES = ("circle", "triangle", "diamond", "triangle-down", "star", "square", "pentagon", "hexagon", "plus", "dot",
          "cross", "octagon", "star6", "triangle-left", "triangle-right")

_JS = """<script>
(function () {
  var unit = {
    "triangle": [[0, -1.2], [1.04, 0.6], [-1.04, 0.6]],
    "triangle-down": [[0, 1.2], [1.04, -0.6], [-1.04, -0.6]],
    "triangle-left": [[-1.2, 0], [0.6, -1.04], [0.6, 1.04]],
    "triangle-right": [[1.2, 0], [-0.6, -1.04], [-0.6, 1.04]],
    "diamond": [[0, -1.25], [1.25, 0], [0, 1.25], [-1.25, 0]],
    "square": [[-0.9, -0.9], [0.9, -0.9], [0.9, 0.9], [-0.9, 0.9]],
    "plus": [[-0.35, -1], [0.35, -1], [0.35, -0.35], [1, -0.35], [1, 0.35], [0.35, 0.35], [0.35, 1], [-0.35, 1],
             [-0.35, 0.35], [-1, 0.35], [-1, -0.35], [-0.35, -0.35]]
  };
  function ring(n, start, radii) {
    var out = [];
    for (var i = 0; i < n; i++) {
      var a = start + i * 2 * Math.PI / n, r = radii[i % radii.length];
      out.push([r * Math.cos(a), r * Math.sin(a)]);
    }
    return out;
  }
  unit.pentagon = ring(5, -Math.PI / 2, [1.1]);
  unit.hexagon = ring(6, 0, [1.05]);
  unit.star = ring(10, -Math.PI / 2, [1.3, 0.55]);
  unit.star6 = ring(12, -Math.PI / 2, [1.3, 0.65]);
  unit.octagon = ring(8, Math.PI / 8, [1.05]);
  unit.cross = unit.plus.map(function (p) {  // the plus turned by 45°
    return [(p[0] - p[1]) * Math.SQRT1_2, (p[0] + p[1]) * Math.SQRT1_2];
  });

  function points(shape, x, y, r) {
    return (unit[shape] || []).map(function (p) { return [x + p[0] * r, y + p[1] * r]; });
  }
  L.Canvas.include({
    _updateGeomapShape: function (layer) {
      if (!this._drawing || layer._empty()) { return; }
      var p = layer._point, ctx = this._ctx, pts = points(layer.options.shape, p.x, p.y, layer._radius);
      ctx.beginPath();
      pts.forEach(function (q, i) { if (i) { ctx.lineTo(q[0], q[1]); } else { ctx.moveTo(q[0], q[1]); } });
      ctx.closePath();
      this._fillStroke(ctx, layer);
    }
  });
  L.SVG.include({
    _updateGeomapShape: function (layer) {
      var p = layer._point, pts = points(layer.options.shape, p.x, p.y, layer._radius);
      this._setPath(layer, layer._empty() ? "M0 0" : "M" + pts.map(function (q) { return q.join(" "); })
        .join("L") + "z");
    }
  });
  L.GeomapShape = L.CircleMarker.extend({
    options: {shape: "circle"},
    _updatePath: function () {
      if (!unit[this.options.shape]) { return L.CircleMarker.prototype._updatePath.call(this); }
      this._renderer._updateGeomapShape(this);
    }
  });
  // A small SVG of the shape for legends and the layer control.
  L.GeomapShape.swatch = function (shape, color) {
    var ns = "http://www.w3.org/2000/svg", svg = document.createElementNS(ns, "svg"), mark;
    svg.setAttribute("width", "14"); svg.setAttribute("height", "14"); svg.setAttribute("class", "geomap-swatch");
    if (unit[shape]) {
      mark = document.createElementNS(ns, "polygon");
      mark.setAttribute("points", points(shape, 7, 7, 5).map(function (q) { return q.join(","); }).join(" "));
    } else {
      mark = document.createElementNS(ns, "circle");
      mark.setAttribute("cx", "7"); mark.setAttribute("cy", "7"); mark.setAttribute("r", shape === "dot" ? "3.5" : "5");
    }
    mark.setAttribute("fill", color); mark.setAttribute("stroke", "#222"); mark.setAttribute("stroke-width", "1");
    svg.appendChild(mark);
    return svg;
  };
})();
</script>"""


class ShapeMarkers(MacroElement):
    """Adds L.GeomapShape to the page (once); elements that draw shaped markers include it."""

    def render(self, **kwargs):
        self.get_root().header.add_child(Element(_JS), name="geomap_shapes")
        super().render(**kwargs)
