"""Distance to the Russia–Ukraine land border, in km, for points anywhere (on either side).

The border line is the geoBoundaries Ukraine outline's stretch along Russia (gazetteer/ru_ua_border.geojson.gz),
about 2 km closer to the truth than Natural Earth's. Distances are measured in the ETRS89 Lambda azimuthal
equal-area projection (EPSG:3035), within 0.5% over the theatre.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import shape

from geomap.gazetteer import ru_ua_border_geojson

_TO_METRES = Transformer.from_crs("EPSG:4326", "EPSG:3035", always_xy=True)


@lru_cache(maxsize=1)
def _border_metres() -> shapely.Geometry:
    line = shapely.union_all([shape(f["geometry"]) for f in ru_ua_border_geojson()["features"]])
    projected = shapely.transform(line, lambda xy: np.column_stack(_TO_METRES.transform(xy[:, 0], xy[:, 1])))
    shapely.prepare(projected)
    return projected


def border_km(lats: Sequence[float], lons: Sequence[float]) -> list[float]:
    """Kilometres from each point to the nearest point of the border, to 0.1 km."""
    if not len(lats):
        return []
    x, y = _TO_METRES.transform(np.asarray(lons, dtype=float), np.asarray(lats, dtype=float))
    metres = shapely.distance(shapely.points(x, y), _border_metres())
    return [round(float(m) / 1000, 1) for m in metres]
