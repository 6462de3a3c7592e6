"""The HTML map in real Chromium (Debian's, through Playwright) with every request off the machine blocked."""

from __future__ import annotations

import json
import sys

import pytest
from playwright.sync_api import sync_playwright

from geomap.cli import main

from .conftest import REPO

pytestmark = [pytest.mark.browser, pytest.mark.slow]  # every test draws the example build
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
XSS = ['<script>window.__pwned = 1</script>', '<img src=x onerror="window.__pwned = 2">',
       '"><svg onload="window.__pwned = 3">']


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class OfflinePage:
    """A page that may load file: and data: URLs only; everything else is aborted and recorded."""

    def __init__(self, browser, path, timeout=20_000):
        self.page = browser.new_page(viewport={"width": 1280, "height": 860})
        self.blocked, self.errors, self.dialogs = [], [], []
        self.page.route("**/*", self._route)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))
        self.page.goto(path.as_uri())
        self.page.wait_for_function("window.L !== undefined && window.geomap !== undefined", timeout=timeout)

    def _route(self, route):
        if route.request.url.startswith(("file:", "data:", "blob:")):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def eval(self, js):
        return self.page.evaluate(js)


COUNT_ON_MAP = "() => window.geomap.shown()"  # incidents the filter keeps, of the types ticked
# Incidents the drawn clusters and markers stand for, over the whole map (zoomed out to see them all).
DRAWN = """() => Object.values(window.geomap.groups).filter(g => window.geomap.map.hasLayer(g))
    .reduce((n, g) => n + g.getLayers().reduce((m, l) => m + (l.geomapCount || 1), 0), 0)"""


def test_map_runs_offline_and_shows_every_event(browser, example_build, artifacts):
    features = json.loads((example_build / "incidents.geojson").read_text())["features"]
    view = OfflinePage(browser, example_build / "incidents.html")
    view.page.wait_for_selector(".marker-cluster, .leaflet-overlay-pane canvas", timeout=10_000)
    assert view.eval("typeof Supercluster") == "function"
    assert view.eval(COUNT_ON_MAP) == len(features)
    view.page.wait_for_function(f"({DRAWN})() === {len(features)}")
    assert view.page.locator(".geomap-legend").inner_text().startswith("Incident type")
    assert f"{len(features)} incidents" in view.page.locator(".geomap-count").inner_text()
    assert "GeoNames" in view.page.locator(".leaflet-control-attribution").inner_text()
    assert view.eval("window.geomap.map.geomapBasemap.getLayers().length") > 100  # countries, borders, oblasts
    assert view.errors == []
    # Only basemap tiles were asked for off the machine; every script and style came inline.
    assert view.blocked and all("tile.openstreetmap.org" in url for url in view.blocked)
    view.page.screenshot(path=str(artifacts / "example-map.png"))


def test_unticking_a_type_hides_its_markers(browser, example_build, artifacts):
    view = OfflinePage(browser, example_build / "incidents.html")
    before = view.eval(COUNT_ON_MAP)
    label = view.page.locator(".leaflet-control-layers-overlays label", has_text="Cross-border raid")
    raids = view.eval("window.geomap.shownByType.cross_border_raid")
    assert raids > 0
    view.page.wait_for_function("window.geomap.groups.cross_border_raid.getLayers().length > 0")
    label.locator("input").uncheck()
    assert view.eval("window.geomap.map.hasLayer(window.geomap.groups.cross_border_raid)") is False
    assert view.eval(COUNT_ON_MAP) == before - raids
    view.page.wait_for_function(f"({DRAWN})() === {before - raids}")
    view.page.screenshot(path=str(artifacts / "example-map-raids-hidden.png"))


def test_popup_shows_place_type_date_quote_and_source(browser, example_build):
    view = OfflinePage(browser, example_build / "incidents.html")
    texts = view.eval(OPEN_ALL_POPUPS)
    kozinka = next(t for t in texts if t["text"].startswith("Kozinka"))
    assert "Cross-border raid" in kozinka["text"] and "2023-05-22 (day)" in kozinka["text"]
    assert "Armed group crosses" in kozinka["text"] and "2 sources" in kozinka["text"]
    assert "8 injured" in kozinka["text"] and "Freedom of Russia Legion" in kozinka["text"]
    assert "Russia–Ukraine border: 1.8 km" in kozinka["text"]
    assert "https://example.org/geomap-examples/kozinka-raid" in kozinka["links"]


# Every incident's popup, opened as a click on its marker opens it.
OPEN_ALL_POPUPS = """async () => {
  const out = [];
  for (let i = 0; i < window.geomap.count; i++) {
    const popup = await window.geomap.openPopup(i);
    const node = popup.getElement().querySelector('.leaflet-popup-content');
    out.push({text: node.innerText, html: node.innerHTML,
              links: Array.from(node.querySelectorAll('a')).map(a => a.getAttribute('href'))});
    window.geomap.map.closePopup(popup);
  }
  return out;
}"""


def hostile_geojson(path):
    features = []
    for n, payload in enumerate(XSS):
        props = {"event_id": f"x{n}", "event_type": "explosion", "place_name": payload, "mention": payload,
                 "gazetteer_id": "geonames:1", "country_code": "RU", "admin1": payload, "geo_precision": 1,
                 "date": "2024-01-01", "date_precision": "day", "quote": f"Blast {payload} near the depot",
                 "source": {"id": payload, "title": payload, "url": "javascript:window.__pwned=4", "date": None}}
        features.append({"type": "Feature", "properties": props,
                         "geometry": {"type": "Point", "coordinates": [30 + 3 * n, 50.0]}})
    features[0]["properties"]["source"]["url"] = 'https://example.org/"><script>window.__pwned=5</script>'
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))


def test_article_text_never_runs_as_script(browser, tmp_path, artifacts):
    hostile_geojson(tmp_path / "hostile.geojson")
    out = tmp_path / "hostile.html"
    assert main(["render", str(tmp_path / "hostile.geojson"), "-o", str(out)]) == 0
    view = OfflinePage(browser, out)
    popups = view.eval(OPEN_ALL_POPUPS)
    assert len(popups) == len(XSS)
    assert view.eval("window.__pwned === undefined")
    assert view.dialogs == [] and view.errors == []
    assert any("<script>window.__pwned = 1</script>" in p["text"] for p in popups)  # shown as text
    assert all("javascript:" not in (link or "") for p in popups for link in p["links"])
    assert not any("<img" in p["html"] or "<svg" in p["html"] or "<script" in p["html"] for p in popups)
    view.page.screenshot(path=str(artifacts / "hostile-map.png"))


def visible_count(view):
    return view.eval(COUNT_ON_MAP)


def test_date_filter_hides_and_shows_incidents_by_day(browser, example_build, artifacts):
    features = json.loads((example_build / "incidents.geojson").read_text())["features"]
    dates = sorted(f["properties"]["date"] for f in features if f["properties"]["date"])
    undated = sum(1 for f in features if not f["properties"]["date"])
    view = OfflinePage(browser, example_build / "incidents.html")
    box = view.page.locator(".geomap-dates")
    assert box.locator(".geomap-dates-range").inner_text() == f"{dates[0]} – {dates[-1]}"
    cut = dates[len(dates) // 2]
    day = view.eval(f"Math.round(Date.parse('{cut}') / 864e5)")
    box.locator(".geomap-date-from").fill(str(day))
    expected = sum(1 for d in dates if d >= cut) + undated
    view.page.wait_for_function(f"({COUNT_ON_MAP})() === {expected}")
    assert box.locator(".geomap-dates-range").inner_text() == f"{cut} – {dates[-1]}"
    count = view.page.locator(".geomap-count").inner_text()
    assert count == f"{expected} of {len(features)} incidents shown"
    legend_total = sum(int(n.strip("()")) for n in view.page.locator(".geomap-legend-count").all_inner_texts())
    assert legend_total == expected
    view.page.screenshot(path=str(artifacts / "example-map-date-filtered.png"))
    if undated:
        box.locator(".geomap-date-undated").uncheck()
        view.page.wait_for_function(f"({COUNT_ON_MAP})() === {expected - undated}")
    box.locator(".geomap-date-from").fill(str(view.eval(f"Math.round(Date.parse('{dates[0]}') / 864e5)")))
    view.page.wait_for_function(f"({COUNT_ON_MAP})() === {len(features) - undated}")


def _incident(lon, lat, country, n, precision=1, event_type="attack"):
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {"event_id": f"e{n}", "event_type": event_type, "place_name": f"P{n}",
                           "country_code": country, "geo_precision": precision, "quote": "A test incident.",
                           "sources": [], "source": {}}}


def test_types_differ_in_shape_and_precision_is_drawn(browser, example_build, tmp_path):
    view = OfflinePage(browser, example_build / "incidents.html")
    shapes = view.eval("""() => Array.from(document.querySelectorAll('.geomap-legend-row')).map(r =>
        [r.innerText.trim(), r.querySelector('svg > *').tagName, r.querySelector('svg > *').getAttribute('points')])""")
    assert len(shapes) >= 5 and len({points for _, _, points in shapes}) == len(shapes)  # one shape per type
    # Near a place (a 15 km ring) and region only (the oblast's outline), beside a precise incident.
    features = [_incident(36.59, 50.60, "RU", 1), _incident(35.94, 50.52, "RU", 2, precision=2),
                _incident(37.28, 50.88, "RU", 3, precision=3, event_type="cross_border_raid")]
    (tmp_path / "precision.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    assert main(["render", str(tmp_path / "precision.geojson"), "-o", str(tmp_path / "precision.html")]) == 0
    view = OfflinePage(browser, tmp_path / "precision.html")
    imprecise = view.eval("Array.from(window.geomap.precision).filter(p => p > 1).length")
    assert imprecise > 0
    assert view.eval("window.geomap.map.hasLayer(window.geomap.uncertainty)")
    assert view.eval("window.geomap.uncertainty.getLayers().length") > 0
    overlays = view.page.locator(".leaflet-control-layers-overlays").inner_text()
    assert "Uncertainty" in overlays


def test_clicking_a_marker_opens_its_popup(browser, example_build):
    view = OfflinePage(browser, example_build / "incidents.html")
    i = view.eval("Array.from(window.geomap.kind).indexOf(window.geomap.types.findIndex(t => t.key === 'explosion'))")
    assert i >= 0
    view.eval(f"void window.geomap.map.setView(window.geomap.latLng({i}), 13, {{animate: false}})")
    view.page.wait_for_function(f"window.geomap.groups.explosion.getLayers().some(m => m.geomapIndex === {i})")
    point = view.eval(f"""() => {{
      const p = window.geomap.map.latLngToContainerPoint(window.geomap.latLng({i}));
      return {{x: p.x, y: p.y}};
    }}""")
    place = view.eval(f"window.geomap.details({i}).then(e => e.place_name)")
    view.page.mouse.click(point["x"], point["y"])
    popup = view.page.locator(".leaflet-popup-content")
    popup.wait_for(timeout=5_000)
    assert popup.inner_text().startswith(place)


def synthetic_map(tmp_path, count):
    sys.path.insert(0, str(REPO / "benchmarks"))
    from corpus import write_events

    events = write_events(tmp_path / "events.geojson", count)
    out = tmp_path / "map.html"
    assert main(["render", str(events), "-o", str(out)]) == 0
    return events, out


def test_a_small_map_clusters_pages_stacked_incidents_and_filters_by_day(browser, tmp_path):
    """Clusters appear and open up to markers; incidents at one spot page through one popup; the date filter
    changes what the clusters count."""
    events, out = synthetic_map(tmp_path, 3000)
    features = json.loads(events.read_text())["features"]
    view = OfflinePage(browser, out)
    view.page.wait_for_selector(".marker-cluster")
    view.page.wait_for_function(f"({DRAWN})() === 3000")
    zoom = view.eval("window.geomap.map.getZoom()")
    point = view.eval("""() => {  // the centre of a cluster icon that no other icon covers
      for (const icon of document.querySelectorAll('.marker-cluster')) {
        const box = icon.getBoundingClientRect(), x = box.x + box.width / 2, y = box.y + box.height / 2;
        if (icon.contains(document.elementFromPoint(x, y))) { return {x: x, y: y}; }
      }
    }""")
    view.page.mouse.click(point["x"], point["y"])
    view.page.wait_for_function(f"window.geomap.map.getZoom() > {zoom}")
    # Five incidents at one spot: one popup, paged.
    view.eval("window.geomap.openPopup([0, 1, 2, 3, 4], window.geomap.latLng(0)).then(() => true)")
    pager = view.page.locator(".geomap-pager-count")
    assert pager.inner_text() == "1 of 5 here"
    view.page.locator(".geomap-next").click()
    view.page.wait_for_function("document.querySelector('.geomap-pager-count').textContent === '2 of 5 here'")
    second = features[1]["properties"]["place_name"]
    assert view.page.locator(".geomap-place").inner_text() == second
    view.eval("void window.geomap.map.closePopup()")
    # The date filter: only 2025 left.
    view.eval("void window.geomap.map.setZoom(3, {animate: false})")
    day = view.eval("Math.round(Date.parse('2025-01-01') / 864e5)")
    view.page.locator(".geomap-dates .geomap-date-from").fill(str(day))
    kept = sum(1 for f in features if f["properties"]["date"] >= "2025-01-01")
    assert 0 < kept < 3000
    view.page.wait_for_function(f"({COUNT_ON_MAP})() === {kept}")
    view.page.wait_for_function(f"({DRAWN})() === {kept}")
    assert view.errors == []


def test_a_hundred_thousand_incidents_make_a_small_map_that_shows_clusters(browser, tmp_path, artifacts):
    events, out = synthetic_map(tmp_path, 100_000)
    assert out.stat().st_size <= 15_000_000
    assert "Drones struck a fuel depot" not in out.read_text()  # the popups' quotes travel compressed
    view = OfflinePage(browser, out, timeout=120_000)
    view.page.wait_for_selector(".marker-cluster", timeout=120_000)
    assert view.eval("window.geomap.count") == 100_000
    assert view.eval(COUNT_ON_MAP) == 100_000
    view.page.wait_for_function(f"({DRAWN})() === 100000", timeout=120_000)
    assert view.page.locator(".marker-cluster").count() > 50
    assert view.errors == []
    view.page.screenshot(path=str(artifacts / "hundred-thousand.png"))


def test_the_map_opens_on_the_theatre_not_on_an_outlier(browser, tmp_path):
    features = [_incident(36.6, 50.6, "RU", 1), _incident(35.6, 50.5, "RU", 2), _incident(36.2, 49.9, "UA", 3),
                _incident(123.5, 13.6, "PH", 4)]  # a namesake on the other side of the world
    (tmp_path / "mixed.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    out = tmp_path / "mixed.html"
    assert main(["render", str(tmp_path / "mixed.geojson"), "-o", str(out)]) == 0
    view = OfflinePage(browser, out)
    west, east = view.eval("() => [window.geomap.map.getBounds().getWest(), window.geomap.map.getBounds().getEast()]")
    assert 30 < west < 36 and 36 < east < 45, (west, east)  # the border war fills the view
    assert view.eval(COUNT_ON_MAP) == 4  # the outlier is still on the map
