"""Extraction, stage one: each sentence of a report annotated once.

An Annotation holds what one sentence says, read on its own: the attack word, dates resolved against the
publication date, casualty counts per victim group, the attacker, the attack type, the places named with
their gazetteer candidates (with character offsets), and the cues that relate it to other sentences ("in
another attack", "the attack", a plural "attacks", a country abroad). It also says whether the sentence is
no incident of its own and why (a headline, a recap, history, a plan...). Stage two (extraction.assemble)
reads only these annotations; the gazetteer and the patterns run once per sentence, here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta

from geo.gazetteer import Gazetteer
from geo.cues import NEVER_LOCATING_CUES
from geo.mentions import PlaceMention, find_mentions, in_the_reports_area
from extraction.actors import AFTERMATH, ATTACK_CUE, OVER_A_PERIOD, attack_type, named_perpetrator, skip_reason
from extraction.casualties import NO_CASUALTIES, TOLL_UPDATE, CasualtyCount, count_casualties
from language.dates import DateMentions, DateRange, find_dates, told_after
from incidents.model import Report
from language.sentences import split_sentences

# "a separate attack on ...": the text itself says this is another attack.
_ANOTHER = re.compile(r"\b(?:(?:a|in a) separate (?:attack|incident|assault)|another (?:attack|incident|assault)|"
                      r"in another|meanwhile|elsewhere|separately|also (?:attacked|targeted|struck|hit))\b", re.I)
# "The fighting happened in ...": a sentence about the attack already told, never an overview.
_ANAPHORA = re.compile(r"\b(?:the|this|that)\s+(?:\w+\s+)?(?:attack|fighting|ambush|assault|clash(?:es)?|explosion|"
                       r"bombing|blast|incident|raid)\b", re.I)
_SAME_PLACE = re.compile(r"\b(?:in|at|near|on)\s+the\s+same\s+(?:village|town|area|sub-?district|district|region|"
                         r"neighbou?rhood|road|place|spot|location|checkpoint|post)\b", re.I)
_PLURAL_ATTACKS = re.compile(r"\b(?:attacks|assaults|bombings|ambushes|clashes)\b", re.I)
# "more than 23 killed in two villages", "in the two attacks": a toll over several places or attacks.
_OVER_SEVERAL = re.compile(r"\b(?:in|across|during)\s+(?:the\s+)?(?:two|three|four|five|several|both|\d+)\s+"
                           r"(?:[\w-]+\s+)?(?:villages|towns|areas|places|districts|provinces|attacks|incidents|"
                           r"bombings)\b|"
                           # "Three attacks killed 12 people in Diyala", "two separate bombings left five dead"
                           r"\b(?:two|three|four|five|six|several|\d+)\s+(?:separate\s+|simultaneous\s+|"
                           r"coordinated\s+)?(?:attacks|bombings|explosions|blasts|ambushes)\s+(?:killed|left|"
                           r"wounded|injured|claimed)\b", re.I)
_ABROAD = re.compile(r"\b(?:Syria|Syrian|Turkey|Turkish|Iran|Iranian territory|Deir al-Zor|Deir ez-Zor|Raqqa|"
                     r"Hasakah|Jordan)\b")
HISTORY_AFTER = timedelta(days=365)  # news reports recent attacks; older dates are background
BACKGROUND_AFTER = timedelta(days=31)  # a whole month (or more) that ended before this is background


@dataclass(eq=False)  # one sentence is one annotation: compared by identity
class Annotation:
    index: int  # the sentence's position in the report
    text: str
    cue: tuple[int, int] | None = None  # offsets of the first attack word; None: no attack word
    headline: bool = False
    dates: DateMentions = field(default_factory=lambda: DateMentions([], False))
    casualties: CasualtyCount = field(default_factory=CasualtyCount)
    perpetrator: str | None = None  # the attacker this sentence names
    attack_type: str = "armed_attack"
    mentions: list[PlaceMention] = field(default_factory=list)
    another: bool = False  # "meanwhile", "in a separate attack": not the attack told before
    anaphora: bool = False  # "the attack", "this fighting": the attack told before
    plural_attacks: bool = False  # "the attacks in Kifri and Kulajo": one per place listed
    over_several: bool = False  # "killed 23 in two villages": a toll over several places or attacks
    names_abroad: bool = False  # names Syria, Turkey, Iran...
    toll_update: bool = False  # "the toll rose to": replaces the figures of the attack told before
    same_place: bool = False  # "in the same village": at the place of the attack told before
    skip: str | None = None  # why this sentence is no incident of its own, read alone

    @property
    def date(self) -> DateRange | None:
        """The most specific date the sentence states."""
        return self.dates.ranges[0] if self.dates.ranges else None

    @property
    def sets_context(self) -> bool:
        """Whether a following sentence without a date (or attacker) may take this one's: history, captions
        and plans set no date, recaps do ("since Monday, five attacks ...; on Sunday ...")."""
        return self.cue is not None and (self.skip is None or self.skip.startswith("recap"))

    def describe(self) -> str:
        """One line for `frontline extract --verbose`: what this sentence was read to say."""
        parts = [f"#{self.index}"]
        if self.cue:
            parts.append(f"cue '{self.text[self.cue[0]:self.cue[1]]}'@{self.cue[0]}")
        parts += [f"date {r.start}..{r.end} ({r.precision}, '{r.expression}')" for r in self.dates.ranges[:2]]
        c = self.casualties
        for label, counts in (("killed", c.killed), ("wounded", c.wounded)):
            if counts.total is not None:
                parts.append(f"{label} " + ",".join(f"{g}={n}" for g, n in counts.as_dict().items() if n is not None))
        if c.militants_killed:
            parts.append(f"militants killed {c.militants_killed} (not counted)")
        if c.over_a_period:
            parts.append(f"toll over a period {c.over_a_period} (not counted)")
        for m in self.mentions:
            where = m.locator.match.place.name if m.locator else "?"
            parts.append(f"place '{m.text}'@{m.start} ({m.cue}) -> {where}")
        if self.perpetrator:
            parts.append(f"actor {self.perpetrator}")
        parts += [flag for flag in ("another", "anaphora", "plural_attacks", "over_several", "names_abroad",
                                    "toll_update", "same_place") if getattr(self, flag)]
        return "  ".join(parts)


def annotate(report: Report, gazetteer: Gazetteer) -> list[Annotation]:
    """Every sentence of the report, each read once; sentences without an attack word carry only their text. A date
    told from the sentence before ("the next day", "days later") is read from the last date an attack sentence gave."""
    out = []
    last_date: DateRange | None = None
    for index, sentence in enumerate(split_sentences(report.text)):
        text = sentence.text
        cue = ATTACK_CUE.search(text)
        toll_update = TOLL_UPDATE.search(text)
        # "No casualties were reported.", "The death toll rose to seven.": figures for the attack told before
        figures_only = None if cue else (NO_CASUALTIES.search(text) or toll_update)
        cue = cue or figures_only
        annotation = Annotation(index, text, cue.span() if cue else None, headline=sentence.headline)
        out.append(annotation)
        if cue is None:
            continue
        if sentence.headline:
            annotation.skip = "headline, caption or page clutter"
            continue
        annotation.dates = find_dates(text, report.published, near=cue.start())
        later = None if annotation.dates.ranges else told_after(text, last_date)
        if later is not None and later.start <= report.published:
            annotation.dates = DateMentions([later], annotation.dates.recap)
        last_date = annotation.date or last_date
        aftermath = [at for m in AFTERMATH.finditer(text) for at in m.span()]
        if aftermath:
            # "Mourners gathered on Sunday to bury three fighters killed ...": a funeral's day (not "a bomber blew
            # himself up among mourners late Monday, killing six", nor "an attack on Friday, which the governor
            # condemned"): a date nearer a funeral's words than any attack word is the funeral's
            attack = [at for m in ATTACK_CUE.finditer(text) for at in m.span()]
            annotation.dates = DateMentions([r for r in annotation.dates.ranges if not _nearer(
                r.at, aftermath, attack)], annotation.dates.recap)
        annotation.casualties = count_casualties(text)
        annotation.perpetrator = named_perpetrator(text)
        if annotation.perpetrator == "other":
            annotation.casualties.target_militants()  # a state's strike: the fighters it hits are its victims
        annotation.attack_type = attack_type(text)
        annotation.another = bool(_ANOTHER.search(text))
        annotation.anaphora = bool(_ANAPHORA.search(text))
        annotation.plural_attacks = bool(_PLURAL_ATTACKS.search(text))
        annotation.over_several = bool(_OVER_SEVERAL.search(text))
        annotation.names_abroad = bool(_ABROAD.search(text))
        annotation.toll_update = bool(toll_update)
        annotation.same_place = bool(_SAME_PLACE.search(text))
        annotation.skip = _skip(annotation, report)
        # Without an attack word, such figures only complete the attack told before them: no place of their own.
        annotation.mentions = [] if figures_only else find_mentions(text, gazetteer)
    _namesakes_in_the_reports_area(out, gazetteer)
    return out


def _namesakes_in_the_reports_area(annotations: list[Annotation], gazetteer: Gazetteer) -> None:
    """A name of several places is read again near the places the report's other sentences name unambiguously: a
    village said to lie in one area is not its namesake in another governorate."""
    named = [m.match.place for a in annotations for m in a.mentions
             if m.match and not m.match.ambiguous and m.match.method == "exact" and m.cue not in NEVER_LOCATING_CUES]
    for a in annotations:
        if named and any(m.match and m.match.ambiguous for m in a.mentions):
            a.mentions = find_mentions(a.text, gazetteer, around=named)
        in_the_reports_area(a.mentions, [p for p in named if all(p is not m.match.place for m in a.mentions
                                                                      if m.match)], gazetteer)


def _nearer(at: int, offsets: list[int], others: list[int]) -> bool:
    """Whether a date at offset `at` stands nearer one of `offsets` (a funeral's words) than any of `others` (the
    attack words) in its sentence."""
    return at >= 0 and min(abs(at - o) for o in offsets) < min(abs(at - o) for o in others)


def _skip(a: Annotation, report: Report) -> str | None:
    specific_date = a.date is not None and a.date.precision in ("day", "range") and (
        a.date.end - a.date.start).days <= 2  # a day, or a statement's days
    hurt = bool(a.casualties.killed.total or a.casualties.wounded.total)
    reason = skip_reason(a.text, a.casualties.any_number, specific_date, hurt)
    if reason is None and a.dates.recap and not a.casualties.any_number:
        reason = "recap: a count of attacks since a date"
    toll_over_a_period = a.casualties.over_a_period or (a.casualties.vague and OVER_A_PERIOD.search(a.text))
    if reason is None and toll_over_a_period and not a.casualties.any_number:
        reason = "recap: a toll over a period"  # "in recent months ... dozens were killed", "since 2014, 1,200"
    if reason is None and a.date and a.date.end < report.published - HISTORY_AFTER:
        reason = "history: an event more than a year before publication"
    if reason is None and a.date and a.date.precision in ("month", "range") and (
            a.date.end < report.published - BACKGROUND_AFTER or a.date.end - a.date.start > BACKGROUND_AFTER):
        reason = "history: a month or more told as background, not a dated attack"
    return reason
