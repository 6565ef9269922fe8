"""Attack incidents in one report, in two stages that can each be tested and inspected alone:

1. extraction.annotate reads each sentence once (places, dates, casualty counts, actors, attack and skip
   cues, with offsets);
2. extraction.assemble builds incidents from those annotations (context dates and actors, figures told in
   a following sentence, places listed together, one attack told twice, summaries; when they make none, the
   first attack sentence placed by the sentence beside it: extraction.placeless);
3. extraction.judge refuses the candidates a model fitted on the corpora finds unlikely to be attacks (recaps,
   background, retellings the rules let through); `frontline extract -v` shows each with its probability.

Each incident is then consolidated from its report's account (incidents.dedup.consolidate), with a
confidence from the cues behind it (incidents.confidence).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from geo import get_gazetteer
from geo.gazetteer import Gazetteer
from extraction.annotate import Annotation, annotate
from extraction.assemble import Candidate, Skipped, candidates, source_ref
from extraction.judge import judged
from extraction.placeless import placed_by_neighbours
from extraction.retellings import within_report
from incidents.dedup import consolidate
from incidents.model import Incident, Report

__all__ = ["Extraction", "Skipped", "extract"]


@dataclass
class Extraction:
    report: Report
    incidents: list[Incident]
    skipped: list[Skipped] = field(default_factory=list)
    unresolved_places: list[str] = field(default_factory=list)
    annotations: list[Annotation] = field(default_factory=list)
    behind: dict[str, list[Annotation]] = field(default_factory=dict)  # incident_id -> its sentences' annotations
    judged: dict[str, float] = field(default_factory=dict)  # incident_id -> the judge's probability that it is one


def assembled(report: Report, gazetteer: Gazetteer, skipped: list[Skipped],
              unresolved: list[str]) -> tuple[list[Annotation], list[Candidate]]:
    """Stages one and two: the report's annotations and the candidates the rules make of them, before the judge
    (tools/train_judge.py labels these)."""
    annotations = annotate(report, gazetteer)
    found = within_report(candidates(report, annotations, skipped, unresolved), skipped, gazetteer)
    return annotations, found or placed_by_neighbours(report, annotations, skipped, gazetteer)


def incident_of(report: Report, candidate: Candidate, i: int) -> Incident:
    return consolidate(f"{report.report_id}-{i}", [source_ref(report, candidate, i)])


def extract(report: Report, gazetteer: Gazetteer | None = None) -> Extraction:
    gazetteer = gazetteer or get_gazetteer()
    skipped: list[Skipped] = []
    unresolved: list[str] = []
    annotations, found = assembled(report, gazetteer, skipped, unresolved)
    incidents, behind, probabilities = [], {}, {}
    for candidate, probability, refusal in judged(found, annotations, report):
        if refusal:  # each of its sentences, so that extract -v shows where figures told after it went
            skipped += [Skipped(a, refusal if a is candidate.first else f"told with #{candidate.index}, {refusal}")
                        for a in candidate.annotations]
            continue
        incident = incident_of(report, candidate, len(incidents))
        incidents.append(incident)
        behind[incident.incident_id] = candidate.annotations
        probabilities[incident.incident_id] = probability
    return Extraction(report, incidents, sorted(skipped, key=lambda s: s.annotation.index), sorted(set(unresolved)),
                      annotations, behind, probabilities)
