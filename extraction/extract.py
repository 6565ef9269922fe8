"""Attack incidents in one report, in two stages that can each be tested and inspected alone:

1. extraction.annotate reads each sentence once (places, dates, casualty counts, actors, attack and skip
   cues, with offsets);
2. extraction.assemble builds incidents from those annotations (context dates and actors, figures told in
   a following sentence, places listed together, one attack told twice, summaries).

Each incident is then consolidated from its report's account (incidents.dedup.consolidate), with a
confidence from the cues behind it (incidents.confidence).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from geo import get_gazetteer
from geo.gazetteer import Gazetteer
from extraction.annotate import Annotation, annotate
from extraction.assemble import Skipped, candidates, source_ref
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


def extract(report: Report, gazetteer: Gazetteer | None = None) -> Extraction:
    gazetteer = gazetteer or get_gazetteer()
    annotations = annotate(report, gazetteer)
    skipped: list[Skipped] = []
    unresolved: list[str] = []
    found = within_report(candidates(report, annotations, skipped, unresolved), skipped, gazetteer)
    incidents, behind = [], {}
    for i, candidate in enumerate(found):
        incident = consolidate(f"{report.report_id}-{i}", [source_ref(report, candidate, i)])
        incidents.append(incident)
        behind[incident.incident_id] = candidate.annotations
    return Extraction(report, incidents, sorted(skipped, key=lambda s: s.annotation.index), sorted(set(unresolved)),
                      annotations, behind)
