"""Map size and time to first render at scale: `geomap render` against folium's stock approach (one folium.Marker
with a Popup per event in a plugins.MarkerCluster) on the same synthetic events (benchmarks/corpus.py).

    python benchmarks/render_scale.py [--sizes 100000 1000000] [--folium-sizes 100000] [--timeout 180]

Both pages are opened in Debian's chromium through Playwright with every request off the machine blocked; the
stock folium page gets its CDN scripts served from the npm packages folium names (Leaflet from geomap's vendored
copy, leaflet.markercluster@1.1.0 and jquery@3.7.1 by `npm pack`, so needs npm), so that it is timed on its
rendering, not on the missing network. "First render" is the first cluster icon in the page, timed from navigation
start; "all types" the moment every type's clusters are drawn; "popup" the time from asking for one incident's popup
(its chunk not yet inflated) to the popup open. Prints one JSON line per size.
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
MARKERCLUSTER = {"leaflet.markercluster.js": "package/dist/leaflet.markercluster.js",
                 "MarkerCluster.css": "package/dist/MarkerCluster.css",
                 "MarkerCluster.Default.css": "package/dist/MarkerCluster.Default.css"}


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


def npm_files(folder: Path, spec: str, members: dict[str, str]) -> dict[str, str]:
    """{name: text} of `members` (name → path in the package) of `npm pack spec`."""
    tarball = subprocess.run(["npm", "pack", spec, "--silent"], cwd=folder, check=True,
                             capture_output=True, text=True).stdout.strip().splitlines()[-1]
    with tarfile.open(folder / tarball) as archive:
        return {name: archive.extractfile(member).read().decode("utf-8") for name, member in members.items()}


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


def first_render(browser, page_path: Path, timeout_s: float, route, ours: bool) -> dict:
    """Seconds from navigation start to the first cluster icon (None when none appeared in time); for geomap's page
    also to every type drawn, and from asking for a popup to its opening."""
    page = browser.new_page(viewport={"width": 1280, "height": 860})
    page.route("**/*", route)
    times: dict = {"first_render_s": None}
    try:
        page.goto(page_path.as_uri(), timeout=timeout_s * 1000, wait_until="commit")
        page.wait_for_selector(".marker-cluster", timeout=timeout_s * 1000)
        times["first_render_s"] = round(page.evaluate("performance.now()") / 1000, 2)
        if ours:
            page.wait_for_function("""() => window.geomap && Object.values(window.geomap.groups)
                .every(g => !window.geomap.map.hasLayer(g) || g.getLayers().length > 0)""", timeout=timeout_s * 1000)
            times["all_types_s"] = round(page.evaluate("performance.now()") / 1000, 2)
            times["popup_s"] = round(page.evaluate("""async () => {
                const start = performance.now(), i = Math.floor(window.geomap.count * 0.77);
                await window.geomap.openPopup(i);
                return (performance.now() - start) / 1000; }"""), 3)
    except PlaywrightTimeout:
        pass
    finally:
        page.close()
    return times


def timed(function, *args) -> float:
    start = time.perf_counter()
    function(*args)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--folium-sizes", type=int, nargs="*", default=[100_000],
                        help="sizes at which folium's stock page is built too (it takes ~85 s per 100,000)")
    parser.add_argument("--timeout", type=float, default=180)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        scripts = {"leaflet.js": asset_text("leaflet.js"), "leaflet.css": asset_text("leaflet.css")}
        scripts |= npm_files(Path(tmp), "leaflet.markercluster@1.1.0", MARKERCLUSTER)
        scripts |= npm_files(Path(tmp), "jquery@3.7.1", {"jquery-3.7.1.min.js": "package/dist/jquery.min.js"})
        route = router(scripts)
        for size in args.sizes:
            events = write_events(Path(tmp) / f"events-{size}.geojson", size)
            ours, stock = Path(tmp) / f"geomap-{size}.html", Path(tmp) / f"folium-{size}.html"
            ours_build = timed(geomap_main, ["render", str(events), "-o", str(ours)])
            row = {"events": size, "geomap_mb": round(ours.stat().st_size / 1e6, 1),
                   "geomap_build_s": round(ours_build, 1),
                   **{f"geomap_{k}": v for k, v in first_render(browser, ours, args.timeout, route, True).items()}}
            if size in args.folium_sizes:
                stock_build = timed(folium_stock, events, stock)
                times = first_render(browser, stock, args.timeout, route, False)
                row |= {"folium_mb": round(stock.stat().st_size / 1e6, 1), "folium_build_s": round(stock_build, 1),
                        **{f"folium_{k}": v for k, v in times.items()}}
                stock.unlink()
            print(json.dumps(row), flush=True)
            events.unlink()
            ours.unlink()
        browser.close()


if __name__ == "__main__":
    main()
