"""Extraction, stage three: a learned judge of each attack the rules assembled, where rules do not generalize.

Whether a candidate is an attack the report tells, or a retelling, background or a recap the skip rules let
through, is a decision the annotations already describe: the cues behind it, its date's kind and how far before
publication, whether its date or figures came from another sentence, its toll, its place's precision, where in the
report it is told, and a few words ("since", "so far", "in total", a quote). A logistic model over those features
(judge_model.json, retrained by tools/train_judge.py on the tuning halves, cross-validated by report) gives the
probability that the candidate pairs with a gold attack; one below the model's threshold is refused, and
`frontline extract -v` shows it with its probability.
"""
from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from pathlib import Path

from extraction.annotate import Annotation
from extraction.assemble import Candidate
from geo.places import GeoPrecision
from incidents.confidence import Doubt
from incidents.model import Report

# Words that tell background, a recap or a total rather than an attack (a tally, a period, a quoted statement).
WORDS = {
    "since": r"\bsince\b", "so_far": r"\b(?:so far|to date|thus far)\b",
    "year": r"\b(?:this|last|past) year\b|\b20\d\d\b", "month": r"\b(?:this|last|past) month\b",
    "anniversary": r"\banniversary\b", "total": r"\b(?:in total|a total of|overall|altogether|combined)\b",
    "quote": r"[\"“”]", "said": r"\b(?:said|says|told|stated|according to)\b",
    "would": r"\b(?:would|will|plans?|threat\w*|warn\w*)\b", "foiled": r"\b(?:foiled|thwarted|defused|dismantled)\b",
    "funeral": r"\b(?:funeral|mourn\w*|buried|burial)\b", "court": r"\b(?:court|trial|sentenced|convicted)\b",
    "arrest": r"\b(?:arrest\w*|detain\w*|captured)\b", "recent": r"\b(?:recent(?:ly)?|ago|previous(?:ly)?)\b",
    "several": r"\b(?:several|series|wave|string|spate)\b",
}
_WORDS = {name: re.compile(pattern, re.I) for name, pattern in WORDS.items()}
FLAGS = ("another", "anaphora", "plural_attacks", "over_several", "names_abroad", "toll_update", "same_place")
DOUBTS = (Doubt.DATE_FROM_CONTEXT, Doubt.DATE_UNSTATED, Doubt.FIGURES_ELSEWHERE, Doubt.FIGURES_SPLIT,
          Doubt.PLACE_FROM_CONTEXT)
FEATURES = (tuple(f"doubt_{d.name.lower()}" for d in DOUBTS) + tuple(f"flag_{f}" for f in FLAGS) +
            tuple(f"word_{w}" for w in WORDS) + (
                "killed_stated", "wounded_stated", "log_killed", "no_figures", "lower_bound", "vague",
                "date_day", "date_week", "date_month", "date_range", "days_before_publication",
                "place_unresolved", "place_coarse", "listed_several", "split", "sentences_behind",
                "first_attack_sentence", "attack_rank", "position_in_report", "perpetrator_named"))
MODEL_PATH = Path(__file__).with_name("judge_model.json")


def features(candidate: Candidate, annotations: list[Annotation], report: Report, rank: int) -> dict[str, float]:
    """The candidate's features that are not zero, named as in FEATURES; `rank` is its place among the report's
    candidates."""
    first = candidate.first
    found = {f"doubt_{d.name.lower()}": 1.0 for d in DOUBTS if d in candidate.doubts}
    found |= {f"flag_{f}": 1.0 for f in FLAGS if getattr(first, f)}
    found |= {f"word_{w}": 1.0 for w, pattern in _WORDS.items() if pattern.search(first.text)}
    killed, wounded, dates = candidate.killed.total, candidate.wounded.total, candidate.dates
    attack_sentences = [a.index for a in annotations if a.cue is not None]
    found |= {
        "killed_stated": float(killed is not None), "wounded_stated": float(wounded is not None),
        "log_killed": math.log1p(killed or 0), "no_figures": float(not candidate.has_figures),
        "lower_bound": float(bool(candidate.casualties.lower_bound)), "vague": float(bool(candidate.casualties.vague)),
        f"date_{dates.precision}": 1.0,
        "days_before_publication": min(max((report.published - dates.end).days, 0), 60) / 30,
        "place_unresolved": float(not candidate.mention.resolved),
        "place_coarse": float(candidate.precision in (GeoPrecision.GOVERNORATE, GeoPrecision.DISTRICT)),
        "listed_several": float(candidate.listed > 1), "split": float(candidate.siblings > 1),
        "sentences_behind": math.log(len(candidate.annotations)),
        "first_attack_sentence": float(bool(attack_sentences) and first.index == attack_sentences[0]),
        "attack_rank": math.log1p(rank), "position_in_report": first.index / max(len(annotations), 1),
        "perpetrator_named": float(first.perpetrator is not None),
    }
    return {name: value for name, value in found.items() if value and name in FEATURES}


@lru_cache(maxsize=1)
def model() -> dict:
    """The shipped model (weights by feature, intercept, threshold), read once; one fitted on other features
    than FEATURES is refused rather than weighed wrongly."""
    stored = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    if tuple(stored["features"]) != FEATURES:
        raise ValueError(f"{MODEL_PATH} weighs other features than extraction.judge.FEATURES: retrain it "
                         "(python -m tools.train_judge)")
    return {"intercept": stored["intercept"], "threshold": stored["threshold"],
            "weights": dict(zip(FEATURES, stored["weights"]))}


def probability(found: dict[str, float]) -> float:
    """The probability that a candidate with these features is an attack the report tells."""
    weights = model()
    score = weights["intercept"] + sum(weights["weights"][name] * value for name, value in found.items())
    return 1 / (1 + math.exp(-score))


def judged(found: list[Candidate], annotations: list[Annotation],
           report: Report) -> list[tuple[Candidate, float, str | None]]:
    """Each candidate with its probability and, when the judge refuses it, why (as `frontline extract -v` says)."""
    threshold = model()["threshold"]
    out = []
    for rank, candidate in enumerate(found):
        p = probability(features(candidate, annotations, report, rank))
        refusal = (f"refused by the judge: probability {p:.2f} that it is an attack, below {threshold:.2f} "
                   f"({candidate.mention.text})") if p < threshold else None
        out.append((candidate, p, refusal))
    return out
