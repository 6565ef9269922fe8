"""How far an extracted incident can be trusted, from the cues that produced it.

Each report's account of an attack (a SourceRef) carries its doubts: a date taken from an earlier sentence
or not stated at all, a publication date inferred from the text, figures from another sentence or split
between places, a place the gazetteer lacks or knows only as a district or governorate, a figure beyond
what one attack in this conflict has reached. With what else the account shows (a toll given or not, a date
to the day or vaguer, the report's first attack or a later one) they make its features, and a logistic model
fitted on the hand-coded corpora (confidence_model.json, retrained by tools/train_confidence.py) turns them into
a calibrated probability that the attack is real and its killed count right: of incidents at 0.7, about 7 in 10
are. An incident told by several reports is as doubtful as the chance that every one of them giving its killed
count is wrong (independent reports corroborate). Analysts review the least confident first.
"""
from __future__ import annotations

import json
import math
from enum import Enum
from functools import lru_cache
from pathlib import Path

from incidents.model import GUARDRAIL_REASON, Incident, SourceRef, beyond_guardrail


class Doubt(str, Enum):
    DATE_FROM_CONTEXT = "date taken from an earlier sentence"
    DATE_UNSTATED = "no date in the report"
    PUBLICATION_INFERRED = "publication date inferred from the text"
    FIGURES_ELSEWHERE = "figures from another sentence"
    FIGURES_SPLIT = "figures given together for several places, split evenly"
    PLACE_UNKNOWN = "place not in the gazetteer"
    PLACE_DISTRICT = "placed at a district or sub-district"
    PLACE_GOVERNORATE = "placed at a governorate"
    NOT_LOCATED = "not located"
    PLACE_FROM_CONTEXT = "place taken from another sentence"
    # Holds the model's GUARDRAIL_REASON, so the Incident validator does not say it a second time.
    FIGURE_BEYOND_GUARDRAIL = f"{GUARDRAIL_REASON}, more than any one attack has reached"


# Doubts that call for an analyst's look before the incident is trusted, whatever the confidence.
REVIEW_FIRST = (Doubt.FIGURE_BEYOND_GUARDRAIL, Doubt.PUBLICATION_INFERRED, Doubt.DATE_UNSTATED,
                Doubt.FIGURES_SPLIT)  # an even split of a joint toll is an estimate, not what a source said
# An incident whose figures are in question is awaiting review: shown on the map and in the review queue, left out
# of every total until an analyst accepts it. Its figures are in question when one is beyond the guardrail, or when
# its confidence (the chance it is real and its killed count right) is below COUNTED_FROM. On the tuning halves
# (cross-validated, tools/train_confidence.py), before extraction.judge refused doubtful candidates, 3 of the 4
# incidents below 0.4 were wrong, and the only toll among them (5 killed) was wrong; between 0.4 and 0.5, 4 of 6
# were right, with the only toll among them (8 killed) right. Since the judge (model retrained after it), none falls
# below 0.4, and of the 4 below 0.6 three were right, holding 8 killed: a higher threshold would take true tolls
# out of the headline; 0.4 keeps out what the judge lets through at the confidence wrong ones had. Other
# reasons to review first do not by themselves question the total: a date doubt (no date given, a publication date
# inferred) questions when, and a joint toll split evenly between places ("eight killed in Kifri and Kulajo") adds
# up to what the source said; they count against the total only through the confidence they lower.
COUNTED_FROM = 0.4
AWAITING_REASONS = (GUARDRAIL_REASON,)  # in review_reason: the guardrail doubt's note, and the model's own


def awaiting_review(incident: Incident) -> bool:
    """Whether the incident stays out of the totals until an analyst accepts it (store.query.AWAITING_REVIEW
    says the same in SQL)."""
    doubtful = any(reason in incident.review_reason for reason in AWAITING_REASONS) or (
        incident.confidence is not None and incident.confidence < COUNTED_FROM)
    return incident.status == "extracted" and doubtful


_PLACE_DOUBTS = {"sub_district": Doubt.PLACE_DISTRICT, "district": Doubt.PLACE_DISTRICT,
                 "governorate": Doubt.PLACE_GOVERNORATE}


def source_doubts(source: SourceRef) -> set[Doubt]:
    """The doubts of one report's account: those its extraction recorded, and those its fields show."""
    doubts = {Doubt(d) for d in source.doubts}
    if source.latitude is None:
        doubts.add(Doubt.NOT_LOCATED)
    elif source.geo_precision in _PLACE_DOUBTS:
        doubts.add(_PLACE_DOUBTS[source.geo_precision])
    if source.unresolved_place:
        doubts.add(Doubt.PLACE_UNKNOWN)
    if beyond_guardrail(source.killed.total) or beyond_guardrail(source.wounded.total):
        doubts.add(Doubt.FIGURE_BEYOND_GUARDRAIL)
    return doubts


# A figure beyond the guardrail is rare enough that no corpus teaches its weight: it stays a rule, not a feature.
FEATURES = tuple(d.name.lower() for d in Doubt if d is not Doubt.FIGURE_BEYOND_GUARDRAIL) + (
    "killed_unstated", "wounded_unstated", "date_not_to_the_day", "later_attack_of_report")


def source_features(source: SourceRef) -> dict[str, float]:
    """The account's features that are not zero, named as in FEATURES: what the model weighs."""
    found = {d.name.lower(): 1.0 for d in source_doubts(source) if d is not Doubt.FIGURE_BEYOND_GUARDRAIL}
    found |= {name: 1.0 for name, present in (
        ("killed_unstated", source.killed.total is None), ("wounded_unstated", source.wounded.total is None),
        ("date_not_to_the_day", source.date_precision != "day"), ("later_attack_of_report", source.mention > 0))
        if present}
    return found


# The most an account with a figure no attack has reached is given: such a figure is far likelier a misreading
# (a year, a running total, an anniversary's toll) than a toll, and an analyst looks before it is counted.
BEYOND_GUARDRAIL_AT_MOST = 0.05
MODEL_PATH = Path(__file__).with_name("confidence_model.json")


@lru_cache(maxsize=1)
def model() -> dict[str, float]:
    """The shipped model's weights by feature, "intercept" among them: read once; a model fitted on other
    features than FEATURES is refused rather than weighed wrongly."""
    stored = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    if tuple(stored["features"]) != FEATURES:
        raise ValueError(f"{MODEL_PATH} weighs {stored['features']}, not {list(FEATURES)}: retrain it "
                         "(python -m tools.train_confidence)")
    return {"intercept": stored["intercept"], **dict(zip(FEATURES, stored["weights"]))}


def source_confidence(source: SourceRef) -> float:
    """The probability that this account's attack is real and its killed count right."""
    weights = model()
    score = weights["intercept"] + sum(weights[name] * value for name, value in source_features(source).items())
    probability = 1 / (1 + math.exp(-score))
    if beyond_guardrail(source.killed.total) or beyond_guardrail(source.wounded.total):
        return min(probability, BEYOND_GUARDRAIL_AT_MOST)
    return probability


def assess(sources: list[SourceRef], killed: int | None) -> tuple[float, str]:
    """The incident's confidence and why it should be reviewed first ("" when nothing calls for it). One report:
    its own confidence; several: 1 - the chance that all are wrong, each report counted once at its most
    confident account, and only the reports that give the incident's killed count: one that gives another
    cannot make that count likelier."""
    best_per_report: dict[str, float] = {}
    review: list[str] = []
    for source in sources:
        doubts = source_doubts(source)
        review += [d.value for d in REVIEW_FIRST if d in doubts and d.value not in review]
        if source.killed.total == killed:
            best_per_report[source.report_id] = max(source_confidence(source), best_per_report.get(source.report_id, 0))
    wrong = 1.0
    for confidence in best_per_report.values() or [max(map(source_confidence, sources))]:
        wrong *= 1 - confidence
    return round(1 - wrong, 3), "; ".join(review)
