"""Refresh geomap/render/assets/ from the npm registry: `python scripts/vendor_assets.py` (needs npm).

Each package is fetched with `npm pack NAME@VERSION`; the files the map needs are copied, with the images that
leaflet.css references inlined as data: URIs so that the HTML needs no other file. Versions and licences are
recorded in geomap/render/assets/VENDOR.md.
"""

from __future__ import annotations

import base64
import re
import subprocess
import tarfile
import tempfile
from pathlib import Path

ASSETS = Path(__file__).resolve().parents[1] / "geomap" / "render" / "assets"
PACKAGES = {
    "leaflet@1.9.3": {"package/dist/leaflet.js": "leaflet.js", "package/dist/leaflet.css": "leaflet.css",
                      "package/LICENSE": "LICENSE.leaflet"},
    "supercluster@8.0.1": {"package/dist/supercluster.min.js": "supercluster.min.js",
                           "package/LICENSE": "LICENSE.supercluster"},
}


def _inline_images(css: str, archive: tarfile.TarFile) -> str:
    def data_uri(match: re.Match) -> str:
        member = archive.extractfile(f"package/dist/{match.group(1)}")
        return f"url(data:image/png;base64,{base64.b64encode(member.read()).decode()})"

    return re.sub(r"url\((images/[\w.-]+\.png)\)", data_uri, css)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for spec, files in PACKAGES.items():
            name = subprocess.run(["npm", "pack", spec, "--silent"], cwd=tmp, check=True, capture_output=True,
                                  text=True).stdout.strip().splitlines()[-1]
            with tarfile.open(Path(tmp) / name) as archive:
                for member, target in files.items():
                    data = archive.extractfile(member).read().decode("utf-8")
                    if target.endswith(".css"):
                        data = _inline_images(data, archive)
                    (ASSETS / target).write_text(data, encoding="utf-8")


if __name__ == "__main__":
    main()
