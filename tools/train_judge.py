"""Fit the judge (extraction/judge_model.json) that refuses candidates the rules assembled, and measure it against
the rules alone: precision, recall, F1 and killed_exact on each half, with and without it.

Run from a checkout when the extraction or the features change:
    python -m tools.train_judge [--dev ../shared/corpus-dev] [--authored tests/data/authored-corpus]
Deterministic: the same corpora give the same file (scikit-learn's logistic regression by Newton's method, folds
of whole reports dealt by GroupKFold with fixed seeds).

Each candidate the rules keep in one report (after retellings are merged, before consolidation) is labelled real
when extraction.evaluate pairs its incident with a gold attack, spurious otherwise. The model is fitted on the
tuning halves only, real reports weighing 1 and authored ones less (their texts are cleaner; the blind tranches are
left out), cross-validated by report; the refusal threshold is chosen on the cross-validated tuning probabilities,
and the checking halves only measure.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from extraction.evaluate import GoldIncident, in_half, pair_incidents, read_gold
from extraction.extract import assembled, incident_of
from extraction.judge import FEATURES, MODEL_PATH, features
from geo import get_gazetteer
from incidents.model import Incident
from reports.reading import ReportError, read_reports
from tools.train_confidence import blind, fitting_arguments, logistic, out_of_fold, predict

THRESHOLDS = tuple(round(t, 2) for t in np.arange(0.05, 0.85, 0.05))


@dataclass
class Article:
    """One report's gold attacks and the candidates the rules made of it, with their features and labels."""
    article_id: str
    gold: list[GoldIncident]
    incidents: list[Incident]
    rows: np.ndarray  # one row of FEATURES per candidate
    real: np.ndarray  # whether each candidate's incident pairs with a gold attack
    weight: float


def read_corpus(corpus: Path, half: str, weight: float, leave_out=lambda article_id: False) -> list[Article]:
    gazetteer = get_gazetteer()
    out = []
    for article_id, gold in sorted(read_gold(corpus / "gold.csv").items()):
        if not in_half(article_id, half) or leave_out(article_id):
            continue
        report = next(read_reports([corpus / "articles" / f"{article_id}.txt"]), None)
        if report is None or isinstance(report, ReportError):
            out.append(Article(article_id, gold, [], np.zeros((0, len(FEATURES))), np.zeros(0, bool), weight))
            continue
        annotations, found = assembled(report, gazetteer, [], [])
        incidents = [incident_of(report, c, i) for i, c in enumerate(found)]
        rows = np.zeros((len(found), len(FEATURES)))
        for rank, (row, candidate) in enumerate(zip(rows, found)):
            for name, value in features(candidate, annotations, report, rank).items():
                row[FEATURES.index(name)] = value
        paired = {pi for _, pi in pair_incidents(gold, incidents)}
        out.append(Article(article_id, gold, incidents, rows, np.array([i in paired for i in range(len(found))]),
                           weight))
    return out


def figures(articles: list[Article], keep: list[np.ndarray]) -> dict[str, float]:
    """The scorer's figures when only the kept candidates become incidents (pairs made again without the others)."""
    gold = predicted = matched = killed_exact = 0
    for article, kept in zip(articles, keep):
        incidents = [i for i, k in zip(article.incidents, kept) if k]
        pairs = pair_incidents(article.gold, incidents)
        gold, predicted, matched = gold + len(article.gold), predicted + len(incidents), matched + len(pairs)
        killed_exact += sum(article.gold[g].killed == incidents[p].killed_total for g, p in pairs)
    precision, recall = matched / predicted if predicted else 0.0, matched / gold if gold else 0.0
    return {"f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
            "precision": precision, "recall": recall, "killed_exact": killed_exact / matched if matched else 0.0,
            "predicted": predicted, "matched": matched, "gold": gold}


def stacked(articles: list[Article]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rows = np.vstack([a.rows for a in articles])
    return rows, np.concatenate([a.real for a in articles]).astype(float), np.concatenate(
        [np.full(len(a.real), a.weight) for a in articles])


def cross_validated(articles: list[Article], l2: float) -> list[np.ndarray]:
    """Each candidate's probability from models fitted without its report's fold."""
    reports = [str(i) for i, a in enumerate(articles) for _ in a.real]  # by position: both corpora number from 1
    probabilities = out_of_fold(*stacked(articles), reports, logistic, l2)
    return np.split(probabilities, np.cumsum([len(a.real) for a in articles])[:-1])


def show(title: str, result: dict[str, float]) -> None:
    print(f"  {title:<34} f1 {result['f1']:.3f}  precision {result['precision']:.3f}  recall {result['recall']:.3f}"
          f"  killed_exact {result['killed_exact']:.3f}  ({result['matched']} of {result['gold']} gold, "
          f"{result['predicted']} predicted)")


def choose_threshold(tuning: dict[str, list[Article]], cv: dict[str, list[np.ndarray]]) -> float:
    """The threshold that most raises the tuning halves' F1 (dev and authored averaged, cross-validated); 0 (refuse
    nothing) unless one raises it."""
    def gain(t: float) -> float:
        return float(np.mean([figures(tuning[n], [p >= t for p in cv[n]])["f1"] - figures(
            tuning[n], [np.ones(len(p), bool) for p in cv[n]])["f1"] for n in tuning]))
    print("threshold on the tuning halves (cross-validated): mean F1 gain over the rules")
    gains = {t: gain(t) for t in THRESHOLDS}
    print("    " + "  ".join(f"{t:.2f}:{g:+.3f}" for t, g in gains.items()))
    best = max(gains, key=lambda t: (gains[t], -t))
    return best if gains[best] > 0 else 0.0


def write_model(intercept: float, weights: np.ndarray, threshold: float, trained: dict) -> None:
    MODEL_PATH.write_text(json.dumps({
        "about": "extraction.judge: a logistic model of the chance that a candidate the rules assembled is an attack "
                 "the report tells; retrain with python -m tools.train_judge", "trained": trained,
        "threshold": threshold, "features": list(FEATURES), "intercept": round(intercept, 4),
        "weights": [round(w, 4) for w in weights]}, indent=1) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = fitting_arguments(__doc__.split("\n\n")[0], "candidate")
    parser.add_argument("--check", action="store_true", help="measure on the checking halves too (once the fit is "
                        "chosen: the checking halves must not steer it)")
    parser.add_argument("--write", action="store_true", help="write the model fitted on both tuning halves")
    args = parser.parse_args(argv)
    tuning = {"dev": read_corpus(args.dev, "tuning", 1.0),
              "authored": read_corpus(args.authored, "tuning", args.authored_weight, blind)}
    everything = tuning["dev"] + tuning["authored"]
    probabilities = cross_validated(everything, args.l2)
    cv = {"dev": probabilities[:len(tuning["dev"])], "authored": probabilities[len(tuning["dev"]):]}
    threshold = choose_threshold(tuning, cv)
    intercept, weights = logistic(*stacked(everything), args.l2)
    print(f"threshold {threshold:.2f}; model: intercept {intercept:+.3f}, " + ", ".join(
        f"{n} {w:+.2f}" for n, w in sorted(zip(FEATURES, weights), key=lambda x: -abs(x[1])) if abs(w) >= 0.1))
    for name, articles in tuning.items():
        print(f"tuning half, {name} (cross-validated by report)")
        show("rules alone", figures(articles, [np.ones(len(a.real), bool) for a in articles]))
        show(f"rules + judge at {threshold:.2f}", figures(articles, [p >= threshold for p in cv[name]]))
    for name, corpus in (("dev", args.dev), ("authored", args.authored)) if args.check else ():
        articles = read_corpus(corpus, "checking", 1.0)
        print(f"checking half, {name}")
        show("rules alone", figures(articles, [np.ones(len(a.real), bool) for a in articles]))
        show(f"rules + judge at {threshold:.2f}", figures(
            articles, [predict(intercept, weights, a.rows) >= threshold for a in articles]))
    if args.write:
        write_model(intercept, weights, threshold, {
            "on": "tuning halves of corpus-dev and the authored corpus (blind tranches left out)",
            "candidates": int(sum(len(a.real) for a in everything)), "authored_weight": args.authored_weight,
            "l2": args.l2})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
