"""Extraction, stage two, last resort: a report whose attack sentences name no place, placed by the sentence next to
its first attack.

"A village populated by Kakais was attacked on Saturday. There were no casualties while machine-gun rounds hit houses
in Topzawa village, near Daquq", "The Deputy Commander arrived in Diyala Governorate to investigate the incident that
unfolded on Thursday evening. ... the incident involved unknown gunmen ..., claiming 11 lives": the attack is told in
one sentence and its place in the sentence beside it, which has no attack word of its own, so stage one read no places
there. Only for a report the rules made no incident of: where an attack elsewhere in the report names its place, an
unplaced sentence is more often that attack's background than an attack of its own.
"""
from __future__ import annotations

from extraction.actors import ATTACK_CUE
from extraction.annotate import HISTORY_AFTER, Annotation
from extraction.assemble import UNSTATED_DATE_NOTE, Candidate, Skipped, add_notes, casualty_notes, fill_missing
from geo.gazetteer import Gazetteer
from geo.mentions import PlaceMention, find_mentions, locating_mentions
from incidents.confidence import Doubt
from incidents.model import Report, beyond_guardrail
from language.dates import find_dates, unstated

UNPLACED = ("no place named", "figures before any place")  # the skip reasons of an attack sentence told without a place
NEIGHBOURS = (-1, 1, 2)  # the sentences, relative to the attack's first, whose places may be its place


def placed_by_neighbours(report: Report, annotations: list[Annotation], skipped: list[Skipped],
                         gazetteer: Gazetteer) -> list[Candidate]:
    """The report's first unplaced attack sentence (with a date or figures of its own), placed at the first place the
    sentences beside it name; none when they name none. Its sentences leave `skipped`."""
    unplaced = [s.annotation for s in skipped if s.reason.startswith(UNPLACED)]
    first = next((a for a in unplaced if (a.date or a.casualties.any_number) and ATTACK_CUE.search(a.text)), None)
    if first is None:
        return []
    for offset in NEIGHBOURS:
        index = first.index + offset
        neighbour = annotations[index] if 0 <= index < len(annotations) else None
        if neighbour is None or neighbour.headline or neighbour.skip and neighbour.index != first.index:
            continue
        located = locating_mentions(find_mentions(neighbour.text, gazetteer))
        if located and located[0].locator is not None:
            candidate = _candidate(report, first, neighbour, located[0], unplaced)
            if _recent_attack(candidate, report):
                skipped[:] = [s for s in skipped if s.annotation not in candidate.annotations]
                return [candidate]
            return []
    return []


def _recent_attack(candidate: Candidate, report: Report) -> bool:
    """Dated by the report, and not a war-long toll ("at least 5,000 Yazidis were killed", a figure beyond what any one
    attack reached) nor history (a mass grave of 2014 opened in 2019): the rules' own tests for a sentence that places
    its attack, and a date, since a sentence that neither places nor dates an attack is most often background."""
    figures = (candidate.killed.total, candidate.wounded.total)
    return not any(beyond_guardrail(n) for n in figures) and Doubt.DATE_UNSTATED not in candidate.doubts and \
        candidate.dates.end >= report.published - HISTORY_AFTER


def _candidate(report: Report, first: Annotation, neighbour: Annotation, mention: PlaceMention,
               unplaced: list[Annotation]) -> Candidate:
    told = [first] + [a for a in unplaced if a is not first and a.index in (first.index + 1, first.index + 2)]
    killed = wounded = None
    for a in told:
        killed = a.casualties.killed if killed is None else fill_missing(killed, a.casualties.killed)
        wounded = a.casualties.wounded if wounded is None else fill_missing(wounded, a.casualties.wounded)
    # the neighbour's earliest date: "arrived today to investigate the incident that unfolded on Thursday evening"
    stated = next((a.date for a in told if a.date), None) or min(
        find_dates(neighbour.text, report.published).ranges, key=lambda r: r.start, default=None)
    doubts = {Doubt.PLACE_FROM_CONTEXT} | (set() if stated else {Doubt.DATE_UNSTATED})
    casualties = next((a.casualties for a in told if a.casualties.any_number), first.casualties)
    candidate = Candidate(annotations=told, mention=mention, dates=stated or unstated(report.published),
                          killed=killed, wounded=wounded, casualties=casualties, notes=[],
                          perpetrator=next((a.perpetrator for a in told if a.perpetrator), "unknown"), doubts=doubts)
    add_notes(candidate, casualty_notes(casualties) + ([] if stated else [UNSTATED_DATE_NOTE]) + [
        f"Placed where the sentence beside it says ({mention.text}): the report's attack sentences name no place."])
    return candidate
