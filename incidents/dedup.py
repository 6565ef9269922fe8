"""The same attack told by several reports is one incident.

Two mentions are the same attack when their places agree (the same gazetteer entry, within a few
km, or one inside the other's area: a governorate or district by its codes, other areas by their extent),
their date ranges overlap (or a claim or statement dated a day or two after, giving the same toll), and
nothing contradicts it (a different specific attack type, disjoint victim groups with another toll, different
villages with different tolls). Figures are never added up: the incident keeps every source's own figures and
reports fatalities low/best/high across them, as UCDP does.
"""
from __future__ import annotations

import re
from collections import Counter
from datetime import timedelta

from geo import get_gazetteer
from geo.gazetteer import distance_km
from geo.normalize import name_key
from geo.places import GeoPrecision
from incidents.confidence import assess
from incidents.model import Casualties, Incident, SourceRef

SAME_PLACE_KM = 7.0
# A stored incident known only to a longer range than a month is merged by an analyst, not automatically:
# this bounds the date index scan that finds candidates, so de-duplication does not slow as the store grows.
MATCH_SPAN_DAYS = 31
ANALYST_REPORT_ID = "analyst"  # the report under which analysts' corrections are kept as sources
DATE_SLACK_DAYS = 1
# An account dated on (or the day before) its report's day may date the claim or statement that told the attack:
# the attack may be this many days earlier, when the tolls agree.
CLAIM_SLACK_DAYS = 2
ADMIN_UNITS = {"governorate": "admin1", "district": "admin2"}  # precision -> the code a place inside shares
_DATE_RANK = {"day": 0, "week": 1, "month": 2, "range": 3}
GENERIC_TYPES = {"armed_attack", "other", "clash"}
NOTE_START = re.compile(r"(?<=\.)\s+(?=[A-Z0-9'])")  # a source's notes are sentences joined by a space
# "Place 'Luhaiban' is not in the gazetteer; located at Makhmour (sub_district).": what is said, and where
# the report's own area put the name (each report may put it elsewhere)
PLACED = re.compile(r"^(?P<claim>.+?); (?P<placed>located at .+)$")


def _precision_rank(value: str | None) -> int:
    """0 for an exact place, coarser after; an unlocated mention last."""
    return GeoPrecision(value).rank if value else len(GeoPrecision)


def admin_unit(x: SourceRef | Incident) -> str | None:
    """The code ('admin1' or 'admin2') that places inside x share, when x is a governorate or district of the
    administrative map: one is no circle, so what lies in it is known by its codes, not its distance. Areas
    that are not units (a mountain ridge, the Garmian region) have none: they are matched by their extent."""
    place = get_gazetteer().places.get(x.place_id) if x.place_id else None
    if place is None or place.kind != x.geo_precision or not getattr(x, ADMIN_UNITS.get(place.kind, ""), None):
        return None
    return ADMIN_UNITS[place.kind]


def places_agree(a: SourceRef | Incident, b: SourceRef | Incident) -> bool:
    """Same place, within a few km, or one inside the other's extent (a village inside the district or
    governorate another report gives)."""
    if a.place_id and a.place_id == b.place_id:
        return True
    if a.latitude is None or b.latitude is None:
        return bool(a.place) and a.place.strip().lower() == b.place.strip().lower()
    distance = distance_km(a.latitude, a.longitude, b.latitude, b.longitude)
    if distance <= SAME_PLACE_KM:
        return True
    for outer, inner in ((a, b), (b, a)):
        if _precision_rank(outer.geo_precision) > _precision_rank(inner.geo_precision):
            code = admin_unit(outer)
            if code:
                return getattr(outer, code) == getattr(inner, code)
            if distance <= (_radius(outer) or 0):
                return True
    return False


def candidate_reach_km(source: SourceRef) -> float:
    """How far from `source` the point of an incident it may match can lie (districts and governorates
    aside, matched by name): a few km, the source's own extent, or the extent of a sub-district or
    mountain area the source lies in."""
    areas = [p.radius_km for p in get_gazetteer().areas_around(source.latitude, source.longitude)
             if p.geo_precision == GeoPrecision.SUB_DISTRICT]
    return max([SAME_PLACE_KM, source.radius_km or 0.0, *areas])


def _radius(x: SourceRef | Incident) -> float | None:
    if isinstance(x, SourceRef):
        return x.radius_km
    return max((s.radius_km or 0 for s in x.sources if s.place_id == x.place_id), default=None)


def dates_agree(a: SourceRef | Incident, b: SourceRef | Incident) -> bool:
    """Ranges overlap; two single days may be a night apart ("late Saturday" vs "after midnight Sunday"),
    but a range is never stretched: it already says all the text supports. An account dated by the day it
    was told (a claim, a statement) may come CLAIM_SLACK_DAYS after the attack when it gives the same toll."""
    single_days = a.date_start == a.date_end and b.date_start == b.date_end
    slack = timedelta(days=DATE_SLACK_DAYS if single_days else 0)
    if a.date_start <= b.date_end + slack and b.date_start <= a.date_end + slack:
        return True
    earlier, later = sorted((a, b), key=lambda x: x.date_start)
    return (later.date_start - earlier.date_end <= timedelta(days=CLAIM_SLACK_DAYS) and _dated_when_told(later)
            and same_toll(a, b))


def _dated_when_told(x: SourceRef | Incident) -> bool:
    """Every account dates the attack on its report's day or the day before: perhaps the day of the claim or
    statement that told it rather than of the attack."""
    return all(s.date_start >= s.published - timedelta(days=1) for s in _accounts(x))


def _accounts(x: SourceRef | Incident) -> list[SourceRef]:
    """What the reports said: an incident's sources but an analyst's corrections, or the one source."""
    if isinstance(x, SourceRef):
        return [x]
    return [s for s in x.sources if not is_correction(s)] or x.sources


def same_toll(a: SourceRef | Incident, b: SourceRef | Incident, wounded: bool = False) -> bool:
    """Some account of each gives the same number killed (and wounded), a number in both."""
    def tolls(x):
        return {(s.killed.total, s.wounded.total if wounded else 0) for s in _accounts(x)
                if s.killed.total is not None and (s.wounded.total is not None or not wounded)}
    return bool(tolls(a) & tolls(b))


def _tolls_differ(a: SourceRef | Incident, b: SourceRef | Incident) -> bool:
    """Both give a number killed, and no account of one gives the other's."""
    ka, kb = ({s.killed.total for s in _accounts(x)} - {None} for x in (a, b))
    return bool(ka and kb) and not ka & kb


def _villages(x: SourceRef | Incident) -> set[str]:
    """The villages or other exact places the accounts name: the gazetteer entry, or the name as written when
    the gazetteer lacks it (placed at its area)."""
    return {name_key(s.unresolved_place) if s.unresolved_place else s.place_id for s in _accounts(x)
            if s.unresolved_place or s.geo_precision == "exact_place" and s.place_id} - {"", None}


def different_villages(a: SourceRef | Incident, b: SourceRef | Incident) -> bool:
    """Both name villages, none the same (a name is the same when one spelling holds the other: "Dara", "Kakai
    Dara"): on one day one district can see two attacks, at two villages."""
    va, vb = _villages(a), _villages(b)
    return bool(va and vb) and not any(x == y or x in y or y in x for x in va for y in vb)


def figures_agree(a: SourceRef | Incident, b: SourceRef | Incident) -> bool:
    """Conflicting numbers are allowed (outlets disagree); contradicting victims or types are not, unless both
    give the same killed and wounded (outlets name the same dead differently: soldiers, fighters, the PMF)."""
    ga, gb = a.killed.groups() | a.wounded.groups(), b.killed.groups() | b.wounded.groups()
    ga.discard("unknown")
    gb.discard("unknown")
    if ga and gb and not ga & gb and not same_toll(a, b, wounded=True):
        return False
    ta, tb = a.attack_type, b.attack_type
    return ta in GENERIC_TYPES or tb in GENERIC_TYPES or ta == tb


def same_attack(a: SourceRef | Incident, b: SourceRef | Incident) -> bool:
    """Dates, places and figures agree, and they are not two villages with two tolls."""
    return (dates_agree(a, b) and places_agree(a, b) and figures_agree(a, b)
            and not (different_villages(a, b) and _tolls_differ(a, b)))


def match_score(a: SourceRef | Incident, b: SourceRef | Incident) -> float:
    """Higher is a better match; used to pick one stored incident among several candidates."""
    score = 0.0
    if a.place_id and a.place_id == b.place_id:
        score += 3
    elif a.latitude is not None and b.latitude is not None:
        score += max(0.0, 2 - distance_km(a.latitude, a.longitude, b.latitude, b.longitude) / 10)
    ka, kb = a.killed.total, b.killed.total
    if ka is not None and kb is not None:
        score += 2 if ka == kb else 1 / (1 + abs(ka - kb))
    score += 1 if a.date_start == b.date_start and a.date_end == b.date_end else 0
    return score


def _best_figures(sources: list[SourceRef]) -> SourceRef:
    """The source whose killed count most sources give; ties go to the latest report."""
    counted = [s for s in sources if s.killed.total is not None] or sources
    freq = Counter(s.killed.total for s in counted)
    return max(counted, key=lambda s: (freq[s.killed.total], s.published, s.wounded.total or 0))


def is_correction(source: SourceRef) -> bool:
    return source.report_id == ANALYST_REPORT_ID


def reporter(source: SourceRef) -> str:
    return source.outlet or source.title or source.report_id


def merged_notes(sources: list[SourceRef]) -> list[str]:
    """What the sources' notes say, each thing once, in the order first said: a note several reports give
    is one note, naming the outlets that gave it when others did not; where reports placed the same unknown
    name at different areas, the one note names each placement with its outlets. Each source keeps its own
    notes (SourceRef.notes)."""
    said: dict[str, dict[str, list[str]]] = {}  # what is said -> where the name was placed ("" none) -> outlets
    for source in sources:
        for note in NOTE_START.split(source.notes.strip()) if source.notes.strip() else ():
            placed = PLACED.match(note.rstrip("."))
            claim, where = (placed["claim"], placed["placed"]) if placed else (note.rstrip("."), "")
            outlets = said.setdefault(claim, {}).setdefault(where, [])
            if reporter(source) not in outlets:
                outlets.append(reporter(source))
    everyone = {reporter(s) for s in sources}
    notes = []
    for claim, placements in said.items():
        if len(placements) == 1:
            [(where, outlets)] = placements.items()
            some = f" (per {', '.join(outlets)})" if len(everyone) > 1 and set(outlets) != everyone else ""
            notes.append("; ".join(filter(None, [claim, where])) + some + ".")
        else:
            notes.append(f"{claim}; " + "; ".join(f"{where or 'not located'} per {', '.join(outlets)}"
                                                   for where, outlets in placements.items()) + ".")
    return notes


def consolidate(incident_id: str, sources: list[SourceRef], status: str = "extracted",
                extra_notes: str = "") -> Incident:
    """Incident-level fields from its sources: the finest place, the narrowest common dates,
    the best-supported figures, and low/best/high fatalities across the reports. An analyst's latest
    correction, itself kept as a source, overrides place, dates and figures."""
    reports = [s for s in sources if not is_correction(s)] or sources
    correction = max((s for s in sources if is_correction(s)), key=lambda s: s.mention, default=None)
    where = correction or min(reports, key=lambda s: (_precision_rank(s.geo_precision), s.latitude is None,
                                                      s.published))
    start = max(s.date_start for s in reports)
    end = min(s.date_end for s in reports)
    # the finest account; of equally fine ones the earliest: a claim, a statement or a risen toll comes later
    finest_date = correction or min(reports, key=lambda s: (_DATE_RANK[s.date_precision], s.date_end - s.date_start,
                                                            s.date_start))
    if start > end or correction:  # no common range, or the analyst has decided
        start, end = finest_date.date_start, finest_date.date_end
    precision = "day" if start == end else finest_date.date_precision
    event_date = finest_date.event_date if start <= finest_date.event_date <= end else start + (end - start) // 2
    best = correction or _best_figures(reports)
    totals = [s.killed.total for s in reports + ([correction] if correction else []) if s.killed.total is not None]
    specific = [s.attack_type for s in sources if s.attack_type not in GENERIC_TYPES]
    notes = merged_notes(sources) + ([extra_notes] if extra_notes else [])
    if len({s.killed.total for s in reports if s.killed.total is not None}) > 1:
        notes.append("Sources disagree on fatalities: " + "; ".join(
            f"{reporter(s)} {s.published}: {s.killed.total}" for s in reports if s.killed.total is not None) + ".")
    confidence, review_reason = (1.0, "") if correction else assess(sources, best.killed.total)
    return Incident(
        incident_id=incident_id, event_date=event_date, date_precision=precision, date_start=start, date_end=end,
        place=where.place, location=where.location, place_id=where.place_id, latitude=where.latitude,
        longitude=where.longitude, geo_precision=where.geo_precision, admin1=where.admin1, admin2=where.admin2,
        sector=where.sector,
        attack_type=specific[0] if specific else (
            "clash" if any(s.attack_type == "clash" for s in sources) else sources[0].attack_type),
        perpetrator="isis" if any(s.perpetrator == "isis" for s in sources) else sources[0].perpetrator,
        killed=Casualties(**best.killed.as_dict()), wounded=Casualties(**best.wounded.as_dict()),
        fatalities_low=min(totals) if totals else None, fatalities_best=best.killed.total,
        fatalities_high=max(totals) if totals else None,
        sources=sorted(sources, key=lambda s: (s.published, s.report_id, s.mention)),
        notes=" ".join(notes), status=status, confidence=confidence, review_reason=review_reason,
    )
