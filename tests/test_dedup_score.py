"""The de-duplication score, on a corpus written for it (tests/data/dedup-corpus): the reports are ingested into
a real SQLite file and each stored incident traced back to the gold attacks its sources tell."""
import json
import subprocess
import sys
from pathlib import Path

from store.dedup_score import score_dedup

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "dedup-corpus"


def test_clusters_kept_whole_split_and_different_attacks_merged_are_counted():
    score = score_dedup(CORPUS)
    figures = score.figures()
    assert (figures["dedup_clusters_scored"], figures["dedup_clusters_kept_whole"]) == (2, 1)
    assert list(score.split) == ["T-TUZ"] and len(score.split["T-TUZ"]) == 2
    assert figures["dedup_different_attacks_merged"] == 1
    assert sorted(gold.article_id for _, gold in score.false_merges[0]) == ["005", "006"]
    assert figures["dedup_incidents_per_attack"] == 5 / 4  # Kolajo 1, Tuz Khurmatu 2, the two bombs 1 each
    # The store counts the Kolajo attack once, Tuz Khurmatu twice and the two bombs once; the gold each once.
    assert (figures["dedup_headline_killed"], figures["dedup_gold_headline_killed"]) == (3 + 2 + 2 + 2, 3 + 2 + 2 + 2)


def test_a_half_is_ingested_on_its_own():
    tuning, checking = score_dedup(CORPUS, "tuning").figures(), score_dedup(CORPUS, "checking").figures()
    assert (tuning["dedup_clusters_scored"], tuning["dedup_clusters_kept_whole"]) == (1, 1)
    assert tuning["dedup_different_attacks_merged"] == 1
    assert (tuning["dedup_headline_killed"], tuning["dedup_gold_headline_killed"]) == (3 + 2, 3 + 2 + 2)
    assert (checking["dedup_clusters_scored"], checking["dedup_clusters_kept_whole"]) == (1, 0)
    assert checking["dedup_different_attacks_merged"] == 0 and checking["dedup_incidents_per_attack"] == 2.0


def test_evaluate_command_prints_the_dedup_figures_with_the_extraction_ones():
    def frontline(*args: str) -> str:  # this checkout's command, whichever checkout installed `frontline`
        return subprocess.run([sys.executable, "-m", "cli.main", *args], capture_output=True, text=True,
                              check=True, cwd=ROOT).stdout

    figures = json.loads(frontline("evaluate", str(CORPUS), "--json"))
    assert figures["f1"] == 1.0 and figures["dedup_clusters_kept_whole"] == 1
    printed = frontline("evaluate", str(CORPUS), "--verbose")
    assert "dedup_different_attacks_merged: 1" in printed and "split    T-TUZ:" in printed
