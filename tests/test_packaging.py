"""geomap installed from a wheel (not the source tree) finds its gazetteer and vendored assets."""

import subprocess
import sys

import pytest

from .conftest import REPO


@pytest.mark.slow
def test_wheel_install_builds_the_example_map(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheels), str(REPO)],
                   check=True, timeout=300)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True)
    (wheel,) = wheels.glob("geomap-*.whl")
    subprocess.run([venv / "bin" / "pip", "install", "-q", "--no-deps", str(wheel)], check=True, timeout=300)
    work = tmp_path / "work"
    work.mkdir()
    env = {"PATH": f"{venv / 'bin'}:/usr/bin:/bin", "GEOMAP_CACHE_DIR": str(tmp_path / "cache"),
           "HOME": str(tmp_path)}
    where = subprocess.run([venv / "bin" / "python", "-c", "import geomap.gazetteer as g; print(g.data_dir())"],
                           cwd=work, env=env, capture_output=True, text=True, check=True).stdout
    assert str(venv) in where and where.strip().endswith("_gazetteer")
    result = subprocess.run([venv / "bin" / "geomap", "build", str(REPO / "examples"), "-o", "out"], cwd=work,
                            env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert (work / "out" / "incidents.geojson").stat().st_size > 1000
