"""Per-provider adapters: what geomap needs to know about a geopy `Location` beyond its point and address.

geopy gives every provider's answer as a `Location` (latitude, longitude, address, raw), but the country and the
kind of feature live in `raw`, shaped differently by each service. One small adapter per provider (one module each,
as geopy has one geocoder per module) reads them, and says which request options the provider understands.
A provider without an adapter still works: its answers are placed by their point, vetted against the expected
country's outline, and carry no feature class.
"""

from __future__ import annotations

from geomap.geocoders.base import ProviderAdapter
from geomap.geocoders.nominatim import NominatimAdapter
from geomap.geocoders.photon import PhotonAdapter

ADAPTERS: dict[str, type[ProviderAdapter]] = {"nominatim": NominatimAdapter, "photon": PhotonAdapter}

__all__ = ["ADAPTERS", "ProviderAdapter", "adapter_for"]


def adapter_for(provider: str) -> ProviderAdapter:
    """The adapter of a geopy service name; the generic one for providers geomap has no adapter for."""
    return ADAPTERS.get(provider, ProviderAdapter)()
