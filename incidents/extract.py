"""Attack incidents in one report.

Sentence by sentence: a sentence with attack words is a candidate unless a skip rule says it is a
recap, a generic statement, history, a plan or a security-force operation (incidents.actors). Its
place is the first place named that is not only a reference point ("north of Kirkuk"): English
names the specific place first and its containers after ("near Qara Salim in Prde sub-district").
Places listed together under a plural ("the attacks in Kifri and Kulajo") are one incident each,
with figures given only together split evenly (as ACLED does). A sentence without a date (or attacker) takes
the date (or attacker) of the last attack sentence before it that names one. Within the report, the same attack told twice is
kept once, and a figure-less summary of attacks told in detail elsewhere is dropped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from geo import get_gazetteer
from geo.gazetteer import Gazetteer, contains
from geo.mentions import PlaceMention, find_mentions, locating_mentions
from geo.places import GeoPrecision
from incidents.actors import ATTACK_CUE, attack_type, named_perpetrator, skip_reason
from incidents.casualties import CasualtyCount, count_casualties
from incidents.dates import DateRange, find_dates, unstated
from incidents.dedup import consolidate, dates_agree
from incidents.model import Casualties, Incident, Report, SourceRef
from incidents.text import sentences

_PLURAL_ATTACKS = re.compile(r"\b(?:attacks|assaults|bombings|ambushes|clashes)\b", re.I)


@dataclass
class Skipped:
    sentence: str
    reason: str


@dataclass
class Extraction:
    report: Report
    incidents: list[Incident]
    skipped: list[Skipped] = field(default_factory=list)
    unresolved_places: list[str] = field(default_factory=list)


@dataclass
class _Candidate:
    index: int
    sentence: str
    mention: PlaceMention | None
    place_text: str
    dates: DateRange
    casualties: CasualtyCount
    killed: Casualties
    wounded: Casualties
    notes: list[str]
    precision: GeoPrecision | None
    perpetrator: str

    @property
    def has_figures(self) -> bool:
        return self.casualties.any


def _split_evenly(counts: Casualties, parts: int, position: int) -> Casualties:
    out = {}
    for group, n in counts.as_dict().items():
        if n is not None:
            base, rest = divmod(n, parts)
            out[group] = base + (1 if position < rest else 0)
    return Casualties(**out)


def _source(report: Report, c: _Candidate, mention_index: int) -> SourceRef:
    locator = c.mention.locator if c.mention else None
    place = locator.match.place if locator else None
    precision = c.precision.value if c.precision else None
    coarse = c.precision in (GeoPrecision.GOVERNORATE,) if c.precision else False
    return SourceRef(
        report_id=report.report_id, url=report.url, title=report.title, outlet=report.outlet,
        published=report.published, sentence=c.sentence, mention=mention_index, place=c.place_text,
        unresolved_place=None if c.mention is None or c.mention.resolved else c.mention.text,
        place_id=place.place_id if place else None, location=place.name if place else None,
        latitude=place.latitude if place else None, longitude=place.longitude if place else None,
        geo_precision=precision, admin1=place.admin1 if place else None,
        admin2=None if (place is None or coarse) else place.admin2,
        sector=place.sector if place else None, radius_km=place.radius_km if place else None,
        event_date=c.dates.event_date, date_start=c.dates.start, date_end=c.dates.end,
        date_precision=c.dates.precision, killed=c.killed, wounded=c.wounded,
        attack_type=attack_type(c.sentence), perpetrator=c.perpetrator,
        notes=" ".join(c.notes),
    )


def _candidates(report: Report, gazetteer: Gazetteer, skipped: list[Skipped],
                unresolved: list[str]) -> list[_Candidate]:
    out: list[_Candidate] = []
    context_date: DateRange | None = None
    context_actor = "unknown"
    for index, sentence in enumerate(sentences(report.text)):
        if not ATTACK_CUE.search(sentence):
            continue
        dates = find_dates(sentence, report.published)
        if dates.ranges:
            context_date = dates.ranges[0]
        context_actor = named_perpetrator(sentence) or context_actor
        casualties = count_casualties(sentence)
        specific_date = bool(dates.ranges) and dates.ranges[0].precision == "day"
        reason = skip_reason(sentence, casualties.any_number, specific_date)
        if reason is None and dates.recap and not casualties.any_number:
            reason = "recap: a count of attacks since a date"
        if reason:
            skipped.append(Skipped(sentence, reason))
            continue
        mentions = find_mentions(sentence, gazetteer)
        unresolved.extend(m.text for m in mentions if not m.resolved)
        located = locating_mentions(mentions)
        if not located:
            previous = out[-1] if out and out[-1].index == index - 1 else None
            if previous and casualties.any_number and not previous.casualties.any_number:
                previous.sentence += " " + sentence  # the attack continues: its casualties follow
                previous.casualties, previous.killed, previous.wounded = (
                    casualties, casualties.killed, casualties.wounded)
            else:
                skipped.append(Skipped(sentence, "no place named"))
            continue
        when = dates.ranges[0] if dates.ranges else context_date
        notes: list[str] = []
        if when is None:
            when = unstated(report.published)
            notes.append("No date in the report; dated to the week before publication.")
        if casualties.lower_bound:
            notes.append("Casualty figures are lower bounds ('at least').")
        if casualties.vague:
            notes.append("Unnumbered casualties: " + "; ".join(casualties.vague) + ".")
        if casualties.kidnapped:
            notes.append(f"{casualties.kidnapped} kidnapped.")
        split = len(located) > 1 and _PLURAL_ATTACKS.search(sentence)
        parts = located if split else located[:1]
        if split and casualties.any_number:
            names = ", ".join(m.text for m in parts)
            notes.append(f"Casualties were reported together for the attacks in {names}; "
                         f"split evenly between the {len(parts)} places, as ACLED does.")
        for position, mention in enumerate(parts):
            extra = [mention.note] if mention.note else []
            if not mention.resolved:
                locator = mention.locator
                extra.append(f"Place '{mention.text}' is not in the gazetteer" + (
                    f"; located at {locator.match.place.name} ({mention.precision.value})." if locator else "."))
            out.append(_Candidate(
                index=index, sentence=sentence, mention=mention, place_text=mention.text, dates=when,
                casualties=casualties,
                killed=_split_evenly(casualties.killed, len(parts), position) if split else casualties.killed,
                wounded=_split_evenly(casualties.wounded, len(parts), position) if split else casualties.wounded,
                notes=notes + extra, precision=mention.precision,
                perpetrator=context_actor,
            ))
    return out


def _place(c: _Candidate):
    locator = c.mention.locator if c.mention else None
    return locator.match.place if locator else None


def _covers(summary: _Candidate, detailed: _Candidate) -> bool:
    a, b = _place(summary), _place(detailed)
    if a is None or b is None:
        return False
    return a.place_id == b.place_id or contains(a, b, slack_km=5)


def _within_report(candidates: list[_Candidate], skipped: list[Skipped]) -> list[_Candidate]:
    """Drop figure-less summaries of attacks told in detail, and the same attack told twice."""
    kept: list[_Candidate] = []
    for c in candidates:
        others = [o for o in candidates if o is not c and o.has_figures and o.sentence != c.sentence]
        if not c.has_figures and any(_covers(c, o) and _dates(c, o) for o in others):
            skipped.append(Skipped(c.sentence, f"summary of attacks told in detail elsewhere ({c.place_text})"))
            continue
        twin = next((k for k in kept if _place(k) and _place(c) and _place(k).place_id == _place(c).place_id
                     and (k.place_text == c.place_text or k.mention.resolved and c.mention.resolved)
                     and _dates(k, c) and k.sentence != c.sentence), None)
        if twin:
            if not twin.has_figures and c.has_figures:
                twin.killed, twin.wounded, twin.casualties = c.killed, c.wounded, c.casualties
            twin.sentence += " " + c.sentence
            continue
        kept.append(c)
    return kept


def _dates(a: _Candidate, b: _Candidate) -> bool:
    return a.dates.start <= b.dates.end and b.dates.start <= a.dates.end


def extract(report: Report, gazetteer: Gazetteer | None = None) -> Extraction:
    gazetteer = gazetteer or get_gazetteer()
    skipped: list[Skipped] = []
    unresolved: list[str] = []
    candidates = _within_report(_candidates(report, gazetteer, skipped, unresolved), skipped)
    incidents = []
    for i, c in enumerate(candidates):
        source = _source(report, c, i)
        incidents.append(consolidate(f"{report.report_id}-{i}", [source]))
    return Extraction(report, incidents, skipped, sorted(set(unresolved)))


def extract_incidents(report: Report, gazetteer: Gazetteer | None = None) -> list[Incident]:
    return extract(report, gazetteer).incidents


__all__ = ["extract", "extract_incidents", "Extraction", "Skipped", "dates_agree"]
