"""Attack incidents in one report.

Sentence by sentence: a sentence with attack words is a candidate unless a skip rule says it is a
recap, a generic statement, history, a plan, an aftermath or a security-force operation
(incidents.actors), or a headline. Its place is the first place named that is not only a reference
point or a container (geo.mentions.locating_mentions). Places listed together under a plural ("the
attacks in Kifri and Kulajo") are one incident each, with figures given only together split evenly
(as ACLED does). A sentence without a date (or attacker) takes the date (or attacker) of the last
attack sentence before it that names one.

Within the report, one attack is often told in several sentences:
- a sentence with casualty figures but no place continues the latest incident, or, before any
  place is named (a lede: "ISIS kills 30 in northern Iraq"), the first incident that follows;
- a figure-less sentence about the same or a finer place is the same attack told in more detail
  (its place refines the incident's);
- a figure-less sentence about a coarser area that contains incidents told in detail, or listing
  several areas one of which does, is a summary;
- two sentences with figures about the same place and dates are one attack told twice.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta

from geo import get_gazetteer
from geo.gazetteer import Gazetteer
from geo.mentions import PlaceMention, find_mentions, keep_placed, locating_mentions
from geo.places import GeoPrecision, Place
from incidents.actors import ATTACK_CUE, attack_type, named_perpetrator, skip_reason
from incidents.casualties import CasualtyCount, count_casualties
from incidents.dates import DateRange, find_dates, unstated
from incidents.dedup import consolidate
from incidents.model import Casualties, Incident, Report, SourceRef
from incidents.text import split_sentences

# "a separate attack on ...": the text itself says this is another attack.
_ANOTHER = re.compile(r"\b(?:(?:a|in a) separate (?:attack|incident|assault)|another (?:attack|incident|assault)|"
                      r"in another|meanwhile|elsewhere|separately|also (?:attacked|targeted|struck|hit))\b", re.I)
# "The fighting happened in ...": a sentence about the attack already told, never an overview.
_ANAPHORA = re.compile(r"\b(?:the|this|that)\s+(?:\w+\s+)?(?:attack|fighting|ambush|assault|clash(?:es)?|explosion|"
                       r"bombing|blast|incident|raid)\b", re.I)
_PLURAL_ATTACKS = re.compile(r"\b(?:attacks|assaults|bombings|ambushes|clashes)\b", re.I)
_ABROAD = re.compile(r"\b(?:Syria|Syrian|Turkey|Turkish|Iran|Iranian territory|Deir al-Zor|Deir ez-Zor|Raqqa|"
                     r"Hasakah|Jordan)\b")
UNSTATED_DATE_NOTE = "No date in the report; dated to the week before publication."
CONTINUATION_WINDOW = 4  # sentences after an incident in which its casualty figures may follow
HISTORY_AFTER = timedelta(days=365)  # news reports recent attacks; older dates are background


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
    sentences: list[str]
    mention: PlaceMention
    dates: DateRange
    killed: Casualties
    wounded: Casualties
    casualties: CasualtyCount
    notes: list[str]
    perpetrator: str
    siblings: int = 1  # incidents split from the same sentence
    listed: int = 1  # places the sentence lists together (an overview when it gives no figures)

    @property
    def place(self) -> Place | None:
        locator = self.mention.locator
        return locator.match.place if locator else None

    @property
    def precision(self) -> GeoPrecision | None:
        return self.mention.precision

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


def _fill(into: Casualties, other: Casualties) -> Casualties:
    """`other`'s figures when `into` has none: the same attack's toll is never added up."""
    return into if into.total is not None else other


def _notes(casualties: CasualtyCount) -> list[str]:
    notes = []
    if casualties.lower_bound:
        notes.append("Casualty figures are lower bounds ('at least').")
    if casualties.vague:
        notes.append("Unnumbered casualties: " + "; ".join(casualties.vague) + ".")
    if casualties.kidnapped:
        notes.append(f"{casualties.kidnapped} kidnapped.")
    if casualties.combined:
        notes.append(f"{casualties.combined} killed and wounded together (not split by the source).")
    return notes


def _add_notes(candidate: _Candidate, notes: list[str]) -> None:
    candidate.notes += [n for n in notes if n not in candidate.notes]


def _continue(latest: _Candidate, sentence: str, casualties: CasualtyCount) -> bool:
    """Give the latest incident the casualty figures a following sentence adds; False if it has them."""
    adds_killed = casualties.killed.total is not None and latest.killed.total is None
    adds_wounded = casualties.wounded.total is not None and latest.wounded.total is None
    conflicts = any(new.total is not None and old.total is not None and new.total != old.total
                    for new, old in ((casualties.killed, latest.killed), (casualties.wounded, latest.wounded)))
    if conflicts or not (adds_killed or adds_wounded):
        return False  # a toll that contradicts the latest incident's tells another attack
    if adds_killed:
        latest.killed = casualties.killed
    if adds_wounded:
        latest.wounded = casualties.wounded
    latest.casualties = casualties if not latest.has_figures else latest.casualties
    latest.sentences.append(sentence)
    _add_notes(latest, _notes(casualties))
    return True


def _candidates(report: Report, gazetteer: Gazetteer, skipped: list[Skipped],
                unresolved: list[str]) -> list[_Candidate]:
    out: list[_Candidate] = []
    context_date: DateRange | None = None
    context_actor = "unknown"
    pending: tuple[int, str, CasualtyCount] | None = None  # figures told before any place (a lede)
    placed: dict[str, PlaceMention] = {}
    for index, item in enumerate(split_sentences(report.text)):
        sentence = item.text
        cue = ATTACK_CUE.search(sentence)
        if not cue:
            continue
        if item.headline:
            skipped.append(Skipped(sentence, "headline, caption or page clutter"))
            continue
        dates = find_dates(sentence, report.published)
        casualties = count_casualties(sentence)
        specific_date = bool(dates.ranges) and dates.ranges[0].precision == "day"
        reason = skip_reason(sentence, casualties.any_number, specific_date)
        if reason is None and dates.recap and not casualties.any_number:
            reason = "recap: a count of attacks since a date"
        if reason is None and dates.ranges and dates.ranges[0].end < report.published - HISTORY_AFTER:
            reason = "history: an event more than a year before publication"
        if reason is None or reason.startswith("recap"):  # history, captions and plans set no date
            context_date = dates.ranges[0] if dates.ranges else context_date
            context_actor = named_perpetrator(sentence) or context_actor
        if reason:
            skipped.append(Skipped(sentence, reason))
            continue
        mentions = find_mentions(sentence, gazetteer)
        keep_placed(mentions, placed)
        unresolved.extend(m.text for m in mentions if not m.resolved)
        located = locating_mentions(mentions, event_at=cue.start())
        abroad = bool(located) and all(m.locator is None for m in located) and bool(_ABROAD.search(sentence))
        if not located or abroad:
            latest = out[-1] if out and index - out[-1].index <= CONTINUATION_WINDOW else None
            if abroad:
                skipped.append(Skipped(sentence, "outside Iraq"))
            elif latest and _continue(latest, sentence, casualties):
                pass
            elif not out and casualties.any_number and pending is None:
                pending = (index, sentence, casualties)
            else:
                skipped.append(Skipped(sentence, "no place named"))
            continue
        # "Meanwhile, gunmen attacked ...": another attack does not take the date of the one told before it.
        when = dates.ranges[0] if dates.ranges else None if _ANOTHER.search(sentence) else context_date
        notes = _notes(casualties)
        if when is None:
            when = unstated(report.published)
            notes.append(UNSTATED_DATE_NOTE)
        split = len(located) > 1 and _PLURAL_ATTACKS.search(sentence)
        parts = located if split else located[:1]
        if split and casualties.any_number:
            notes.append(f"Casualties were reported together for the attacks in {', '.join(m.text for m in parts)}; "
                         f"split evenly between the {len(parts)} places, as ACLED does.")
        for position, mention in enumerate(parts):
            extra = [mention.note] if mention.note else []
            if not mention.resolved:
                locator = mention.locator
                extra.append(f"Place '{mention.text}' is not in the gazetteer" + (
                    f"; located at {locator.match.place.name} ({mention.precision.value})." if locator else "."))
            out.append(_Candidate(
                index=index, sentences=[sentence], mention=mention, dates=when,
                killed=_split_evenly(casualties.killed, len(parts), position) if split else casualties.killed,
                wounded=_split_evenly(casualties.wounded, len(parts), position) if split else casualties.wounded,
                casualties=casualties, notes=notes + extra, perpetrator=context_actor, siblings=len(parts),
                listed=len(located)))
        if pending and len(parts) == 1 and index - pending[0] <= CONTINUATION_WINDOW:
            _continue(out[-1], pending[1], pending[2])
            out[-1].sentences.sort(key=lambda s: s != pending[1])  # the lede first
        pending = None
    return out


def _dates_overlap(a: _Candidate, b: _Candidate) -> bool:
    """Within one report, different days are different attacks ("last night" and "today")."""
    return a.dates.start <= b.dates.end and b.dates.start <= a.dates.end


def _within(inner: _Candidate, outer: _Candidate, gazetteer: Gazetteer) -> bool:
    """inner's place is outer's place or lies inside it (or inside an area of the same name)."""
    a, b = outer.place, inner.place
    if a is None or b is None:
        return outer.mention.text == inner.mention.text
    return a.place_id == b.place_id or gazetteer.contains_by_name(a, b, slack_km=5)


def _unlocated_retelling(a: _Candidate, b: _Candidate) -> bool:
    """"The attack occurred in <a place we cannot locate>": the same attack, told where the other is placed."""
    return any(x.place is None and _ANAPHORA.search(x.sentences[0]) for x in (a, b))


def _figures_conflict(a: _Candidate, b: _Candidate) -> bool:
    return (a.killed.total is not None and b.killed.total is not None and a.killed.total != b.killed.total) or (
        a.wounded.total is not None and b.wounded.total is not None and a.wounded.total != b.wounded.total)


def _place_rank(c: _Candidate) -> tuple[int, int]:
    """Finer first; "near X" tells less than "in Y" of the same size ("outside of Makhmur" vs "in the
    Qaraj plains")."""
    near = c.mention.locator is not None and c.mention.locator.cue == "near"
    rank = c.precision.rank if c.precision else 9
    return (max(rank, 1) if near else rank, near)


def _absorb(into: _Candidate, other: _Candidate, gazetteer: Gazetteer) -> None:
    """One attack told twice: keep the finer place and the narrower dates, fill missing figures."""
    if other.place and (into.place is None or _place_rank(other) < _place_rank(into) or
                        (_place_rank(other) == _place_rank(into) and _within(other, into, gazetteer)
                         and not _within(into, other, gazetteer))):
        into.mention = other.mention
    if other.dates.end - other.dates.start < into.dates.end - into.dates.start:
        into.dates = other.dates
        into.notes = [n for n in into.notes if n != UNSTATED_DATE_NOTE]
    into.killed, into.wounded = _fill(into.killed, other.killed), _fill(into.wounded, other.wounded)
    into.sentences += [s for s in other.sentences if s not in into.sentences]
    _add_notes(into, other.notes)
    if into.perpetrator == "unknown":
        into.perpetrator = other.perpetrator


def _within_report(candidates: list[_Candidate], skipped: list[Skipped], gazetteer: Gazetteer) -> list[_Candidate]:
    detailed = [c for c in candidates if c.has_figures]
    kept: list[_Candidate] = []
    for c in candidates:
        sentence = c.sentences[0]
        overview = not c.has_figures and not _ANAPHORA.search(sentence) and not _ANOTHER.search(sentence)
        if overview and any(o.index != c.index and _dates_overlap(c, o) and _within(o, c, gazetteer)
                            and (c.listed > 1 or not _within(c, o, gazetteer)) for o in detailed):
            skipped.append(Skipped(sentence, f"summary of attacks told in detail ({c.mention.text})"))
            continue
        twin = None if _ANOTHER.search(sentence) else next((
            k for k in reversed(kept) if k.index != c.index and k.siblings == 1 and c.siblings == 1
            and _dates_overlap(k, c) and not _figures_conflict(k, c)
            and (_within(c, k, gazetteer) or _within(k, c, gazetteer) or _unlocated_retelling(k, c))), None)
        if twin:
            _absorb(twin, c, gazetteer)
            continue
        kept.append(c)
    return kept


def _source(report: Report, c: _Candidate, mention_index: int) -> SourceRef:
    place = c.place
    precision = c.precision.value if c.precision else None
    coarse = c.precision == GeoPrecision.GOVERNORATE
    sentence = " ".join(c.sentences)
    notes = c.notes + ([f"The page gives no publication date: dates are read against {report.published}, "
                        f"the latest day the text states ('{report.anchored_on}')."] if report.anchored_on else [])
    return SourceRef(
        report_id=report.report_id, url=report.url, title=report.title, outlet=report.outlet,
        published=report.published, sentence=sentence, mention=mention_index, place=c.mention.text,
        unresolved_place=None if c.mention.resolved else c.mention.text,
        place_id=place.place_id if place else None, location=place.name if place else None,
        latitude=place.latitude if place else None, longitude=place.longitude if place else None,
        geo_precision=precision, admin1=place.admin1 if place else None,
        admin2=None if (place is None or coarse) else place.admin2,
        sector=place.sector if place else None, radius_km=place.radius_km if place else None,
        event_date=c.dates.event_date, date_start=c.dates.start, date_end=c.dates.end,
        date_precision=c.dates.precision, killed=c.killed, wounded=c.wounded,
        attack_type=attack_type(sentence), perpetrator=c.perpetrator, notes=" ".join(notes),
    )


def extract(report: Report, gazetteer: Gazetteer | None = None) -> Extraction:
    gazetteer = gazetteer or get_gazetteer()
    skipped: list[Skipped] = []
    unresolved: list[str] = []
    candidates = _within_report(_candidates(report, gazetteer, skipped, unresolved), skipped, gazetteer)
    incidents = [consolidate(f"{report.report_id}-{i}", [_source(report, c, i)]) for i, c in enumerate(candidates)]
    return Extraction(report, incidents, skipped, sorted(set(unresolved)))

