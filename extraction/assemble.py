"""Extraction, stage two: incidents assembled from the sentence annotations (extraction.annotate).

A sentence with an attack word that no skip rule refused is a candidate. Its place is the first place
named that is not only a reference point or a container (geo.mentions.locating_mentions). Places listed
together under a plural ("the attacks in Kifri and Kulajo") are one incident each, with figures given only
together split evenly (as ACLED does). A sentence without a date (or attacker) takes the date (or attacker)
of the last attack sentence before it that names one.

A sentence with casualty figures but no place continues the latest incident, or, before any place is named
(a lede: "ISIS kills 30 in northern Iraq"), the first incident that follows. One attack told in several
sentences with places of their own is merged afterwards (extraction.retellings).

Each candidate keeps the annotations behind it and the doubts its cues leave (incidents.confidence).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from geo.mentions import REFERENCE_CUES, PlaceMention, keep_placed, locating_mentions
from geo.places import GeoPrecision, Place
from extraction.actors import ATTACK_CUE, ATTACK_TYPE_ORDER
from extraction.annotate import Annotation
from extraction.casualties import CasualtyCount
from incidents.confidence import Doubt
from language.dates import DateRange, unstated
from incidents.model import Casualties, Report, SourceRef, beyond_guardrail
from reports.reading import URL_ANCHOR

UNSTATED_DATE_NOTE = "No date in the report; dated to the week before publication."
CONTINUATION_WINDOW = 4  # sentences after an incident in which its casualty figures may follow
QUOTED_SENTENCES = 8  # an incident told in more sentences quotes its first ones


@dataclass
class Skipped:
    annotation: Annotation
    reason: str

    @property
    def sentence(self) -> str:
        return self.annotation.text


@dataclass
class Candidate:
    """One attack as the report tells it, before it becomes an incident."""

    annotations: list[Annotation]
    mention: PlaceMention
    dates: DateRange
    killed: Casualties
    wounded: Casualties
    casualties: CasualtyCount
    notes: list[str]
    perpetrator: str
    doubts: set[Doubt] = field(default_factory=set)
    siblings: int = 1  # incidents split from the same sentence
    listed: int = 1  # places the sentence lists together (an overview when it gives no figures)

    @property
    def index(self) -> int:
        return self.annotations[0].index

    @property
    def first(self) -> Annotation:
        return self.annotations[0]

    @property
    def sentences(self) -> list[str]:
        return [a.text for a in self.annotations]

    @property
    def place(self) -> Place | None:
        locator = self.mention.locator
        return locator.match.place if locator else None

    @property
    def precision(self) -> GeoPrecision | None:
        return self.mention.precision

    @property
    def tells_new_toll(self) -> bool:
        """A sentence behind it says the toll rose or gives the final toll: its figures replace earlier ones."""
        return any(a.toll_update for a in self.annotations)

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


def fill_missing(into: Casualties, other: Casualties) -> Casualties:
    """`other`'s figures when `into` has none: the same attack's toll is never added up."""
    return into if into.total is not None else other


def _in_groups_of(update: Casualties, before: Casualties) -> Casualties:
    """"The death toll rose to three" names no group: the victims are the one group the attack's toll named."""
    named = before.groups() - {"unknown"}
    if update.groups() == {"unknown"} and len(named) == 1:
        return Casualties(**{named.pop(): update.unknown})
    return update


def _names_groups_of(detail: Casualties, toll: Casualties) -> bool:
    """"Seven people were killed" ... "Four PMF fighters and three civilians were killed": the same toll, by group."""
    return detail.total == toll.total and toll.groups() == {"unknown"} and detail.groups() != {"unknown"}


def _less(counts: Casualties, n: int) -> Casualties:
    """The counts less n victims, taken from the largest group."""
    values = counts.as_dict()
    group = max((g for g in values if values[g]), key=lambda g: values[g])
    return counts.model_copy(update={group: max(0, values[group] - n)})


def casualty_notes(casualties: CasualtyCount) -> list[str]:
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


def add_notes(candidate: Candidate, notes: list[str]) -> None:
    candidate.notes += [n for n in notes if n not in candidate.notes]


def _continue(latest: Candidate, annotation: Annotation) -> bool:
    """Give the latest incident the casualty figures a following sentence adds ("the toll rose to" replaces
    them); False if it has them."""
    casualties = annotation.casualties
    if annotation.toll_update and casualties.any_number:
        wounded = latest.wounded
        if casualties.died_of_wounds and casualties.wounded.total is None and wounded.total:
            wounded = _less(wounded, casualties.died_of_wounds)  # "one of the wounded died, raising the toll"
        latest.killed = _in_groups_of(fill_missing(casualties.killed, latest.killed), latest.killed)
        latest.wounded = fill_missing(casualties.wounded, wounded)
        latest.annotations.append(annotation)
        latest.doubts.add(Doubt.FIGURES_ELSEWHERE)
        return True
    # "No casualties were reported at first. ... Later, officials said two soldiers were killed": a first "none"
    # gives way to the figures told after it, unless they are dated another day ("the November 13 attack in
    # Istanbul, which left six people dead").
    none_yet = 0 if _same_days(annotation, latest) else None
    adds_killed = casualties.killed.total is not None and (
        latest.killed.total in (None, none_yet) or _names_groups_of(casualties.killed, latest.killed))
    adds_wounded = casualties.wounded.total is not None and (
        latest.wounded.total in (None, none_yet) or _names_groups_of(casualties.wounded, latest.wounded))
    conflicts = any(new.total is not None and old.total not in (None, none_yet) and new.total != old.total
                    and not new.part_of(old)  # "A police officer was killed" in an attack that killed seven
                    for new, old in ((casualties.killed, latest.killed), (casualties.wounded, latest.wounded)))
    if conflicts or not (adds_killed or adds_wounded):
        return False  # a toll that contradicts the latest incident's tells another attack
    if adds_killed:
        latest.killed = casualties.killed
    if adds_wounded:
        latest.wounded = casualties.wounded
    latest.casualties = casualties if not latest.has_figures else latest.casualties
    latest.annotations.append(annotation)
    latest.doubts.add(Doubt.FIGURES_ELSEWHERE)
    add_notes(latest, casualty_notes(casualties))
    return True


def _same_days(annotation: Annotation, latest: Candidate) -> bool:
    """The sentence states no date, or one that overlaps the days of the latest attack."""
    told = annotation.date
    return told is None or told.overlaps(latest.dates)


def _at_the_same_place(a: Annotation, before: Candidate, actor: str) -> Candidate:
    """"On November 28, gunmen killed a farmer in the same sub-district": another attack, at the place told
    before."""
    return Candidate(annotations=[a], mention=before.mention, dates=a.date, killed=a.casualties.killed,
                     wounded=a.casualties.wounded, casualties=a.casualties, notes=casualty_notes(a.casualties) + [
                         f"Placed where the attack told before it was ({before.mention.text}): 'the same place'."],
                     perpetrator=a.perpetrator or actor, doubts={Doubt.PLACE_FROM_CONTEXT})


def _same_story(earlier: list[Candidate], mention: PlaceMention) -> Candidate | None:
    """The latest attack already told at this very place: an undated sentence about it goes on telling that
    attack, whatever date another attack told in between has. (Widening this to places inside or around it
    helped the tuning half of the corpus and hurt the checking half.)"""
    place = mention.locator.match.place if mention.locator else None
    return next((c for c in reversed(earlier) if (c.place.place_id == place.place_id if c.place and place
                                                   else c.mention.text == mention.text)), None)


def _when(a: Annotation, earlier: list[Candidate], where: PlaceMention, context_date: DateRange | None,
          report: Report) -> tuple[DateRange, set[Doubt]]:
    """An attack's dates and how sure they are: the sentence's own; else those of the attack told before at
    the same place; else those of the last attack told ("Meanwhile, gunmen attacked ..." is another attack
    and takes none); else the week before publication."""
    if a.date:
        return a.date, set()
    story = None if a.another else _same_story(earlier, where)
    if story:
        return story.dates, (story.doubts & {Doubt.DATE_UNSTATED}) or {Doubt.DATE_FROM_CONTEXT}
    if context_date and not a.another:
        return context_date, {Doubt.DATE_FROM_CONTEXT}
    return unstated(report.published), {Doubt.DATE_UNSTATED}


def candidates(report: Report, annotations: list[Annotation], skipped: list[Skipped],
               unresolved: list[str]) -> list[Candidate]:
    out: list[Candidate] = []
    context_date: DateRange | None = None
    context_actor = "unknown"
    pending: Annotation | None = None  # figures told before any place (a lede)
    placed: dict[str, PlaceMention] = {}
    told: dict[int, int] = {}  # sentence index -> its rank among the attack-like sentences
    for a in annotations:
        if a.cue is None:
            continue
        told[a.index] = len(told)
        if a.sets_context:
            context_date = a.date or context_date
            context_actor = a.perpetrator or context_actor
        if a.skip:
            skipped.append(Skipped(a, a.skip))
            continue
        keep_placed(a.mentions, placed)
        unresolved.extend(m.text for m in a.mentions if not m.resolved)
        located = locating_mentions(a.mentions, event_at=a.cue[0])
        moved = any(m.cue == "movement" for m in a.mentions)
        if a.anaphora and moved and all(m.cue in REFERENCE_CUES for m in located):
            located = []  # "The attack was launched from the Hawija pocket, west of Kirkuk": the attack told before
        abroad = bool(located) and all(m.locator is None for m in located) and a.names_abroad
        last_told = told[max(x.index for x in out[-1].annotations)] if out else None
        latest = out[-1] if out and told[a.index] - last_told <= CONTINUATION_WINDOW else None
        # "One of the wounded died in an Erbil hospital, raising the death toll to three": the attack told before,
        # wherever the victim died (not "A bomb killed three in Tuz on Saturday, raising this week's toll to 11").
        if a.toll_update and latest and (not located or a.casualties.died_of_wounds or a.date is None) and \
                _continue(latest, a):
            continue
        if not located or abroad:
            if abroad:
                skipped.append(Skipped(a, "outside Iraq"))
            elif out and a.same_place and a.date and a.date.start != out[-1].dates.start:
                out.append(_at_the_same_place(a, out[-1], context_actor))
                context_date = a.date
            elif latest and _continue(latest, a):
                pass
            elif not out and a.casualties.any_number and pending is None:
                pending = a
            else:
                skipped.append(Skipped(a, "no place named" + _figures_dropped(a, latest, pending)))
            continue
        when, doubts = _when(a, out, located[0], context_date, report)
        notes = casualty_notes(a.casualties) + ([UNSTATED_DATE_NOTE] if Doubt.DATE_UNSTATED in doubts else [])
        split = len(located) > 1 and a.plural_attacks
        parts = located if split else located[:1]
        if split and a.casualties.any_number:
            notes.append(f"Casualties were reported together for the attacks in {', '.join(m.text for m in parts)}; "
                         f"split evenly between the {len(parts)} places, as ACLED does.")
            doubts.add(Doubt.FIGURES_SPLIT)
            if beyond_guardrail(a.casualties.killed.total) or beyond_guardrail(a.casualties.wounded.total):
                doubts.add(Doubt.FIGURE_BEYOND_GUARDRAIL)  # each share is under it; the toll told is not
        for position, mention in enumerate(parts):
            extra = [mention.note] if mention.note else []
            if not mention.resolved and not mention.note:
                locator = mention.locator
                extra.append(f"Place '{mention.text}' is not in the gazetteer" + (
                    f"; located at {locator.match.place.name} ({mention.precision.value})." if locator else "."))
            killed, wounded = a.casualties.killed, a.casualties.wounded
            out.append(Candidate(
                annotations=[a], mention=mention, dates=when,
                killed=_split_evenly(killed, len(parts), position) if split else killed,
                wounded=_split_evenly(wounded, len(parts), position) if split else wounded,
                casualties=a.casualties, notes=notes + extra, perpetrator=context_actor, doubts=set(doubts),
                siblings=len(parts), listed=len(located)))
        if Doubt.DATE_UNSTATED not in doubts:
            context_date = when  # the last attack told dates the next undated one
        if pending:
            _place_the_lede(pending, out[-1], len(parts), told[a.index] - told[pending.index], skipped)
        pending = None
    if pending:
        skipped.append(Skipped(pending, "figures before any place, dropped: no attack after them names one" + (
            "" if ATTACK_CUE.search(pending.text) else " (a sentence without an attack word names no place)")))
    return out


def _figures_dropped(a: Annotation, latest: Candidate | None, pending: Annotation | None) -> str:
    """Why a sentence without a place lost its figures, for extract -v ('' when it gives none)."""
    if not a.casualties.any_number:
        return ""
    if latest is not None:
        why = f"the attack told before it ({latest.mention.text}) has other figures"
    elif pending is not None:
        why = f"figures told before any place (sentence #{pending.index}) are waiting already"
    else:
        why = f"no attack is told in the {CONTINUATION_WINDOW} attack sentences before it"
    return f"; its figures dropped: {why}"


def _place_the_lede(lede: Annotation, first: Candidate, places: int, sentences_apart: int,
                    skipped: list[Skipped]) -> None:
    """Figures told before any place (a lede) go to the first attack placed after them, when nothing says they are
    another's; when they are dropped, `skipped` says why (extract -v shows it)."""
    where = first.mention.text
    if places > 1:
        reason = f"the first attack placed after them is told at {places} places"
    elif sentences_apart > CONTINUATION_WINDOW:
        reason = f"the first attack placed after them ({where}) is told {sentences_apart} attack sentences later"
    elif first.casualties.any:  # a kidnapping of two has a toll of its own: the lede's figures are another's
        reason = f"the first attack placed after them ({where}) has a toll of its own"
    elif not _continue(first, lede):
        reason = f"they do not fit the first attack placed after them ({where})"
    else:
        first.annotations.sort(key=lambda x: x is not lede)  # the lede first
        return
    skipped.append(Skipped(lede, "figures before any place, dropped: " + reason))


def _quote(sentences: list[str]) -> str:
    """The sentences behind an incident, as quoted with it: the first QUOTED_SENTENCES of them."""
    more = len(sentences) - QUOTED_SENTENCES
    return " ".join(sentences[:QUOTED_SENTENCES]) + (f" […{more} more sentences]" if more > 0 else "")


def source_ref(report: Report, c: Candidate, mention_index: int) -> SourceRef:
    """What this report says of one attack, as stored with the incident."""
    place = c.place
    precision = c.precision.value if c.precision else None
    coarse = c.precision == GeoPrecision.GOVERNORATE
    doubts = set(c.doubts) | ({Doubt.PUBLICATION_INFERRED} if report.anchored_on else set())
    anchor = (URL_ANCHOR if report.anchored_on == URL_ANCHOR
              else f"the latest day the text states ('{report.anchored_on}')")
    notes = c.notes + ([f"The page gives no publication date: dates are read against {report.published}, "
                        f"{anchor}."] if report.anchored_on else [])
    return SourceRef(
        report_id=report.report_id, url=report.url, title=report.title, outlet=report.outlet,
        published=report.published, sentence=_quote(c.sentences), mention=mention_index, place=c.mention.text,
        unresolved_place=None if c.mention.resolved else c.mention.text,
        place_id=place.place_id if place else None, location=place.name if place else None,
        latitude=place.latitude if place else None, longitude=place.longitude if place else None,
        geo_precision=precision, admin1=place.admin1 if place else None,
        admin2=None if (place is None or coarse) else place.admin2,
        sector=place.sector if place else None, radius_km=place.radius_km if place else None,
        event_date=c.dates.event_date, date_start=c.dates.start, date_end=c.dates.end,
        date_precision=c.dates.precision, killed=c.killed, wounded=c.wounded,
        attack_type=min((a.attack_type for a in c.annotations), key=ATTACK_TYPE_ORDER.index),
        perpetrator=c.perpetrator, notes=" ".join(notes), doubts=sorted(d.value for d in doubts),
    )
