"""`geomap eval`: the standard geoparsing metrics on gold JSONL (format: shared/eval-dev/README.md).

Definitions follow Gritta et al., "What's missing in geographical parsing?" (2018) and "Which Melbourne?" (2018):

* Recognition (documents with `annotation: full` only): precision, recall and F1 of predicted toponym spans against
  gold spans, exact (same start and end) and overlapping (any shared character; each gold span matched once).
* Resolution: for every gold toponym that a predicted span overlaps and that geomap gave coordinates, the
  great-circle error in km. accuracy@161 km and @10 km are the shares of those errors at or below the threshold;
  mean and median error; AUC is the area under the curve of the sorted ln(1 + error) values (trapezoidal, x scaled
  to [0, 1]) divided by ln(20039), the largest possible error (0 best, 1 worst). Coverage is the share of all gold
  toponyms that got coordinates.
* Events (`--events`): per document, the first event geomap reports (its main incident) against the gold
  incident location: the share of documents within 10, 50 and 161 km; a document without an event is a miss.
  And every event against every gold incident (a document's `incidents` list, or its one `event`): events and
  incidents matched one-to-one within 10, 50 and 161 km, nearest pairs first; precision = matched / events,
  recall = matched / incidents, F1; events per document; events outside the theatre (Ukraine, Russia, Belarus,
  Moldova and the seas between), which on these sets are false unless the gold has one there.
"""

from __future__ import annotations

import json
import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from geomap.geo import km
from geomap.vocabulary import WAR_THEATRE

MAX_ERROR_KM = 20039  # half the Earth's circumference: the largest great-circle error
EVENT_RADII_KM = (10, 50, 161)


def auc(errors: Sequence[float]) -> float | None:
    """Area under the sorted ln(1 + error) curve, normalised by ln(MAX_ERROR_KM)."""
    if not errors:
        return None
    logs = sorted(math.log(1 + e) for e in errors)
    if len(logs) == 1:
        return logs[0] / math.log(MAX_ERROR_KM)
    area = sum((a + b) / 2 for a, b in zip(logs, logs[1:], strict=False)) / (len(logs) - 1)
    return area / math.log(MAX_ERROR_KM)


def prf(tp: int, predicted: int, gold: int) -> dict:
    p = tp / predicted if predicted else 0.0
    r = tp / gold if gold else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}


def _overlap(a: dict, b: dict) -> bool:
    return a["start"] < b["end"] and b["start"] < a["end"]


@dataclass
class Tally:
    gold: int = 0
    predicted: int = 0
    exact: int = 0
    overlap: int = 0
    errors: list[float] = field(default_factory=list)
    resolution_gold: int = 0
    documents: int = 0
    event_errors: list[float | None] = field(default_factory=list)
    event_documents: int = 0
    events_predicted: int = 0
    incidents_gold: int = 0
    events_matched: dict[int, int] = field(default_factory=lambda: dict.fromkeys(EVENT_RADII_KM, 0))
    events_outside_theatre: int = 0

    def add_recognition(self, gold: Sequence[dict], predicted: Sequence[dict]) -> None:
        self.gold += len(gold)
        self.predicted += len(predicted)
        spans = {(p["start"], p["end"]) for p in predicted}
        self.exact += sum((g["start"], g["end"]) in spans for g in gold)
        used: set[int] = set()
        for g in gold:
            hit = next((i for i, p in enumerate(predicted) if i not in used and _overlap(g, p)), None)
            if hit is not None:
                used.add(hit)
                self.overlap += 1

    def add_resolution(self, gold: Sequence[dict], predicted: Sequence[dict]) -> None:
        self.resolution_gold += len(gold)
        for g in gold:
            p = next((p for p in predicted if _overlap(g, p) and p.get("lat") is not None), None)
            if p is not None:
                self.errors.append(km(g["lat"], g["lon"], p["lat"], p["lon"]))

    def add_event(self, gold: dict, events: Sequence[dict]) -> None:
        self.event_errors.append(km(gold["lat"], gold["lon"], events[0]["lat"], events[0]["lon"]) if events else None)

    def add_incidents(self, gold: Sequence[dict], events: Sequence[dict]) -> None:
        self.event_documents += 1
        self.events_predicted += len(events)
        self.incidents_gold += len(gold)
        self.events_outside_theatre += sum((e.get("country_code") or "") not in WAR_THEATRE for e in events)
        for radius in EVENT_RADII_KM:
            self.events_matched[radius] += len(match_one_to_one(gold, events, radius))


def gold_incidents(record: dict) -> list[dict]:
    """The located incidents of a gold record: its `incidents` list (whole articles) or its one `event`."""
    if record.get("annotation") == "incidents":
        return [i for i in record.get("incidents") or [] if i.get("lat") is not None]
    event = record.get("event") or {}
    return [event] if event.get("lat") is not None else []


def match_one_to_one(gold: Sequence[dict], events: Sequence[dict], radius_km: float) -> list[tuple[int, int]]:
    """(gold index, event index) pairs within `radius_km`, nearest pairs first, each side used at most once."""
    pairs = sorted((d, g, e) for g, x in enumerate(gold) for e, y in enumerate(events)
                   if (d := km(x["lat"], x["lon"], y["lat"], y["lon"])) <= radius_km)
    used_gold: set[int] = set()
    used_events: set[int] = set()
    matched = []
    for _, g, e in pairs:
        if g not in used_gold and e not in used_events:
            used_gold.add(g)
            used_events.add(e)
            matched.append((g, e))
    return matched


def report(tally: Tally, full: bool, resolution: bool, events: bool) -> dict:
    out: dict = {"documents": tally.documents}
    if full:
        out["recognition_exact"] = prf(tally.exact, tally.predicted, tally.gold)
        out["recognition_overlap"] = prf(tally.overlap, tally.predicted, tally.gold)
    if resolution and tally.resolution_gold:
        e = tally.errors
        out["resolution"] = {
            "gold_toponyms": tally.resolution_gold, "resolved": len(e),
            "coverage": round(len(e) / tally.resolution_gold, 4),
            "accuracy_at_161km": round(sum(x <= 161 for x in e) / len(e), 4) if e else None,
            "accuracy_at_10km": round(sum(x <= 10 for x in e) / len(e), 4) if e else None,
            "mean_error_km": round(statistics.fmean(e), 1) if e else None,
            "median_error_km": round(statistics.median(e), 1) if e else None,
            "auc": round(auc(e), 4) if e else None,
        }
    if events:
        n = len(tally.event_errors)
        within = {k: sum(1 for x in tally.event_errors if x is not None and x <= k) / n if n else None
                  for k in (10, 50, 161)}
        out["events"] = {"documents": n, "with_event": sum(x is not None for x in tally.event_errors),
                         **{f"within_{k}km": round(v, 4) if v is not None else None for k, v in within.items()}}
    if events and tally.event_documents:
        out["event_precision"] = {
            "documents": tally.event_documents, "events": tally.events_predicted, "incidents": tally.incidents_gold,
            "events_per_document": round(tally.events_predicted / tally.event_documents, 3),
            "incidents_per_document": round(tally.incidents_gold / tally.event_documents, 3),
            "events_outside_theatre": tally.events_outside_theatre,
            **{f"within_{k}km": prf(tally.events_matched[k], tally.events_predicted, tally.incidents_gold)
               for k in EVENT_RADII_KM},
        }
    return out


def read_gold(path: Path, tag: str | None = None, limit: int | None = None) -> Iterable[dict]:
    count = 0
    with path.open(encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            record = json.loads(line)
            if tag and tag not in record.get("tags", []):
                continue
            yield record
            count += 1
            if limit and count >= limit:
                return
