"""Nominatim (/search, format=json): class and type at the top level, the country in `address`."""

from __future__ import annotations

from geopy.location import Location

from geomap.geocoders.base import THEATRE_VIEWBOX, ProviderAdapter


class NominatimAdapter(ProviderAdapter):
    def request_options(self, country: str | None) -> dict:
        return {"addressdetails": True, "language": "en", "viewbox": THEATRE_VIEWBOX,
                "country_codes": [country.lower()] if country else None}

    def name(self, location: Location) -> str:
        return self.raw(location).get("name") or super().name(location)

    def country_code(self, location: Location) -> str:
        return (self.raw(location).get("address") or {}).get("country_code", "").upper()

    def feature(self, location: Location) -> tuple[str, str]:
        raw = self.raw(location)
        return raw.get("class") or "", raw.get("type") or ""

    def admin1(self, location: Location) -> str:
        return (self.raw(location).get("address") or {}).get("state", "")

    def ident(self, location: Location) -> str:
        raw = self.raw(location)
        if raw.get("osm_type") and raw.get("osm_id"):
            return f"{raw['osm_type']}{raw['osm_id']}"
        return str(raw.get("place_id") or super().ident(location))
