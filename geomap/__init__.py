"""geomap: news articles about the Russia–Ukraine war in, a map of incidents out."""

__version__ = "0.2.0"
