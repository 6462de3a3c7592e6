"""Refresh docs/screenshot.png: `geomap build` on the examples, opened offline in Debian's chromium, one popup open."""

from __future__ import annotations

import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from geomap.cli import main

REPO = Path(__file__).resolve().parents[1]
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
OPEN_POPUP = """() => {
  const group = window.geomap.groups.cross_border_raid;
  const marker = group.getLayers().find(m => m.geomapEvent.place_name === "Kozinka");
  group.removeLayer(marker); marker.addTo(window.geomap.map); window.geomap.openPopup(marker);
}"""


def main_() -> None:
    with tempfile.TemporaryDirectory() as out:
        main(["build", str(REPO / "examples"), "-o", out])
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
            page.goto((Path(out) / "incidents.html").as_uri())
            page.wait_for_function("window.geomap !== undefined")
            page.evaluate("() => { window.geomap.map.setView([50.9, 37.2], 7); }")
            page.wait_for_timeout(500)
            page.evaluate(OPEN_POPUP)
            page.wait_for_timeout(500)
            page.screenshot(path=str(REPO / "docs" / "screenshot.png"))
            browser.close()


if __name__ == "__main__":
    main_()
