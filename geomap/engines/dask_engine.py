"""The dask engine: chunks run on the workers of a dask.distributed scheduler (`pip install "geomap[dask]"`).

Every worker needs geomap, its gazetteer and the spaCy pipeline installed; each builds the pipeline once and keeps
it. Merging, deduplication and writing happen once, in the calling process.
"""

from __future__ import annotations

from geomap.extraction import ExtractionSettings, extract_chunk
from geomap.records import Article


class DaskEngine:
    def __init__(self, scheduler: str):
        try:
            from distributed import Client
        except ImportError as exc:
            raise RuntimeError('the dask engine needs dask.distributed: pip install "geomap[dask]"') from exc
        self.client = Client(scheduler, set_as_default=False)
        self.workers = max(1, len(self.client.scheduler_info().get("workers", {})))

    def warm_up(self, settings: ExtractionSettings) -> None:
        """Workers build their pipeline with their first chunk."""

    def submit(self, settings: ExtractionSettings, articles: list[Article], more: bool):
        return self.client.submit(extract_chunk, settings.sharing(self.workers), articles, pure=False)

    def close(self) -> None:
        self.client.close()
