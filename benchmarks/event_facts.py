"""Incidents on the development sets: where, how many, and the deaths they state.

    python benchmarks/event_facts.py [--all-sentences] [--json]

Reads ../shared/eval-dev (not in the repo) and prints, for the pipeline as `geomap build` runs it (sentence focus;
`--all-sentences` parses everything, as `geomap eval` does):

- bellingcat_civharm, descriptions naming their place: the share of documents whose first event lies within
  10 / 50 / 161 km of the gold incident (as `geomap eval --events`);
- news_articles (every incident of 20 whole articles): predicted events matched one-to-one to gold incidents within
  10 / 50 / 161 km, nearest pairs first, type ignored: precision, recall, F1 (the eval-dev README's definition);
- ucdp_headlines: deaths. For each headline set that states deaths (a death word in the text, UCDP's best estimate
  at least 1), whether the first count geomap reads equals UCDP's; and of every document geomap gives a count,
  how many equal UCDP's. UCDP's estimate often covers more than its headlines tell, so 100% is out of reach.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geomap.evaluate import match_one_to_one, read_gold  # noqa: E402
from geomap.export import extract_record  # noqa: E402
from geomap.geo import km  # noqa: E402
from geomap.ingest import article_from_record  # noqa: E402
from geomap.pipeline import Pipeline  # noqa: E402

DEV = ROOT.parent / "shared" / "eval-dev"
DEATH_WORDS = re.compile(r"\b(kill|dead|die|died|death|lives|perish|bod(y|ies)|lost)\w*", re.I)
RADII = (10, 50, 161)


def gold(name: str, tag: str | None = None) -> list[dict]:
    return list(read_gold(DEV / name / "gold.jsonl", tag))


def events(pipeline: Pipeline, records: list[dict]) -> dict[str, list[dict]]:
    articles = [a for a in (article_from_record(r, default_id=r["id"]) for r in records) if a is not None]
    return {r.article.id: extract_record(r.article.id, r.resolutions, r.events)["events"]
            for r in pipeline.run(articles)}


def bellingcat(pipeline: Pipeline) -> dict:
    records = gold("bellingcat_civharm", "location_in_text")
    found = events(pipeline, records)
    first = [(found.get(r["id"]) or [None])[0] for r in records]
    errors = [km(r["event"]["lat"], r["event"]["lon"], e["lat"], e["lon"]) if e else None
              for r, e in zip(records, first, strict=True)]
    return {"documents": len(records), "with_event": sum(e is not None for e in errors),
            "events": sum(map(len, found.values())),
            **{f"within_{k}km": round(sum(1 for e in errors if e is not None and e <= k) / len(records), 4)
               for k in RADII}}


def news(pipeline: Pipeline) -> dict:
    records = gold("news_articles")
    found = events(pipeline, records)
    gold_count = sum(len(r["incidents"]) for r in records)
    predicted = sum(len(found.get(r["id"], [])) for r in records)
    out = {"gold_incidents": gold_count, "predicted_events": predicted}
    for k in RADII:
        hits = sum(len(match_one_to_one(r["incidents"], found.get(r["id"], []), k)) for r in records)
        p, r = hits / predicted if predicted else 0.0, hits / gold_count
        out[f"within_{k}km"] = {"matched": hits, "precision": round(p, 3), "recall": round(r, 3),
                                "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0}
    return out


def deaths(pipeline: Pipeline) -> dict:
    records = gold("ucdp_headlines")
    found = events(pipeline, records)

    def count(record: dict) -> int | None:
        return next((e["killed"] for e in found.get(record["id"], []) if e.get("killed") is not None), None)

    stated = [r for r in records if DEATH_WORDS.search(r["text"]) and (r["event"].get("deaths") or 0) >= 1]
    counted = [r for r in records if count(r) is not None]
    return {"documents": len(records), "stating_deaths": len(stated),
            "stating_deaths_counted": sum(count(r) is not None for r in stated),
            "stating_deaths_right": sum(count(r) == r["event"]["deaths"] for r in stated),
            "counted": len(counted), "counted_right": sum(count(r) == r["event"].get("deaths") for r in counted)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--all-sentences", action="store_true", help="parse every sentence, as `geomap eval` does")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not DEV.is_dir():
        sys.exit(f"event_facts: {DEV} is not beside this checkout")
    pipeline = Pipeline(focus=not args.all_sentences)
    figures = {"bellingcat_location_in_text": bellingcat(pipeline), "news_articles": news(pipeline),
               "ucdp_deaths": deaths(pipeline)}
    print(json.dumps(figures, indent=None if args.json else 2))


if __name__ == "__main__":
    main()
