import json
import math

import pytest

from geomap.cli import main
from geomap.evaluate import MAX_ERROR_KM, Tally, auc, prf, report


def test_auc_follows_gritta_et_al():
    assert auc([0, 0, 0]) == 0
    assert auc([MAX_ERROR_KM - 1] * 4) == pytest.approx(1.0)
    # Two errors: the trapezoid between ln(1) and ln(1 + 100), over ln(20039).
    assert auc([0, 100]) == pytest.approx(math.log(101) / 2 / math.log(MAX_ERROR_KM))


def test_prf():
    assert prf(8, 10, 16) == {"precision": 0.8, "recall": 0.5, "f1": round(2 * 0.8 * 0.5 / 1.3, 4)}
    assert prf(0, 0, 5) == {"precision": 0.0, "recall": 0.0, "f1": 0.0}


def test_exact_and_overlap_recognition_and_resolution_errors():
    gold = [{"start": 0, "end": 6, "lat": 50.0, "lon": 36.0}, {"start": 10, "end": 20, "lat": 51.0, "lon": 36.0}]
    predicted = [{"start": 0, "end": 6, "lat": 50.0, "lon": 36.0}, {"start": 12, "end": 20, "lat": None, "lon": None},
                 {"start": 30, "end": 35, "lat": 1.0, "lon": 1.0}]
    tally = Tally(documents=1)
    tally.add_recognition(gold, predicted)
    tally.add_resolution(gold, predicted)
    scores = report(tally, full=True, resolution=True, events=False)
    assert scores["recognition_exact"]["recall"] == 0.5 and scores["recognition_overlap"]["recall"] == 1.0
    assert scores["resolution"]["resolved"] == 1 and scores["resolution"]["coverage"] == 0.5
    assert scores["resolution"]["accuracy_at_161km"] == 1.0


def test_eval_command_on_a_small_gold_file(tmp_path, capsys):
    text = "Shelling hit Shebekino overnight, and drones were shot down over Kursk."
    record = {"id": "g1", "corpus": "test", "text": text, "date": "2024-03-12", "annotation": "full", "tags": ["x"],
              "toponyms": [{"start": 13, "end": 22, "name": "Shebekino", "lat": 50.41, "lon": 36.90},
                           {"start": 65, "end": 70, "name": "Kursk", "lat": 51.73, "lon": 36.19}],
              "event": {"lat": 50.41, "lon": 36.90}}
    assert text[13:22] == "Shebekino" and text[65:70] == "Kursk"
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps(record) + "\n")
    assert main(["eval", str(gold), "--events", "--json"]) == 0
    scores = json.loads(capsys.readouterr().out)
    assert scores["recognition_exact"]["f1"] == 1.0
    assert scores["resolution"]["accuracy_at_10km"] == 1.0
    assert scores["events"]["within_10km"] == 1.0
