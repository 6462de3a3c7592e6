"""A real HTTP server on 127.0.0.1 speaking Nominatim's /search JSON API and Photon's /api GeoJSON API, with canned
answers for invented village names and scripted faults (429 with Retry-After, 503, a stall past the client's
timeout, broken JSON)."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


def village(name: str, lat: float, lon: float, state: str, country_code: str, osm_id: int) -> dict:
    return {"place_id": osm_id, "osm_type": "node", "osm_id": osm_id, "lat": str(lat), "lon": str(lon),
            "display_name": f"{name}, {state}", "class": "place", "type": "village", "name": name,
            "address": {"village": name, "state": state, "country_code": country_code}}


def photon_feature(result: dict) -> dict:
    """The same place as Photon describes it: a GeoJSON Feature, [lon, lat], OSM key and value, upper-case
    country code, one-letter OSM type."""
    address = result.get("address") or {}
    point = {"type": "Point", "coordinates": [float(result["lon"]), float(result["lat"])]}
    return {"type": "Feature", "geometry": point,
            "properties": {"osm_type": result["osm_type"][0].upper(), "osm_id": result["osm_id"],
                           "osm_key": result["class"], "osm_value": result["type"], "type": "locality",
                           "name": result["name"], "state": address.get("state"),
                           "countrycode": address.get("country_code", "").upper(), "country": "Somewhere"}}


class FakeNominatim:
    def __init__(self, answers: dict[str, list[dict]], faults: list[str] | None = None, stall: float = 2.0,
                 first_try_faults: list[str] | None = None):
        self.answers = answers  # first part of the query (before a comma) → Nominatim results
        self.faults = list(faults or [])  # for the next requests, whatever they ask
        self.first_try_faults = list(first_try_faults or [])  # in turn, for the first request of each query
        self._asked: set[str] = set()
        self.stall = stall
        self.requests: list[tuple[float, str, str]] = []  # (monotonic time, q, User-Agent)
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                url = urlsplit(self.path)
                query = parse_qs(url.query).get("q", [""])[0]
                server.requests.append((time.monotonic(), query, self.headers.get("User-Agent", "")))
                if url.path not in ("/search", "/api"):
                    return self._send(404, b"not found")
                fault = server.faults.pop(0) if server.faults else None
                if fault is None and server.first_try_faults and query not in server._asked:
                    fault = server.first_try_faults[len(server._asked) % len(server.first_try_faults)]
                server._asked.add(query)
                if fault == "429":
                    return self._send(429, b"slow down", {"Retry-After": "1"})
                if fault == "503":
                    return self._send(503, b"maintenance")
                if fault == "badjson":
                    return self._send(200, b'[{"lat": "50.1", "lon":', {"Content-Type": "application/json"})
                if fault == "stall":
                    time.sleep(server.stall)
                results = server.matching(query, parse_qs(url.query).get("countrycodes", [""])[0])
                if url.path == "/api":  # Photon
                    results = {"type": "FeatureCollection", "features": [photon_feature(r) for r in results]}
                body = json.dumps(results).encode()
                self._send(200, body, {"Content-Type": "application/json"})

            def _send(self, status, body, headers=None):
                try:
                    self.send_response(status)
                    for k, v in (headers or {}).items():
                        self.send_header(k, v)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout): expected in the stall test

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def matching(self, query: str, country_codes: str) -> list[dict]:
        """As a real server answers: the places of that name, only in the region the query names after its comma
        (if any) and in the countries asked for (if any)."""
        name, *region = [part.strip() for part in query.split(",")]
        results = self.answers.get(name, [])
        if region:
            results = [r for r in results if r["address"].get("state") in region]
        if country_codes:
            results = [r for r in results if r["address"].get("country_code") in country_codes.split(",")]
        return results

    def __enter__(self) -> FakeNominatim:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
