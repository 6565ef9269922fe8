"""The learned judge of candidates (extraction.judge): its shipped model, its reproducible training, and its
refusals shown by `frontline extract -v`."""
import csv
import shutil
from datetime import date

from cli.main import main as frontline
from extraction.extract import extract
from extraction.judge import FEATURES, MODEL_PATH, model
from incidents.model import Report
from tools import train_judge
from tools.train_confidence import AUTHORED

LEAD = "Gunmen killed two soldiers in an attack on an army post near Daquq on Tuesday, security sources said. "
BACKGROUND = "Officials said the rocket was launched from areas in the Nineveh Plain, noting that the attacks continue."


def test_the_shipped_model_loads_and_weighs_the_judges_features():
    loaded = model()
    assert set(loaded["weights"]) == set(FEATURES) and 0 < loaded["threshold"] < 1


def test_a_plain_attack_is_kept_and_background_refused_with_its_probability():
    extraction = extract(Report(published=date(2023, 5, 10), text=LEAD + BACKGROUND, url="https://example.org/a"))
    assert [i.place for i in extraction.incidents] == ["Daquq"]
    assert list(extraction.judged.values())[0] > model()["threshold"]
    [refused] = [s for s in extraction.skipped if s.reason.startswith("refused by the judge")]
    assert "Nineveh Plain" in refused.sentence and "probability 0." in refused.reason


def test_extract_verbose_shows_the_refused_candidate_and_each_incidents_probability(tmp_path, capsys):
    path = tmp_path / "report.txt"
    path.write_text(f"URL: https://example.org/a\nPUBLISHED: 2023-05-10\n\n{LEAD}\n\n{BACKGROUND}\n", encoding="utf-8")
    assert frontline(["extract", str(path), "-v"]) == 0
    out = capsys.readouterr().out
    assert "judged: probability 0.9" in out
    assert "skipped (refused by the judge: probability 0." in out and "Nineveh Plain" in out


def test_figures_told_after_a_refused_candidate_are_shown_refused_with_it():
    """Figures without a place go to the attack told before them; when the judge refuses that one, extract -v still
    shows where they went."""
    text = LEAD + BACKGROUND + " Three soldiers were wounded, they added."
    extraction = extract(Report(published=date(2023, 5, 10), text=text, url="https://example.org/a"))
    refused = [s for s in extraction.skipped if "refused by the judge" in s.reason]
    assert [s.annotation.index for s in refused] == [1, 2]
    assert refused[1].reason.startswith("told with #1, refused by the judge")
    assert "Three soldiers" in refused[1].sentence


def test_training_on_a_tiny_corpus_is_deterministic(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    (corpus / "articles").mkdir(parents=True)
    chosen = ("201", "205", "209", "213", "217", "221")
    with open(AUTHORED / "gold.csv", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        rows = [row for row in reader if row["article_id"] in chosen]
        fields = reader.fieldnames
    with open(corpus / "gold.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fields)
        writer.writeheader()
        writer.writerows(rows)
    for article in chosen:
        shutil.copy(AUTHORED / "articles" / f"{article}.txt", corpus / "articles")
    written = []
    for run in range(2):
        monkeypatch.setattr(train_judge, "MODEL_PATH", tmp_path / f"model{run}.json")
        assert train_judge.main(["--dev", str(corpus), "--authored", str(corpus), "--write"]) == 0
        written.append((tmp_path / f"model{run}.json").read_text(encoding="utf-8"))
    assert written[0] == written[1] and '"features"' in written[0]
    assert MODEL_PATH.exists()
