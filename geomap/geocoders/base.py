"""The adapter every provider's inherits: what can be read from any geopy `Location`."""

from __future__ import annotations

from geopy.location import Location

THEATRE_VIEWBOX = ((44.0, 22.0), (56.5, 50.0))  # (lat, lon) corners: Ukraine and western Russia, a bias only


class ProviderAdapter:
    """Generic: the point and the first part of the address; country and feature unknown."""

    def request_options(self, country: str | None) -> dict:
        """Keyword arguments for the geopy geocoder's `geocode` beyond the query."""
        return {}

    def name(self, location: Location) -> str:
        return (location.address or "").split(",")[0].strip()

    def country_code(self, location: Location) -> str:
        """ISO 3166-1 alpha-2, upper case, or "" when the answer does not say."""
        return ""

    def feature(self, location: Location) -> tuple[str, str]:
        """(OSM key, OSM value) such as ("place", "village"), or ("", "") when the answer does not say."""
        return "", ""

    def admin1(self, location: Location) -> str:
        """The first-level region ("Belgorod Oblast"), or ""."""
        return ""

    def ident(self, location: Location) -> str:
        """A stable identifier of the answer within the provider: its OSM object when known, else its point."""
        return f"{location.latitude:.5f},{location.longitude:.5f}"

    @staticmethod
    def raw(location: Location) -> dict:
        return location.raw if isinstance(location.raw, dict) else {}
