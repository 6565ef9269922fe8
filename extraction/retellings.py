"""Extraction, stage two and a half: one attack told several times within a report becomes one incident.

- a figure-less sentence about the same or a finer place is the same attack told in more detail (its place
  refines the incident's);
- a figure-less sentence about a coarser area that contains incidents told in detail, or listing several
  areas one of which does, is a summary; a total over several places is dropped when one is told in detail;
- two sentences with figures about the same place and days are one attack told twice, unless their tolls
  conflict (a part of a toll does not) or their own sentences date them differently on purpose.
"""
from __future__ import annotations

import re

from geo.gazetteer import Gazetteer
from extraction.assemble import UNSTATED_DATE_NOTE, Candidate, Skipped, add_notes, fill_missing
from incidents.confidence import Doubt
from incidents.model import Casualties


def _generic(c: Candidate) -> bool:
    """"Cells remain active between Kirkuk and Diyala": no date or figures of its own, and only a stretch of country
    for a place; background to the attacks a report tells. (Counting attacks in the plural, "attacks around Tuz
    Khurmatu", as background too helped the tuning halves and cost an attack on the corpus's checking half.)"""
    a = c.first
    before = a.text[max(0, c.mention.start - 60):c.mention.start]
    stretch = bool(re.search(r"\bbetween\s+(?:the\s+)?[^.;:()]{0,50}$", before))
    return not c.has_figures and a.date is None and not a.another and not a.anaphora and stretch


def _undated_mention(c: Candidate) -> bool:
    """"Clashes broke out near Sulaiman Bek": no date or figures of its own, dated only by the sentences around it,
    so its date does not keep it apart from the attacks it sums up. (Taking such a sentence as a retelling of an attack
    told in detail at the same place, whatever its date, cost an attack on the tuning and the checking halves.)"""
    return c.first.date is None and not c.has_figures


def _dates_overlap(a: Candidate, b: Candidate) -> bool:
    """Within one report, different days are different attacks ("last night" and "today")."""
    return a.dates.overlaps(b.dates)


def _within(inner: Candidate, outer: Candidate, gazetteer: Gazetteer) -> bool:
    """inner's place is outer's place or lies inside it (or inside an area of the same name)."""
    a, b = outer.place, inner.place
    if a is None or b is None:
        return outer.mention.text == inner.mention.text
    return a.place_id == b.place_id or gazetteer.contains_by_name(a, b, slack_km=5)


def _unlocated_retelling(a: Candidate, b: Candidate) -> bool:
    """"The IED was planted in <a village we cannot locate>": told beside an attack of the same days that we
    can place, it is that attack in more detail (an attack we cannot place could not be mapped anyway)."""
    return any(x.place is None for x in (a, b))


def _dated_apart(a: Candidate, b: Candidate) -> bool:
    """"Late Tuesday" and "last week", each its own sentence's date (or, for an attack told with figures, the date the
    sentences before it gave): the text dates them differently on purpose, so they are two attacks unless one refers
    back ("the attack") or their tolls are the same."""
    x, y = a.first, b.first
    dx, dy = (c.first.date or (None if _undated_mention(c) or Doubt.DATE_UNSTATED in c.doubts else c.dates)
              for c in (a, b))
    if dx is None or dy is None or dx.precision == dy.precision or x.anaphora or y.anaphora or \
            {dx.precision, dy.precision} == {"range", "day"}:  # a day within the days of a statement
        return False
    return not (a.has_figures and a.killed.total == b.killed.total and a.wounded.total == b.wounded.total)


def _told_again(a: Candidate, b: Candidate) -> bool:
    """The same toll a day apart at one place ("Tuesday night" and "last night" read against a guessed
    publication day): one attack told twice."""
    same_toll = any(x.total and x.total == y.total for x, y in ((a.killed, b.killed), (a.wounded, b.wounded)))
    return same_toll and abs((a.dates.event_date - b.dates.event_date).days) <= 1


def _figures_conflict(a: Candidate, b: Candidate) -> bool:
    def differ(x: Casualties, y: Casualties) -> bool:
        return x.total is not None and y.total is not None and x.total != y.total and not (
            x.part_of(y) or y.part_of(x))
    return differ(a.killed, b.killed) or differ(a.wounded, b.wounded)


def _place_rank(c: Candidate) -> tuple[int, int]:
    """Finer first; "near X" tells less than "in Y" of the same size ("outside of Makhmur" vs "in the
    Qaraj plains")."""
    near = c.mention.locator is not None and c.mention.locator.around
    rank = c.precision.rank if c.precision else 9
    return (max(rank, 1) if near else rank, near)


def _placed_from(finer: Candidate, coarser: Candidate) -> bool:
    """"In the Kifri area" then "near the village of Qulajo, south of Kifri": a place the text locates from the
    other's place tells where in it."""
    container = finer.mention.container.locator if finer.mention.container else None
    return bool(container and coarser.place and container.match.place.place_id == coarser.place.place_id)


def _inside_its_namesake(finer: Candidate, told: Candidate, gazetteer: Gazetteer) -> bool:
    """"Four Peshmerga were killed in Kirkuk" then "... their post in Daquq district": a place outside the city
    first named but inside the governorate of its name tells where "Kirkuk" was meant."""
    area = told.place
    if area is None or finer.place is None:
        return False
    holding = gazetteer.containing_namesake(area, finer.place, slack_km=5)  # `area` itself when it holds it
    return holding is not None and holding.place_id != area.place_id


def _absorb(into: Candidate, other: Candidate, gazetteer: Gazetteer) -> None:
    """One attack told twice: keep the finer place and the narrower dates, fill missing figures."""
    if other.place and (into.place is None or _place_rank(other) < _place_rank(into) or
                        (_placed_from(other, into) and _place_rank(other) <= _place_rank(into)) or
                        (_place_rank(other) == _place_rank(into) and _within(other, into, gazetteer)
                         and not _within(into, other, gazetteer)) or _inside_its_namesake(other, into, gazetteer)):
        into.mention = other.mention
    if other.dates.end - other.dates.start < into.dates.end - into.dates.start:
        into.dates = other.dates
        into.notes = [n for n in into.notes if n != UNSTATED_DATE_NOTE]
        into.doubts = (into.doubts - {Doubt.DATE_UNSTATED, Doubt.DATE_FROM_CONTEXT}) | (
            other.doubts & {Doubt.DATE_UNSTATED, Doubt.DATE_FROM_CONTEXT})
    if other.tells_new_toll:  # "the toll rose to 32": later figures replace the first
        into.killed, into.wounded = fill_missing(other.killed, into.killed), fill_missing(other.wounded, into.wounded)
    else:
        into.killed, into.wounded = fill_missing(into.killed, other.killed), fill_missing(into.wounded, other.wounded)
    into.annotations += [a for a in other.annotations if a not in into.annotations]
    add_notes(into, other.notes)
    if into.perpetrator == "unknown":
        into.perpetrator = other.perpetrator


def within_report(found: list[Candidate], skipped: list[Skipped], gazetteer: Gazetteer) -> list[Candidate]:
    """One incident per attack the report tells: summaries dropped, retellings absorbed."""
    detailed = [c for c in found if c.has_figures]
    kept: list[Candidate] = []
    for c in found:
        if c.first.over_several and c.killed.total and any(
                o.first is not c.first and o.killed.total and o.killed.total < c.killed.total and _dates_overlap(c, o)
                and (c.place is None or _within(o, c, gazetteer)) for o in detailed):
            skipped.append(Skipped(c.first, "total over several attacks, one of them told in detail "
                                            f"({c.mention.text})"))
            continue
        overview = not c.has_figures and not c.first.anaphora and not c.first.another
        if overview and any(o.index != c.index and (_dates_overlap(c, o) or _undated_mention(c))
                            and _within(o, c, gazetteer)
                            and (c.listed > 1 or not _within(c, o, gazetteer)) for o in detailed):
            skipped.append(Skipped(c.first, f"summary of attacks told in detail ({c.mention.text})"))
            continue
        twins = [] if c.first.another else [
            k for k in reversed(kept) if k.index != c.index and k.siblings == 1 and c.siblings == 1
            and (_dates_overlap(k, c) or _told_again(k, c)) and not _dated_apart(k, c)
            and (c.tells_new_toll or not _figures_conflict(k, c))
            and (_within(c, k, gazetteer) or _within(k, c, gazetteer) or _unlocated_retelling(k, c))]
        # The latest told, unless this sentence has a date of its own and an earlier one is dated alike ("the attack
        # late Tuesday" is Tuesday's attack, not the one "earlier this month" told in between).
        own = c.first.date
        twin = next((k for k in twins if own and k.first.date and k.first.date.precision == own.precision),
                    twins[0] if twins else None)
        if twin:
            _absorb(twin, c, gazetteer)
            continue
        if _generic(c) and len(found) > 1:
            skipped.append(Skipped(c.first, "no date, figures or place of its own, only a stretch of country: background"))
            continue
        kept.append(c)
    return kept
