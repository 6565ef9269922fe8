"""The corpus scorer, on a small corpus written here in the development corpus's format."""
import json
import subprocess
import sys
from pathlib import Path

from extraction.evaluate import evaluate, in_half, read_gold

GOLD = """article_id,event_date,date_precision,place_as_written,place_normalized,governorate,killed,wounded,victims,perpetrator,attack_type,notes
001,2021-12-05,day,near Qara Salim,Qara Salim,Kirkuk,4,2,peshmerga,isis,armed_attack,
001,2021-11-20,day,Tuz Khurmatu,Tuz Khurmatu,Salahaddin,1,,police,isis,ied,
002,,,,,,,,,,,no_event
"""
ARTICLE_1 = """URL: https://example.org/1
PUBLISHED: 2021-12-07

On Sunday, ISIS militants attacked Peshmerga forces near Qara Salim in Prde sub-district, killing four members of the Kurdish forces and wounding two others.
Separately, gunmen attacked a checkpoint in Kifri on Monday, killing three policemen.
"""
ARTICLE_2 = """URL: https://example.org/2
PUBLISHED: 2021-12-07

Peshmerga and Iraqi army commanders met in Erbil on Monday to discuss the joint brigades.
"""


def write_corpus(root: Path) -> Path:
    (root / "articles").mkdir(parents=True)
    (root / "gold.csv").write_text(GOLD)
    (root / "articles" / "001.txt").write_text(ARTICLE_1)
    (root / "articles" / "002.txt").write_text(ARTICLE_2)
    return root


def test_scores_match_miss_and_spurious(tmp_path):
    score = evaluate(write_corpus(tmp_path / "corpus"))
    figures = score.figures()
    assert (figures["gold_incidents"], figures["predicted_incidents"], figures["matched"]) == (2, 2, 1)
    assert figures["precision"] == 0.5 and figures["recall"] == 0.5
    assert figures["killed_exact"] == 1.0 and figures["date_right"] == 1.0 and figures["location_within_5km"] == 1.0
    assert [g.place_normalized for g in score.misses] == ["Tuz Khurmatu"]
    assert [i.location for i in score.spurious] == ["Kifri"]


def test_the_governorate_is_scored_against_gold_in_any_of_its_spellings(tmp_path):
    """Gold writes "Salahaddin", "Nineveh", "Sulaimani"; incidents carry the boundaries' names ("Salah Al-Din",
    "Ninewa", "Al-Sulaymaniyah"): the same governorate either way. A pair placed in another one is wrong, and a
    gold row without a governorate is not scored."""
    corpus = write_corpus(tmp_path / "corpus")
    spellings = corpus / "spellings.csv"
    spellings.write_text(GOLD.replace(",Salahaddin,", ",Nineveh,").replace(",Kirkuk,", ",Sulaimani,")
                         + GOLD.splitlines()[2].replace("001,", "003,", 1) + "\n")
    assert [g.governorate for rows in read_gold(spellings).values() for g in rows] == [
        "Al-Sulaymaniyah", "Ninewa", "Salah Al-Din"]
    assert evaluate(corpus).figures()["governorate_right"] == 1.0
    (corpus / "gold.csv").write_text(GOLD.replace(",Kirkuk,", ",Diyala,"))
    assert evaluate(corpus).figures()["governorate_right"] == 0.0
    (corpus / "gold.csv").write_text(GOLD.replace(",Kirkuk,", ",,"))
    figures = evaluate(corpus).figures()
    assert figures["matched"] == 1 and figures["governorate_scored"] == 0


def test_evaluate_command_prints_json(tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    frontline = Path(sys.executable).parent / "frontline"
    out = subprocess.run([str(frontline), "evaluate", str(corpus), "--json"], capture_output=True, text=True,
                         check=True).stdout
    assert json.loads(out)["f1"] == 0.5


def test_the_corpus_splits_into_a_tuning_and_a_checking_half_by_article():
    ids = [f"{n:03d}" for n in range(1, 60, 2)] + [f"{n}" for n in range(101, 140, 2)]
    tuning = [i for i in ids if in_half(i, "tuning")]
    checking = [i for i in ids if in_half(i, "checking")]
    assert sorted(tuning + checking) == sorted(ids) and not set(tuning) & set(checking)
    assert tuning[:3] == ["001", "005", "009"] and checking[:3] == ["003", "007", "011"]
    assert "101" in tuning and "103" in checking
    assert all(in_half(i, None) for i in ids)


AUTHORED = Path(__file__).parent / "data" / "authored-corpus"


def test_the_authored_corpus_is_read_whole_and_its_halves_hold_a_floor():
    """212 reports written for this project by ten writers who had seen neither the rules nor the development
    corpus: every report is read (none refused), and extraction keeps a floor on both halves, so a change that
    helps one kind of sentence and breaks another shows here. The floors sit under the figures measured when
    this test was written (tuning F1 0.93, killed 0.96; checking F1 0.86, killed 0.84): a drop of about one
    incident in ten fails."""
    tuning, checking = evaluate(AUTHORED, "tuning"), evaluate(AUTHORED, "checking")
    assert not tuning.refused and not checking.refused
    assert tuning.gold + checking.gold == 348 - 29  # 348 gold rows, 29 of them no_event
    assert tuning.figures()["f1"] >= 0.9 and checking.figures()["f1"] >= 0.78
    assert tuning.figures()["killed_exact"] >= 0.9 and checking.figures()["killed_exact"] >= 0.76


def test_of_two_gold_rows_that_agree_as_well_the_nearer_place_is_paired(tmp_path):
    """Kifri and Kulajo (17 km apart) both agree with an attack placed at Kifri on the day, neither on its toll: the
    pair is Kifri's row, whichever row comes first in gold.csv, and Kulajo's is the miss."""
    corpus = tmp_path / "corpus"
    (corpus / "articles").mkdir(parents=True)
    header = GOLD.splitlines()[0]
    (corpus / "gold.csv").write_text(f"{header}\n001,2021-12-06,day,Kifri,Kifri,Diyala,3,,police,isis,ied,\n"
                                     f"001,2021-12-06,day,Kulajo,Kulajo,Diyala,3,,police,isis,ied,\n")
    (corpus / "articles" / "001.txt").write_text(
        "URL: https://example.org/1\nPUBLISHED: 2021-12-07\n\nGunmen attacked a checkpoint in Kifri on Monday, "
        "killing two policemen.\n")
    for rows in ("", "reversed"):
        if rows:
            lines = (corpus / "gold.csv").read_text().splitlines()
            (corpus / "gold.csv").write_text("\n".join([lines[0], lines[2], lines[1]]) + "\n")
        score = evaluate(corpus)
        assert [p.gold.place_normalized for p in score.pairs] == ["Kifri"]
        assert [g.place_normalized for g in score.misses] == ["Kulajo"]
