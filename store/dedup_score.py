"""Score de-duplication on a hand-coded corpus: one attack told by several reports should be one stored
incident, and no stored incident should hold two attacks.

The corpus's articles are ingested in article order into a fresh SQLite store, as `frontline ingest` does.
Each stored source is traced to a gold attack: its report to its article, and within the article the source
to the gold row extraction.evaluate pairs it with (by place and date). Rows of different reports are one
attack where the corpus's clusters.csv says so. A source paired with no gold row (a spurious incident) is
traced to nothing. The headline is the dashboard's Killed figure over every date and area (attacks awaiting
review left out, their killed said apart) against each gold attack once. Lives in store/ because it needs the
store's ingest, which extraction/ may not import.
"""
from __future__ import annotations

import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from extraction.evaluate import GoldIncident, in_half, pair_incidents, read_gold
from incidents.dedup import consolidate
from incidents.model import Incident, Report, SourceRef
from reports.reading import read_reports
from store.database import IncidentStore
from store.query import OPENING_VIEW, IncidentFilter

# The dashboard's Killed figure over every date and area: incidents not rejected, less those awaiting review.
HEADLINE = IncidentFilter(statuses=OPENING_VIEW.statuses)


@dataclass
class DedupScore:
    clusters: int = 0  # attacks told by several of the scored reports, each report's account extracted
    clusters_whole: int = 0  # of those, held by one stored incident
    attacks_extracted: int = 0  # gold attacks with at least one source traced to them
    incidents_for_attacks: int = 0  # over those attacks, the stored incidents holding their sources
    killed: int = 0  # headline: killed over the stored incidents counted (HEADLINE)
    awaiting_killed: int = 0  # killed in the stored incidents awaiting review, left out of the headline
    gold_killed: int = 0  # each gold attack once, at the largest toll its reports give
    split: dict[str, list[Incident]] = field(default_factory=dict)  # cluster id -> its incidents, when several
    false_merges: list[list[tuple[SourceRef, GoldIncident]]] = field(default_factory=list)
    # each stored incident with the gold rows its sources are traced to (none: spurious): what its confidence is
    # measured against (tools/train_confidence.py)
    told: list[tuple[Incident, list[GoldIncident]]] = field(default_factory=list)

    def figures(self) -> dict[str, float]:
        return {
            "dedup_clusters_scored": self.clusters,
            "dedup_clusters_kept_whole": self.clusters_whole,
            "dedup_different_attacks_merged": len(self.false_merges),
            "dedup_incidents_per_attack": (self.incidents_for_attacks / self.attacks_extracted
                                           if self.attacks_extracted else 0.0),
            "dedup_headline_killed": self.killed,
            "dedup_awaiting_review_killed": self.awaiting_killed,
            "dedup_gold_headline_killed": self.gold_killed,
        }


def _stored(corpus: Path, articles: list[str]) -> tuple[list[Incident], set[str], dict[str, str]]:
    """The articles ingested into a fresh SQLite store: its incidents, the ids of those the headline counts, and
    each stored report's article."""
    reports = [r for r in read_reports([corpus / "articles" / f"{a}.txt" for a in articles])
               if isinstance(r, Report)]
    with tempfile.TemporaryDirectory() as folder:
        store = IncidentStore(f"sqlite:///{Path(folder) / 'dedup-score.sqlite'}")
        try:
            store.ingest(reports)
            incidents = store.incidents()
            counted = {i.incident_id for i in store.incidents(HEADLINE, counted=True)}
        finally:
            store.engine.dispose()
    return incidents, counted, {r.report_id: Path(r.path).stem for r in reports}


def _trace(incidents: list[Incident], article_of: dict[str, str],
           gold: dict[str, list[GoldIncident]]) -> dict[tuple[str, int], GoldIncident]:
    """(report id, mention) -> the gold row its source tells, paired within its article as the extraction
    score pairs them (each source taken as the single-report incident extraction made of it)."""
    by_report: dict[str, list[SourceRef]] = defaultdict(list)
    for incident in incidents:
        for source in incident.sources:
            by_report[source.report_id].append(source)
    traced = {}
    for report_id, sources in by_report.items():
        sources.sort(key=lambda s: s.mention)
        expected = gold.get(article_of.get(report_id, ""), [])
        predicted = [consolidate(f"{report_id}-{s.mention}", [s]) for s in sources]
        for gi, pi in pair_incidents(expected, predicted):
            traced[report_id, sources[pi].mention] = expected[gi]
    return traced


def score_dedup(corpus: Path, half: str | None = None) -> DedupScore:
    """The half's articles (extraction.evaluate.in_half) ingested on their own, and scored."""
    gold = read_gold(corpus / "gold.csv", corpus / "clusters.csv")
    articles = sorted(a for a in gold if in_half(a, half))
    incidents, counted, article_of = _stored(corpus, articles)
    traced = _trace(incidents, article_of, gold)
    rows_of: dict[str, list[GoldIncident]] = defaultdict(list)
    for article in articles:
        for row in gold[article]:
            rows_of[row.attack].append(row)
    held_by: dict[str, set[str]] = defaultdict(set)  # attack -> stored incidents holding its sources
    shown = [i for i in incidents if i.status in HEADLINE.statuses]
    score = DedupScore(killed=sum(i.killed_total or 0 for i in shown if i.incident_id in counted),
                       awaiting_killed=sum(i.killed_total or 0 for i in shown if i.incident_id not in counted),
                       gold_killed=sum(max(r.killed or 0 for r in rows) for rows in rows_of.values()))
    for incident in incidents:
        told = [(s, traced[s.report_id, s.mention]) for s in incident.sources if (s.report_id, s.mention) in traced]
        score.told.append((incident, [row for _, row in told]))
        for _, row in told:
            held_by[row.attack].add(incident.incident_id)
        if len({row.attack for _, row in told}) > 1:
            score.false_merges.append(told)
    traced_rows = {id(row) for row in traced.values()}
    by_id = {i.incident_id: i for i in incidents}
    for attack, rows in rows_of.items():
        if held_by[attack]:
            score.attacks_extracted += 1
            score.incidents_for_attacks += len(held_by[attack])
        if len(rows) > 1 and all(id(r) in traced_rows for r in rows):
            score.clusters += 1
            score.clusters_whole += len(held_by[attack]) == 1
            if len(held_by[attack]) > 1:
                score.split[attack] = [by_id[i] for i in sorted(held_by[attack])]
    return score
