"""Photon (/api, GeoJSON): each answer a Feature whose properties carry osm_key, osm_value and countrycode."""

from __future__ import annotations

from geopy.location import Location

from geomap.geocoders.base import THEATRE_VIEWBOX, ProviderAdapter

_OSM_TYPES = {"N": "node", "W": "way", "R": "relation"}


class PhotonAdapter(ProviderAdapter):
    def request_options(self, country: str | None) -> dict:
        # Photon has no country filter: the country is vetted on the answer. Its bbox is a filter, not a bias, so
        # the theatre's centre biases instead.
        (south, west), (north, east) = THEATRE_VIEWBOX
        return {"language": "en", "location_bias": ((south + north) / 2, (west + east) / 2)}

    @classmethod
    def _properties(cls, location: Location) -> dict:
        return cls.raw(location).get("properties") or {}

    def name(self, location: Location) -> str:
        return self._properties(location).get("name") or super().name(location)

    def country_code(self, location: Location) -> str:
        return (self._properties(location).get("countrycode") or "").upper()

    def feature(self, location: Location) -> tuple[str, str]:
        props = self._properties(location)
        return props.get("osm_key") or "", props.get("osm_value") or ""

    def admin1(self, location: Location) -> str:
        return self._properties(location).get("state") or ""

    def ident(self, location: Location) -> str:
        props = self._properties(location)
        if props.get("osm_type") and props.get("osm_id"):
            return f"{_OSM_TYPES.get(props['osm_type'], props['osm_type'])}{props['osm_id']}"
        return super().ident(location)
