import json
import math

import pytest

from geomap.cli import main
from geomap.evaluate import MAX_ERROR_KM, Tally, auc, match_one_to_one, prf, report


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


def test_events_match_incidents_one_to_one_nearest_first():
    kozinka, graivoron, kyiv = {"lat": 50.46, "lon": 35.60}, {"lat": 50.48, "lon": 35.68}, {"lat": 50.45, "lon": 30.52}
    # Two events near both villages: the nearer pairs win, and neither event counts twice.
    events = [{**graivoron}, {"lat": 50.461, "lon": 35.601}, {**kyiv, "country_code": "UA"},
              {"lat": 40.0, "lon": -3.7, "country_code": "ES"}]
    assert sorted(match_one_to_one([kozinka, graivoron], events, 10)) == [(0, 1), (1, 0)]
    assert match_one_to_one([kozinka], events[:1], 10) == [(0, 0)]  # Graivoron is 6 km from Kozinka
    assert match_one_to_one([kozinka], events[:1], 1) == []
    tally = Tally(documents=1)
    tally.add_incidents([kozinka, graivoron], events)
    scores = report(tally, full=False, resolution=False, events=True)["event_precision"]
    assert scores["within_50km"] == prf(2, 4, 2)  # the Kyiv and Madrid events are false
    assert scores["events_per_document"] == 4 and scores["events_outside_theatre"] == 1


def test_eval_scores_every_event_of_an_incidents_document(tmp_path, capsys):
    text = ("Artillery shelled Shebekino on Monday. Later, the minister visited Moscow to discuss sanctions. "
            "Drones struck a depot near Kursk.")
    record = {"id": "n1", "corpus": "test", "text": text, "date": "2024-03-12", "annotation": "incidents",
              "incidents": [{"lat": 50.41, "lon": 36.90}, {"lat": 51.73, "lon": 36.19}]}
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps(record) + "\n")
    assert main(["eval", str(gold), "--events", "--json"]) == 0
    scores = json.loads(capsys.readouterr().out)["event_precision"]
    assert scores["incidents"] == 2 and scores["within_50km"]["recall"] == 1.0
    assert scores["within_50km"]["precision"] == 1.0, "the minister's visit to Moscow is no incident"
