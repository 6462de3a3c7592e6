"""Engines run `geomap.extraction.extract_chunk` on chunks of articles: `local` in this process or a process pool,
`dask` on a dask.distributed cluster. Each has `workers`, `warm_up(settings)`, `submit(settings, articles, more)`
and `close()` (the Engine protocol in geomap/extraction.py)."""

from __future__ import annotations


def make_engine(name: str, jobs: int = 1, scheduler: str | None = None):
    if name == "dask":
        if not scheduler:
            raise RuntimeError("the dask engine needs a scheduler address")
        from geomap.engines.dask_engine import DaskEngine

        return DaskEngine(scheduler)
    from geomap.engines.local import LocalEngine

    return LocalEngine(jobs)
