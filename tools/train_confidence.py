"""Fit the confidence model (incidents/confidence_model.json) on the hand-coded corpora and say how well it is
calibrated, before (the multiplicative factors it replaced) and after.

Run from a checkout when the extraction or the features change:
    python -m tools.train_confidence [--dev ../shared/corpus-dev] [--authored tests/data/authored-corpus]
It lives in tools/, beside the scripts that derive the other shipped data, rather than in `frontline`: it needs the
corpora, which neither the package nor an install carries. Deterministic: the same corpora give the same file.

Each incident extracted from one report is labelled right when extraction.evaluate pairs it with a gold attack and
its killed count is the gold's (both unstated counts as equal); spurious incidents and wrong tolls are wrong. The
model is fitted on the tuning halves only (the authored corpus weighs less: its texts are cleaner than real
reports; its blind tranches are left out), cross-validated by report; the checking halves only measure it.
"""
from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Callable

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from extraction.evaluate import evaluate
from incidents.confidence import (FEATURES, MODEL_PATH, Doubt, assess, model, source_confidence, source_doubts,
                                  source_features)
from incidents.model import SourceRef
from store.dedup_score import score_dedup

DEV, AUTHORED = Path("../shared/corpus-dev"), Path("tests/data/authored-corpus")
FOLDS, REPEATS = 5, 10
BINS = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)
# The confidence before the model: each doubt scaled it by a fixed factor. Kept to measure the model against.
FACTORS = {
    Doubt.DATE_FROM_CONTEXT: 0.9, Doubt.DATE_UNSTATED: 0.6, Doubt.PUBLICATION_INFERRED: 0.7,
    Doubt.FIGURES_ELSEWHERE: 0.9, Doubt.FIGURES_SPLIT: 0.8, Doubt.PLACE_UNKNOWN: 0.8, Doubt.PLACE_DISTRICT: 0.9,
    Doubt.PLACE_GOVERNORATE: 0.7, Doubt.NOT_LOCATED: 0.5, Doubt.PLACE_FROM_CONTEXT: 0.8,
    Doubt.FIGURE_BEYOND_GUARDRAIL: 0.3,
}


def blind(article_id: str) -> bool:
    """The authored corpus's blind tranches (its README): never looked at while rules change, so never fitted on."""
    return article_id.isdigit() and (701 <= int(article_id) <= 739 or 1101 <= int(article_id) <= 1139)


@dataclass
class Example:
    report: str  # cross-validation keeps each report's incidents in one fold
    sources: list[SourceRef]
    killed: int | None
    right: bool
    weight: float = 1.0


def multiplicative(sources: list[SourceRef]) -> float:
    """The confidence before: the product of each account's doubt factors; reports combined as assess does."""
    wrong: dict[str, float] = {}
    for source in sources:
        confidence = float(np.prod([FACTORS[d] for d in source_doubts(source)]))
        wrong[source.report_id] = min(1 - confidence, wrong.get(source.report_id, 1.0))
    return 1 - float(np.prod(list(wrong.values())))


def extracted(corpus: Path, half: str, weight: float = 1.0, leave_out=lambda article_id: False) -> list[Example]:
    """Each incident extracted from the half's reports, labelled."""
    score = evaluate(corpus, half, leave_out)
    told = [(p.predicted, p.killed_exact) for p in score.pairs] + [(i, False) for i in score.spurious]
    return [Example(i.sources[0].report_id, i.sources, i.killed_total, right, weight) for i, right in told]


def stored(corpus: Path, half: str) -> list[Example]:
    """Each incident the half's reports make once ingested and de-duplicated (several reports corroborating), right
    when its sources tell one gold attack and its killed count is one its reports' gold rows give."""
    examples = []
    for incident, attacks in score_dedup(corpus, half).told:
        right = len({row.attack for row in attacks}) == 1 and incident.killed_total in {r.killed for r in attacks}
        examples.append(Example(incident.incident_id, incident.sources, incident.killed_total, right))
    return examples


def matrix(examples: list[Example]) -> np.ndarray:
    """One row per example: its single account's features in FEATURES order."""
    rows = np.zeros((len(examples), len(FEATURES)))
    for row, example in zip(rows, examples):
        for name, value in source_features(example.sources[0]).items():
            row[FEATURES.index(name)] = value
    return rows


def fit(features: np.ndarray, right: np.ndarray, weight: np.ndarray, l2: float) -> tuple[float, np.ndarray]:
    """Weighted logistic regression, the weights shrunk by `l2` and none above zero: every feature is a doubt, and a
    doubt that seemed to raise the chance of being right (a date doubt, in reports that are right for other
    reasons) would tell the analyst the opposite of what it says. The feature whose weight is most above zero is
    left out and the rest fitted again, until none is. Returns the intercept and the weights."""
    kept = np.ones(features.shape[1], bool)
    while True:
        intercept, weights = logistic(features[:, kept], right, weight, l2)
        if weights.max(initial=0) <= 0:
            break
        kept[np.flatnonzero(kept)[weights.argmax()]] = False
    every = np.zeros(features.shape[1])
    every[kept] = weights
    return intercept, every


def logistic(features: np.ndarray, right: np.ndarray, weight: np.ndarray, l2: float) -> tuple[float, np.ndarray]:
    """Weighted logistic regression, the weights (not the intercept) shrunk by `l2` (scikit-learn's C is its
    inverse), by Newton's method on a Cholesky factor: exact and deterministic. With no feature, or labels all alike
    (a fold of a tiny corpus), the intercept alone gives the share right, kept off 0 and 1."""
    if features.shape[1] == 0 or len(np.unique(right)) < 2:
        share = float(np.clip(np.average(right, weights=weight), 1e-3, 1 - 1e-3))
        return float(np.log(share / (1 - share))), np.zeros(features.shape[1])
    fitted = LogisticRegression(C=1 / l2, solver="newton-cholesky", tol=1e-10, max_iter=100)
    fitted.fit(features, right, sample_weight=weight)
    return float(fitted.intercept_[0]), fitted.coef_[0]


def report_folds(reports: list[str]) -> list[tuple[np.ndarray, np.ndarray]]:
    """(fitting rows, predicted rows) of FOLDS folds that keep each report's rows together (scikit-learn's GroupKFold),
    fewer where there are fewer reports; dealt REPEATS times over, shuffled with fixed seeds, so that no one dealing
    of a few dozen reports decides what the cross-validated figures say."""
    splits = min(FOLDS, len(set(reports)))
    return [fold for seed in range(REPEATS) for fold in GroupKFold(n_splits=splits, shuffle=True, random_state=seed)
            .split(np.zeros((len(reports), 1)), groups=reports)]


Fit = Callable[[np.ndarray, np.ndarray, np.ndarray, float], tuple[float, np.ndarray]]


def out_of_fold(features: np.ndarray, right: np.ndarray, weight: np.ndarray, reports: list[str], fitting: Fit,
                l2: float) -> np.ndarray:
    """Each row's probability, averaged over the REPEATS dealings, from models `fitting` fits without its report's
    fold."""
    total = np.zeros(len(reports))
    for kept, held_out in report_folds(reports):
        intercept, weights = fitting(features[kept], right[kept], weight[kept], l2)
        total[held_out] += predict(intercept, weights, features[held_out])
    return total / REPEATS


def predict(intercept: float, weights: np.ndarray, features: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-(intercept + features @ weights)))


def cross_validated(examples: list[Example], l2: float) -> np.ndarray:
    """Each example's probability from models fitted without its report's fold."""
    return out_of_fold(*_arrays(examples), [e.report for e in examples], fit, l2)


def _arrays(examples: list[Example]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return matrix(examples), np.array([e.right for e in examples], float), np.array([e.weight for e in examples])


def reliability(confidence: np.ndarray, right: np.ndarray) -> list[str]:
    """A reliability table (per bin of confidence: how many, their mean confidence, the share right) and the
    Brier score."""
    lines = [f"    {'bin':>9} {'n':>4} {'mean conf':>9} {'share right':>11}"]
    for low, high in zip(BINS, BINS[1:]):
        inside = (confidence >= low) & ((confidence < high) | (high == BINS[-1]))
        if inside.any():
            lines.append(f"    {low:.1f}-{high:.1f} {inside.sum():>4} {confidence[inside].mean():>9.2f} "
                         f"{right[inside].mean():>11.2f}")
    lines.append(f"    Brier {np.mean((confidence - right) ** 2):.4f} over {len(right)} incidents, "
                 f"{right.mean():.2f} right")
    return lines


def compare(title: str, examples: list[Example], after: np.ndarray) -> None:
    right = np.array([e.right for e in examples], float)
    before = np.array([multiplicative(e.sources) for e in examples])
    print(f"{title}\n  before (multiplicative factors)")
    print("\n".join(reliability(before, right)))
    print("  after (calibrated model)")
    print("\n".join(reliability(after, right)))


def thresholds(examples: list[Example], confidence: np.ndarray) -> None:
    """For each candidate threshold, the incidents below it: how many, the share wrong, the killed they hold
    (and of that, in right ones): what the headline would leave out awaiting review."""
    print("awaiting-review threshold on the tuning halves (cross-validated confidence)")
    print(f"    {'below':>5} {'n':>4} {'wrong':>5} {'killed':>6} {'in right':>8}")
    killed = np.array([e.killed or 0 for e in examples])
    right = np.array([e.right for e in examples])
    for threshold in (0.2, 0.3, 0.4, 0.5, 0.6, 0.7):
        below = confidence < threshold
        if below.any():
            print(f"    {threshold:>5.1f} {below.sum():>4} {1 - right[below].mean():>5.2f} {killed[below].sum():>6} "
                  f"{killed[below & right].sum():>8}")


def corroboration(title: str, examples: list[Example]) -> None:
    """Whether combining reports (1 - the chance all are wrong) helps, against the most confident report alone."""
    several = [e for e in examples if len({s.report_id for s in e.sources}) > 1]
    if not several:
        print(f"corroboration, {title}: no incident told by several reports")
        return
    right = np.array([e.right for e in several], float)
    combined = np.array([assess(e.sources, e.killed)[0] for e in several])
    alone = np.array([max(source_confidence(s) for s in e.sources) for e in several])
    print(f"corroboration, {title}, both halves ingested: {len(several)} incidents told by several reports, "
          f"{right.mean():.2f} right; mean confidence {combined.mean():.2f} combined, {alone.mean():.2f} the most "
          f"confident report alone; Brier {np.mean((combined - right) ** 2):.4f} combined, "
          f"{np.mean((alone - right) ** 2):.4f} alone")


def neutral_model() -> None:
    """A model of the current FEATURES weighing nothing, written where the shipped one is missing or fits others:
    extraction gives every incident its confidence, so it needs a model to run while the new one is trained."""
    try:
        model()
    except (OSError, ValueError):  # none, or one of other features
        write_model(0.0, np.zeros(len(FEATURES)), {})
        model.cache_clear()


def write_model(intercept: float, weights: np.ndarray, trained: dict) -> None:
    MODEL_PATH.write_text(json.dumps({
        "about": "incidents.confidence: a logistic model of the chance that an extracted incident is real and its "
                 "killed count right; retrain with python -m tools.train_confidence", "trained": trained,
        "features": list(FEATURES), "intercept": round(intercept, 4), "weights": [round(w, 4) for w in weights],
    }, indent=1) + "\n", encoding="utf-8")


def fitting_arguments(description: str, unit: str) -> argparse.ArgumentParser:
    """The corpora and the fit's settings, as both trainers (this and tools/train_judge.py) take them."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--dev", type=Path, default=DEV, help="the development corpus (real reports)")
    parser.add_argument("--authored", type=Path, default=AUTHORED, help="the authored corpus (synthetic reports)")
    parser.add_argument("--authored-weight", type=float, default=0.5, help=f"an authored {unit}'s weight in the "
                        "fit, a real one's being 1")
    parser.add_argument("--l2", type=float, default=1.0, help="how strongly the weights are shrunk to nothing")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = fitting_arguments(__doc__.split("\n\n")[0], "incident").parse_args(argv)
    neutral_model()
    tuning = {"dev": extracted(args.dev, "tuning"),
              "authored": extracted(args.authored, "tuning", args.authored_weight, blind)}
    everything = tuning["dev"] + tuning["authored"]
    cv = cross_validated(everything, args.l2)
    split = len(tuning["dev"])
    compare("tuning half, dev corpus (cross-validated by report)", tuning["dev"], cv[:split])
    compare("tuning half, authored corpus, blind tranches left out (cross-validated by report)",
            tuning["authored"], cv[split:])
    thresholds(everything, cv)
    intercept, weights = fit(*_arrays(everything), args.l2)
    write_model(intercept, weights, {"on": "tuning halves of corpus-dev and the authored corpus (blind tranches "
                                           "left out)", "incidents": len(everything),
                                     "authored_weight": args.authored_weight, "l2": args.l2})
    model.cache_clear()
    print("model: intercept " + f"{intercept:+.3f}, " + ", ".join(f"{n} {w:+.3f}" for n, w in zip(FEATURES, weights)))
    for name, corpus in (("dev", args.dev), ("authored", args.authored)):
        checking = extracted(corpus, "checking")
        compare(f"checking half, {name} corpus", checking, predict(intercept, weights, matrix(checking)))
        ingested = stored(corpus, "checking")
        compare(f"checking half, {name} corpus, ingested and de-duplicated", ingested,
                np.array([assess(e.sources, e.killed)[0] for e in ingested]))
        corroboration(f"{name} corpus", ingested + stored(corpus, "tuning"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
