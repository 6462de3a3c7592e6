"""Fit the incident score's weights (geomap/event_weights.json) on the development sets, with cross-validation.

Every candidate incident (an incident sentence and a place it may be located at) of every document of the event
sets is a sample; its label is whether the place lies within 50 km of a gold incident of that document. A
logistic regression (L2, Newton's method) is fitted with each corpus weighing the same. Two levels follow: the
threshold a candidate must reach, and a lower rescue level at which a document's best candidate still counts when
none reaches the threshold. They are the pair that maximises, averaged over the corpora, F0.5 of event precision
and recall on whole articles (a false incident costs more than a missed one) and the share of one-incident
documents whose first event is right. The figures printed are cross-validated: documents are split into folds,
each scored by weights and levels fitted on the other folds only. `--write` then fits on all and writes the table.

    python benchmarks/fit_event_weights.py [--eval-dev ../shared/eval-dev] [--folds 5] [--write]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import pickle
import random
import sys
from pathlib import Path

import numpy as np

from geomap.evaluate import gold_incidents, match_one_to_one
from geomap.event_score import EXPECTED_SIGNS, FEATURES, WEIGHTS_FILE
from geomap.geo import km

REPO = Path(__file__).resolve().parents[1]
SETS = {"news_articles": None, "bellingcat_civharm": None, "ucdp_headlines": None}
RADIUS_KM = 50
BETA = 0.5
TIE = 0.005  # objective differences smaller than this are noise (see fit)


def candidates_of(eval_dev: Path, dump: Path) -> list[dict]:
    """One entry per document: its corpus, gold points and candidates (features, place, type, order). Kept in
    `dump` under the package's code fingerprint: a dump made by other code is made again."""
    from geomap.cache import code_fingerprint

    key = code_fingerprint()
    if dump.exists():
        with contextlib.suppress(pickle.UnpicklingError, EOFError, ValueError, KeyError, TypeError):
            stored = pickle.loads(dump.read_bytes())
            if stored["key"] == key:
                return stored["documents"]
    from geomap.events import candidates
    from geomap.ingest import article_from_record
    from geomap.pipeline import Pipeline

    pipeline = Pipeline()
    documents = []
    for corpus in SETS:
        records = [json.loads(line) for line in (eval_dev / corpus / "gold.jsonl").open(encoding="utf-8")]
        pairs = [(r, a) for r in records if (a := article_from_record(r, default_id=r["id"])) is not None]
        for (record, _), doc in zip(pairs, pipeline.nlp.pipe(a.text for _, a in pairs), strict=True):
            resolutions = pipeline.resolutions(doc)
            found = [{"features": [evidence[name] for name in FEATURES], "place": r.place.id, "kind": kind[0],
                      "lat": r.place.lat, "lon": r.place.lon, "mention": r.mention.text, "quote": sent.text[:300]}
                     for sent, kind, r, _, evidence in candidates(doc, resolutions)]
            documents.append({"corpus": corpus, "id": record["id"], "gold": gold_incidents(record),
                              "tags": record.get("tags", []), "candidates": found})
        print(f"{corpus}: {len(records)} documents read", file=sys.stderr)
    dump.write_bytes(pickle.dumps({"key": key, "documents": documents}))
    return documents


def scored(document: dict) -> bool:
    """Documents whose labels are clean: every full article, and the one-incident documents whose text names the
    incident's place (elsewhere a place named in the text may be right and still far from the gold point)."""
    return document["corpus"] == "news_articles" or (bool(document["gold"]) and "location_in_text" in document["tags"])


def samples(documents: list[dict]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    documents = [d for d in documents if scored(d)]
    rows, labels, weights = [], [], []
    per_corpus = {}
    for d in documents:
        per_corpus[d["corpus"]] = per_corpus.get(d["corpus"], 0) + len(d["candidates"])
    for d in documents:
        for c in d["candidates"]:
            rows.append(c["features"])
            labels.append(any(km(g["lat"], g["lon"], c["lat"], c["lon"]) <= RADIUS_KM for g in d["gold"]))
            weights.append(1 / per_corpus[d["corpus"]])
    return np.array(rows, dtype=float), np.array(labels, dtype=float), np.array(weights) * len(rows) / len(per_corpus)


def fit_logistic(x: np.ndarray, y: np.ndarray, w: np.ndarray, l2: float = 1.0) -> np.ndarray:
    """Weighted L2 logistic regression by projected Newton steps, each weight of EXPECTED_SIGNS kept on its side of
    zero (a weight at zero whose gradient points across it is held there for the step)."""
    beta = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2)
    penalty[FEATURES.index("bias")] = 0.0
    sign = np.array([EXPECTED_SIGNS.get(name, 0) for name in FEATURES])
    for _ in range(100):
        p = 1 / (1 + np.exp(-np.clip(x @ beta, -30, 30)))
        gradient = x.T @ (w * (p - y)) + penalty * beta
        hessian = (x * (w * p * (1 - p))[:, None]).T @ x + np.diag(penalty + 1e-9)
        free = ~((sign != 0) & (beta * sign <= 0) & (gradient * sign > 0))
        step = np.zeros_like(beta)
        step[free] = np.linalg.solve(hessian[np.ix_(free, free)], gradient[free])
        updated = beta - step
        updated[(sign != 0) & (updated * sign < 0)] = 0.0
        moved = np.abs(updated - beta).max()
        beta = updated
        if moved < 1e-8:
            break
    return beta


def probabilities(document: dict, beta: np.ndarray) -> list[float]:
    x = np.array([c["features"] for c in document["candidates"]]).reshape(-1, len(FEATURES))
    return list(1 / (1 + np.exp(-np.clip(x @ beta, -30, 30))))


def events_kept(document: dict, beta: np.ndarray | None, threshold: float = 0.0, rescue: float = 2.0) -> list[dict]:
    """The document's events as geomap.events.extract_events emits them: candidates at or above the threshold
    (else the best one, if at or above `rescue`), one per place and type, in text order."""
    found = document["candidates"]
    if beta is not None and found:
        p = probabilities(document, beta)
        chosen = [c for c, q in zip(found, p, strict=True) if q >= threshold]
        best = int(np.argmax(p))
        found = chosen or ([found[best]] if p[best] >= rescue else [])
    seen, out = set(), []
    for c in found:
        if (c["place"], c["kind"]) not in seen:
            seen.add((c["place"], c["kind"]))
            out.append(c)
    return out


def scores(documents: list[dict], beta: np.ndarray | None = None, threshold: float = 0.0, rescue: float = 2.0
           ) -> dict[str, dict]:
    out = {}
    for corpus in SETS:
        docs = [d for d in documents if d["corpus"] == corpus and scored(d)]
        predicted = matched = gold = first = 0
        for d in docs:
            events = events_kept(d, beta, threshold, rescue)
            predicted += len(events)
            gold += len(d["gold"])
            matched += len(match_one_to_one(d["gold"], events, RADIUS_KM))
            first += bool(events) and bool(d["gold"]) and km(d["gold"][0]["lat"], d["gold"][0]["lon"], events[0]["lat"],
                                         events[0]["lon"]) <= RADIUS_KM
        p = matched / predicted if predicted else 0.0
        r = matched / gold if gold else 0.0
        f = (1 + BETA**2) * p * r / (BETA**2 * p + r) if p + r else 0.0
        out[corpus] = {"documents": len(docs), "precision": round(p, 3), "recall": round(r, 3), "f0.5": round(f, 3),
                       "events_per_document": round(predicted / len(docs), 2) if docs else None,
                       "first_event_within_50km": round(first / len(docs), 3) if docs else None}
    return out


def target(corpus: str, score: dict) -> float:
    """What the levels are chosen for: on whole articles F0.5 of events against incidents; on one-incident sets
    the share of documents whose first event is right, with a penalty past 1.2 events per document."""
    if corpus == "news_articles":
        return score["f0.5"]
    return score["first_event_within_50km"] - max(0.0, score["events_per_document"] - 1.2)


def fit(documents: list[dict], l2: float) -> tuple[np.ndarray, float, float]:
    """Weights, threshold and rescue level: of the pairs of levels within TIE of the best mean over the corpora of
    `target`, the one with the lowest threshold."""
    beta = fit_logistic(*samples(documents), l2=l2)
    levels = [(t / 100, r / 100) for t in range(10, 95, 5) for r in [*range(5, t + 1, 5), 200]]

    def objective(level: tuple[float, float]) -> float:
        return float(np.mean([target(corpus, s) for corpus, s in scores(documents, beta, *level).items()]))

    # The objective is flat near its top (20 annotated articles): levels within TIE of the best cannot be told
    # apart, and among them the lowest threshold keeps the most incidents.
    value = {level: objective(level) for level in levels}
    best = max(value.values())
    threshold, rescue = min((level for level in levels if value[level] >= best - TIE),
                            key=lambda level: (level[0], -value[level]))
    return beta, threshold, rescue


def folds(documents: list[dict], k: int) -> list[list[int]]:
    """Document indices per fold, each corpus spread evenly over the folds (fixed seed)."""
    out: list[list[int]] = [[] for _ in range(k)]
    rng = random.Random(20261201)
    for corpus in SETS:
        members = [i for i, d in enumerate(documents) if d["corpus"] == corpus]
        rng.shuffle(members)
        for n, i in enumerate(members):
            out[n % k].append(i)
    return out


def cross_validated(documents: list[dict], k: int, l2: float) -> dict[str, dict]:
    """Scores of each held-out fold under weights and levels fitted without it, pooled over the folds."""
    held_out: list[dict] = []
    for fold in folds(documents, k):
        held = set(fold)
        beta, threshold, rescue = fit([d for i, d in enumerate(documents) if i not in held], l2)
        held_out += [{**documents[i], "candidates": events_kept(documents[i], beta, threshold, rescue)} for i in fold]
    return scores(held_out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dev", default=str(REPO.parent / "shared" / "eval-dev"))
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--l2", type=float, default=1.0, help="ridge penalty (not tuned: the usual unit penalty)")
    parser.add_argument("--dump", default="/tmp/geomap-event-candidates.pickle",
                        help="candidates are extracted once per version of the code and kept here")
    parser.add_argument("--write", action="store_true", help=f"fit on all documents and write {WEIGHTS_FILE.name}")
    args = parser.parse_args()
    documents = candidates_of(Path(args.eval_dev), Path(args.dump))
    report = {"every candidate kept (before)": scores(documents),
              f"{args.folds}-fold cross-validated": cross_validated(documents, args.folds, args.l2)}
    print(json.dumps(report, indent=1))
    if args.write:
        beta, threshold, rescue = fit(documents, args.l2)
        coefficients = {n: round(float(b), 4) for n, b in zip(FEATURES, beta, strict=True)}
        table = {"note": f"written by benchmarks/fit_event_weights.py ({args.folds}-fold CV figures in BENCHMARKS.md)",
                 "threshold": threshold, "rescue": rescue, "coefficients": coefficients}
        WEIGHTS_FILE.write_text(json.dumps(table, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {WEIGHTS_FILE} (threshold {threshold}, rescue {rescue})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
