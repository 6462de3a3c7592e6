"""Map size and time to first render at scale: `geomap render` against folium's stock approach (one folium.Marker
with a Popup per event in a plugins.MarkerCluster) on the same synthetic events (benchmarks/corpus.py).

    python benchmarks/render_scale.py [--sizes 10000 100000] [--timeout 180]

Both pages are opened in Debian's chromium through Playwright with every request off the machine blocked; the
stock folium page gets its CDN scripts (Leaflet, markercluster) served from geomap's vendored copies, so that it
is timed on its rendering, not on the missing network, and jQuery (which folium's popups use) from
`npm pack jquery@3.7.1` (needs npm). "First render" is the first cluster icon in the page, timed from navigation
start. Prints one JSON line per size.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

import folium
from folium.plugins import MarkerCluster
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).parent))
from corpus import write_events  # noqa: E402

from geomap.cli import main as geomap_main  # noqa: E402
from geomap.render.offline import asset_text  # noqa: E402

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
LOCAL = {"leaflet.js": "leaflet.js", "leaflet.css": "leaflet.css", "leaflet.markercluster.js":
         "leaflet.markercluster.js", "MarkerCluster.css": "MarkerCluster.css",
         "MarkerCluster.Default.css": "MarkerCluster.Default.css"}


def folium_stock(geojson: Path, out: Path) -> None:
    features = json.loads(geojson.read_text(encoding="utf-8"))["features"]
    m = folium.Map(location=(50.6, 36.6), zoom_start=5)
    cluster = MarkerCluster().add_to(m)
    for f in features:
        lon, lat = f["geometry"]["coordinates"]
        p = f["properties"]
        html = f"<b>{p['place_name']}</b><br>{p['event_type']} {p['date']}<br><i>{p['quote']}</i><br>" \
               f"<a href='{p['source']['url']}'>{p['source']['title']}</a>"
        folium.Marker((lat, lon), popup=folium.Popup(html, max_width=380), tooltip=p["place_name"]).add_to(cluster)
    m.save(str(out))


def jquery(folder: Path) -> str:
    tarball = subprocess.run(["npm", "pack", "jquery@3.7.1", "--silent"], cwd=folder, check=True,
                             capture_output=True, text=True).stdout.strip().splitlines()[-1]
    with tarfile.open(folder / tarball) as archive:
        return archive.extractfile("package/dist/jquery.min.js").read().decode("utf-8")


def router(scripts: dict[str, str]):
    """Serve file: URLs and the named CDN files from `scripts`; abort everything else."""
    def route(request_route) -> None:
        url = request_route.request.url
        if url.startswith("file:"):
            return request_route.continue_()
        name = url.rsplit("/", 1)[-1].split("?")[0]
        if name in scripts:
            kind = "text/css" if name.endswith(".css") else "application/javascript"
            return request_route.fulfill(status=200, content_type=kind, body=scripts[name])
        return request_route.abort()

    return route


def first_render(browser, page_path: Path, timeout_s: float, route) -> float | None:
    """Seconds from navigation start to the first cluster icon, or None when none appeared in time."""
    page = browser.new_page(viewport={"width": 1280, "height": 860})
    page.route("**/*", route)
    try:
        page.goto(page_path.as_uri(), timeout=timeout_s * 1000, wait_until="commit")
        page.wait_for_selector(".marker-cluster", timeout=timeout_s * 1000)
        return page.evaluate("performance.now()") / 1000
    except PlaywrightTimeout:
        return None
    finally:
        page.close()


def timed(function, *args) -> float:
    start = time.perf_counter()
    function(*args)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--timeout", type=float, default=180)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        scripts = {name: asset_text(asset) for name, asset in LOCAL.items()}
        scripts["jquery-3.7.1.min.js"] = jquery(Path(tmp))
        route = router(scripts)
        for size in args.sizes:
            events = write_events(Path(tmp) / f"events-{size}.geojson", size)
            ours, stock = Path(tmp) / f"geomap-{size}.html", Path(tmp) / f"folium-{size}.html"
            ours_build = timed(geomap_main, ["render", str(events), "-o", str(ours)])
            stock_build = timed(folium_stock, events, stock)
            row = {"events": size,
                   "geomap_mb": round(ours.stat().st_size / 1e6, 1), "geomap_build_s": round(ours_build, 1),
                   "geomap_first_render_s": first_render(browser, ours, args.timeout, route),
                   "folium_mb": round(stock.stat().st_size / 1e6, 1), "folium_build_s": round(stock_build, 1),
                   "folium_first_render_s": first_render(browser, stock, args.timeout, route)}
            print(json.dumps(row), flush=True)
        browser.close()


if __name__ == "__main__":
    main()
