"""The extraction cache follows the code: results cached under one rule are never served after the rule changes."""

import os
import re
import shutil
import subprocess
import sys

from .conftest import REPO

ARTICLE = "Drones struck an oil depot near Novozybkov overnight, the governor said.\n"


def _copy_of_the_source(root):
    """geomap's source tree as a user's checkout has it: the package beside its gazetteer/ folder."""
    shutil.copytree(REPO / "geomap", root / "geomap", ignore=shutil.ignore_patterns("__pycache__"))
    (root / "gazetteer").symlink_to(REPO / "gazetteer")
    return root


def _build(source, work, cache):
    env = {**os.environ, "PYTHONPATH": str(source), "GEOMAP_CACHE_DIR": str(cache)}
    done = subprocess.run([sys.executable, "-m", "geomap.cli", "build", "articles", "-o", "out", "--offline",
                           "--no-progress", "--jobs", "1"], cwd=work, env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    return re.search(r"\((\d+) processed, (\d+) from cache\)", done.stdout).groups()


def test_editing_a_rule_in_the_source_invalidates_cached_results(tmp_path):
    source = _copy_of_the_source(tmp_path / "src")
    work = tmp_path / "work"
    (work / "articles").mkdir(parents=True)
    (work / "articles" / "novozybkov.txt").write_text(ARTICLE)
    cache = tmp_path / "cache"

    assert _build(source, work, cache) == ("1", "0")
    assert _build(source, work, cache) == ("0", "1")  # unchanged code: the cached result is reused

    resolve = source / "geomap" / "resolve.py"
    text = resolve.read_text()
    edited = re.sub(r'"UA": 0\.\d+', '"UA": 0.55', text, count=1)  # a weight of the regional prior
    assert edited != text, "the rule this test edits has moved: point the test at another"
    resolve.write_text(edited)
    assert _build(source, work, cache) == ("1", "0")  # the same article, extracted again by the new rule
