"""Killed and wounded per victim group from one sentence.

A casualty phrase is a number (digits, words, "a", "at least N") followed by a group noun
("civilians", "members of the Kurdish forces", "others"). It is counted as killed or wounded by the
nearest casualty verb: the active verb just before it ("killing four members") or the verb that
closes its clause ("Three civilians and 10 members ... were killed"). Militants' own losses are
not victims. Vague amounts ("several", "a number of") give no number.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from extraction.actors import LONG_PERIOD
from extraction.victims import CONTEXT_GROUPS, group_of, last_group_named
from incidents.model import MAX_COUNT, Casualties
from language.numbers import NUMBER_WORD, VAGUE, parse_number

KILLED = (r"kill(?:ed|ing|s)?|dead|died|martyred|slain|lost (?:their|his|her) li(?:fe|ves)|death of|deaths|shot dead|"
          r"losing|lost|executed|assassinated|beheaded")
# "N were killed and injured": a total of casualties, not a number killed.
COMBINED = re.compile(r"\b(?:killed|dead)\s+(?:and|or)\s+(?:wounded|injured)\b|"
                      r"\b(?:wounded|injured)\s+(?:and|or)\s+(?:killed|dead)\b|\bcasualties\b", re.I)
WOUNDED = r"wound(?:ed|ing|s)?|injur(?:ed|ing|ies|y)|hurt"
KIDNAPPED = r"kidnapp?(?:ed|ing)|abduct(?:ed|ing)|taken hostage|seized|captur(?:ed|ing)"
# "the death toll rose to seven", "raising the death toll to three": the verb of a later figure for an attack
# already told; "the final toll" names one.
_TOLL_RISE = (r"\btoll\b[^.;]{0,100}?\b(?:rose|risen|climbed|reached|increased|jumped|stands at|stood at)|"
              r"\b(?:rais(?:ed|ing)|bring(?:ing)?|brought|push(?:ed|ing))\s+the\s+(?:death\s+|overall\s+)?toll\s+"
              r"(?:from\s+\w+\s+)?to")
TOLL_UPDATE = re.compile(rf"(?:{_TOLL_RISE})\b|\b(?:final|updated|revised|new|latest)\s+(?:death\s+)?toll\b", re.I)
_VERB = re.compile(rf"\b(?P<killed>{KILLED})\b|\b(?P<wounded>{WOUNDED})\b|\b(?P<kidnapped>{KIDNAPPED})\b", re.I)
_ACTIVE = re.compile(r"^(?:kill(?:ed|ing)|wound(?:ed|ing)|injur(?:ed|ing)|left|leaving|losing|lost|martyr(?:ed|ing)|"
                     r"execut(?:ed|ing)|assassinat(?:ed|ing)|behead(?:ed|ing)|"
                     r"kidnapp?(?:ed|ing)|abduct(?:ed|ing)|captur(?:ed|ing))$", re.I)


# A word of a victim phrase: not a verb, conjunction or number, which end the phrase.
_PHRASE_WORD = (rf"(?!(?:and|were|was|(?-i:is)|are|have|has|had|of|with|along|who|that|which|when|while|said|says|told|"
                rf"tells|added|reported|confirmed|causing|killing|wounding|injuring|leaving|lost|died|martyred|"
                rf"sustained|suffered|succumbed)\b)"
                rf"(?!(?:{NUMBER_WORD})(?:\s|$))(?!(?!one\b)(?:{NUMBER_WORD})[,.;:])[\w'’-]+")
# A toll told as a noun: "the deaths of four people", "the bodies of three shepherds", "the martyrdom of an officer
# and the wounding of two soldiers" (the state media's phrasing).
_NOMINAL_WORD = (r"(?:deaths?|killings?|murders?|loss(?:es)?|bod(?:y|ies)|corpses?|remains|martyrdom|wounding|"
                 r"injuring|injury|injuries)")
_NOMINAL_TOLL = re.compile(rf"\b({_NOMINAL_WORD}) of\s*(?:at least\s+|more than\s+)?$", re.I)
_QUANTITY = re.compile(
    rf"(?P<bound>\bat least\s+|\bmore than\s+|\bover\s+|\bup to\s+)?"
    rf"(?P<num>\b{NUMBER_WORD}\b|\ba\b|\ban\b|\bone\b|\banother\b|\bhis\b|\bher\b|\bboth\b|"
    rf"\bthe\b(?!\s+{_NOMINAL_WORD}\s+of\b))"  # "the martyrdom of an officer" counts the officer
    rf"(?P<noun>(?:\s+{_PHRASE_WORD}){{0,4}}?"
    rf"(?:\s+of\s+(?:the\s+|his\s+|their\s+|one\s+|a\s+|an\s+|the same\s+)?{_PHRASE_WORD}"
    rf"(?:\s+{_PHRASE_WORD}){{0,3}}?)?)"
    rf"(?=\s+(?:were|was|have|had|are|and|in|on|at|near|from|who|whom|whose|during|as|when|after|killed|dead|"
    rf"wounded|injured|"
    rf"died|kidnapped|abducted|lost|martyred|sustained|suffered|succumbed|late|early|overnight|last|yesterday|today)\b|"
    rf"[,.;:)]|\s*[(\[<\"“—–]|$)", re.I)
# A report that says nobody was hurt gives zero, which is not the same as no number.
NO_CASUALTIES = re.compile(r"\b(?:no (?:casualties|injuries|deaths|fatalities|human losses|lives (?:were )?lost)|"
                           r"no reports? of (?:any )?(?:casualties|injuries)|(?:did not|didn't) (?:result in|cause|"
                           r"leave) any (?:human )?(?:casualties|injuries|losses)|without (?:causing |inflicting |"
                           r"leaving |resulting in )?(?:any )?(?-i:[A-Z][\w-]+ )?(?:human )?"
                           r"(?:casualties|losses|injuries)|"
                           r"(?:no one|nobody) was (?:killed|hurt|injured))\b", re.I)
# "two of the wounded were taken to hospital": victims already counted.
_BACK_REFERENCE = re.compile(r"^\s*of (?:the|those) (?:wounded|injured|dead|killed|victims|casualties)\b", re.I)
_NUMBER_NEXT = re.compile(rf"\s+(?:{NUMBER_WORD})\b", re.I)  # a vague word before a number: about that number
# "the two killed were a driver and a fighter": who the victims already counted were, no new count.
_NAMING = re.compile(rf"\b(?:the|those|these)\s+(?:{NUMBER_WORD})\s+(?:killed|dead|wounded|injured|victims)\s+"
                     r"(?:were|are|included)\b"
                     r"(?:(?!,\s*(?:and|while)\b)[^;.])*$", re.I)
# "killing five, including two officers and three fighters": the counts after it are part of the first.
_SUBSET = re.compile(r"\b(?:including|among them|among whom|of whom|of them)\b(?:(?!,\s*(?:and|while)\b)[^;.])*$",
                     re.I)


# "claiming 11 lives", "took three lives": a toll of dead told with the word "lives".
_LIVES_TAKEN = re.compile(r"\b(?:claim(?:ed|ing|s)?|t(?:ook|aking|akes)|cost(?:ing|s)?)\s+(?:at least\s+)?$", re.I)


_MONTHS = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|" \
          r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_MONTH_BEFORE = re.compile(rf"\b{_MONTHS}\s+$", re.I)
_MONTH_AFTER = re.compile(rf"(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTHS}\b", re.I)


@dataclass
class CasualtyCount:
    killed: Casualties = field(default_factory=Casualties)
    wounded: Casualties = field(default_factory=Casualties)
    kidnapped: int | None = None
    combined: int | None = None  # "13 killed and injured": casualties not split into killed and wounded
    lower_bound: bool = False
    vague: list[str] = field(default_factory=list)  # "several wounded": casualties without a number
    militants_killed: int | None = None
    over_a_period: int | None = None  # "since 2014, 1,200 Peshmerga have been killed": a toll, no attack's
    died_of_wounds: int | None = None  # "one of the wounded later died": moved from the wounded to the killed

    @property
    def any(self) -> bool:
        """Whether the sentence tells a toll of any kind; "no casualties" (zero) is a toll."""
        return (self.killed.total is not None or self.wounded.total is not None or bool(self.kidnapped or self.vague
                                                                                           or self.combined))

    def target_militants(self) -> None:
        """Count the armed men killed as victims, when a neighbouring state's strike, not they, attacked."""
        if self.militants_killed and self.killed.total is None:
            self.killed = Casualties(unknown=self.militants_killed)
            self.militants_killed = None

    @property
    def any_number(self) -> bool:
        return self.killed.total is not None or self.wounded.total is not None


_SPEAKER = re.compile(r"(?:\s+and\s+(?:a|an|the)?\s*[\w-]+(?:\s+[\w-]+)?)?\s+(?:said|says|told|reported|confirmed|"
                      r"added|stated)\b", re.I)
# "..., an Iraqi army commander told Rudaw": who speaks says nothing of who the victims were.
_SPEAKER_CLAUSE = re.compile(
    r"(?:\b(?:an?|the)\s+(?:[\w'’-]+\s+){0,4}?(?:commanders?|officials?|spokes\w+|sources?|officers?|reporters?|"
    r"chiefs?|head|directors?|governors?|mayors?|members?|colonels?|generals?|majors?|captains?|lieutenants?|"
    r"brigadiers?)\b[^.;]{0,60}?\b(?:told|said|says|stated|confirmed|"
    r"reported)\b|\baccording to\b)[^.;]*", re.I)
_NAMED_BEFORE = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+\s+and\s+(?:at least\s+)?$")
# "killed three Peshmerga and two civilians and wounded four others": "wounded" opens the next predicate (it has
# an object of its own), so it is not the verb of "two civilians"; the verb before the list is.
_OBJECT = re.compile(rf"\s+(?:at least\s+|more than\s+)?(?:{NUMBER_WORD}|an?|another|one)\b", re.I)
_ORDINAL_ONE = re.compile(r"(?:second|third|fourth|fifth)(?:\s+one)?", re.I)
_LIST_GAP = re.compile(r"\s*(?:,\s*)?(?:(?:and|as well as|along with|plus)\s+)?(?:(?:at least|more than|his|her|their)\s+)?",
                       re.I)
# "300 families fled", "two soldiers were unharmed": the subject of a verb of its own, no item of a list of victims.
_BE_PREDICATE = re.compile(r"\s+(?:were|was|are|have|has|had)\b")  # asked only where no casualty verb follows
_OTHER_VERB = re.compile(r"\b(?:fled|escaped|survived|returned|remained|stayed|moved|left)\b", re.I)


def _own_predicate(sentence: str, start: int, end: int) -> bool:
    """Whether the phrase at [start, end) is followed by, or holds, a verb of its own that hurts nobody."""
    return bool(_BE_PREDICATE.match(sentence, end) or _OTHER_VERB.search(sentence, start, end))



def _add(c: Casualties, group: str, n: int) -> None:
    """Add n to a group's count; a count that would pass MAX_COUNT is no count of one attack and is left out."""
    total = (getattr(c, group) or 0) + n
    if total <= MAX_COUNT:
        setattr(c, group, total)


def _last_word(text: str) -> str:
    """The word just before a phrase, out of any quotes: ISIS "summarily executed" 13 civilians."""
    words = text[-40:].split()
    return words[-1].strip("\"“”'‘’") if words else ""


_COMBINED_BEFORE = re.compile(r"\b(?:kill(?:ed|ing)\s+(?:and|or)\s+(?:wound|injur)(?:ed|ing)|"
                             r"(?:wound|injur)(?:ed|ing)\s+(?:and|or)\s+kill(?:ed|ing))(?:\s+at least)?\s*$", re.I)


def _verb_for(sentence: str, start: int, end: int) -> str | None:
    """killed / wounded / kidnapped for the phrase at [start, end)."""
    before = sentence[:start].rstrip()
    last_word = _last_word(before)
    if re.search(rf"\bshot\s+dead\s*$|(?:{_TOLL_RISE})(?:\s+to)?(?:\s+at least)?\s*$", before, re.I):
        return "killed"  # "shot dead a shepherd", "the death toll rose to seven"
    inverted = re.search(r"(?:^|[,;:]\s*|\bamong the\s+)(?P<verb>dead|killed|wounded|injured)\s+(?:were|was|are|included)\s*$",
                         before, re.I)
    if inverted:  # "Among the dead were four civilians", "Killed were a lieutenant and three soldiers"
        return "killed" if re.match(r"dead|killed", inverted.group("verb"), re.I) else "wounded"
    nominal = _NOMINAL_TOLL.search(before)
    if nominal:  # "resulting in the deaths of four people", "the martyrdom of an officer and the wounding of two"
        return "wounded" if re.match(r"wound|injur", nominal.group(1), re.I) else "killed"
    if re.search(r"\b(?:along|together) with\s*$|\bas well as\s*$", before, re.I):
        return "previous"  # "was killed along with four other soldiers": the verb of the phrase before
    if _ACTIVE.match(last_word) and not re.match(r"le(?:ft|aving)$", last_word, re.I):
        if _COMBINED_BEFORE.search(before):
            return "combined"  # "the explosion killed and injured 5 soldiers": neither 5 dead nor 5 wounded
        if re.match(r"kidnap|abduct|captur", last_word, re.I):
            return "kidnapped"
        return "wounded" if re.match(r"wound|injur", last_word, re.I) else "killed"
    # Passive or adjectival: the first casualty verb after the phrase, within its clause.
    # The clause ends at a speech verb too: "Another commander, Gen. X, said five militants were killed" tells
    # nothing of the commander.
    clause = re.split(r"[;:]|\s(?:while|but|whereas|said|says|told|added|stated)\s", sentence[end:], maxsplit=1)[0][:200]
    verb = _VERB.search(clause)
    opens_predicate = verb and re.fullmatch(r"\s+and\s+", clause[:verb.start()]) and _OBJECT.match(clause, verb.end())
    if verb and not opens_predicate:
        return "combined" if COMBINED.match(clause, verb.start()) else verb.lastgroup
    if _own_predicate(sentence, start, end):
        return None  # "..., and 300 families fled": the subject of a verb of its own that hurts nobody
    # "killing X and Y", where the verb stands before the first item of a list.
    prior = _VERB.search(before[-80:]) if before else None
    if prior and re.match(r"kill|wound|injur|shot dead", prior.group(0), re.I) and re.search(r"\band\s*$", before):
        return prior.lastgroup
    return None


# A noun in quotes names the people counted as much as a bare one: 'two “terrorists” were killed'.
_QUOTED_NOUN = re.compile(r"\s*[\"“]([\w\s'’-]{1,40})[\"”]")
_AGE_BEFORE = re.compile(r"\b(?:aged|ages?|(?:girl|boy|man|woman|child|son|daughter|teenager)s?\s+of)\s+$", re.I)
# "One of the wounded, a fighter from Koya, died of his wounds": a victim already counted, now among the dead.
_DIED_OF_WOUNDS = re.compile(rf"\b(?P<n>{NUMBER_WORD}) of (?:the|those) (?:wounded|injured)\b[^.;]{{0,80}}?"
                             r"\b(?:died|succumbed|passed away)\b", re.I)


# Where one stretch of a sentence ends: a semicolon, a colon, or a comma that is no thousands separator.
# "..., a day after a mortar attack wounded four": a clause telling an earlier attack (an indefinite one), to its end.
_EARLIER_ATTACK = re.compile(r"\b(?:days?|weeks?|hours?|months?)\s+after\s+(?:a|an|another)\s+(?:[\w-]+\s+){0,3}?"
                             r"(?:attack|bombing|blast|explosion|ambush|assault)\b[^.;]*", re.I)
_STRETCH_END = re.compile(r"[;:]|,(?!\d{3})")
# "killed in the deadliest attack this year": the count is that one attack's, whatever period is named beside it (not
# "the anniversary of the bombing", a past one).
_ONE_ATTACK = re.compile(r"(?<!anniversary of )\b(?:the|this|that|[A-Z]\w+['’]s)\s+(?:[\w-]+\s+){0,2}?"
                         r"(?:attack|bombing|blast|explosion|ambush|assault|incident)\b", re.I)


def _over_a_period(sentence: str, start: int, end: int) -> bool:
    """Whether the count at [start, end) is a toll over a period ("so far this year", "a war in which some 1,200
    were killed"), however large: a period named in the count's own stretch of the sentence, or in the stretch that
    opens it ("Since 2014, ..."), unless that stretch names the one attack the count belongs to."""
    ends = [m.end() for m in _STRETCH_END.finditer(sentence)]
    left = max((e for e in ends if e <= start), default=0)
    right = min((e for e in ends if e > end), default=len(sentence))
    stretches = [sentence[left:right]] + ([sentence[:left]] if ends and left == ends[0] else [])
    return any(LONG_PERIOD.search(stretch) and not _ONE_ATTACK.search(stretch) for stretch in stretches)


def _phrase_number(m: re.Match) -> int | None:
    """How many victims a counted phrase names: its number ("two", "a", "both"), or one for "his", "the", "another"."""
    return 1 if m.group("num").lower() in ("his", "her", "the", "another") else parse_number(m.group("num"))


def _apposition(sentence: str, head: re.Match, n: int, group: str) -> set[int]:
    """The starts of the phrases that name, after a comma, the victims a count has just counted: "killed two
    farmers, a father and his son, in Wastana" (the same two people: of one group, adding up to the count, closed by a
    comma)."""
    if n < 2 or not sentence.startswith(",", head.end()):
        return set()
    starts, total, end = set(), 0, head.end()
    for m in _QUANTITY.finditer(sentence, head.end()):
        if not _LIST_GAP.fullmatch(sentence[end:m.start()]):
            break
        count = _phrase_number(m)
        if count is None or group_of(m.group("noun") or "", "", None) not in ("", group):
            return set()
        starts.add(m.start())
        total, end = total + count, m.end()
        if total >= n:
            break
    return starts if total == n and re.match(r"\s*[,)]", sentence[end:]) else set()


def count_casualties(sentence: str) -> CasualtyCount:
    result = CasualtyCount()
    appositive: set[int] = set()  # phrases naming victims a count has already counted
    moved = _DIED_OF_WOUNDS.search(sentence)
    earlier = _EARLIER_ATTACK.search(sentence)
    result.died_of_wounds = parse_number(moved.group("n")) if moved else None
    context = _SPEAKER_CLAUSE.sub("", sentence)  # where a victim group may be read from, when the phrase has none
    told: set[tuple] = set()
    previous_group: str | None = None  # the victim group counted last
    last_named: str | None = None  # the group counted last, militants included: whom "others" stand for
    last_over_a_period = False  # the count before was a toll over a period
    last_verb: str | None = None
    last_end: int | None = None  # where the last phrase counted ends
    aged_victims: list[str] = []  # "Name, 56, was killed": the verb for each victim named with an age
    for m in _QUANTITY.finditer(sentence):
        if m.start() in appositive:
            continue
        quoted = _QUOTED_NOUN.match(sentence, m.end()) if not (m.group("noun") or "").strip() else None
        noun = quoted.group(1) if quoted else m.group("noun") or ""
        window = sentence[max(0, m.start() - 200):m.start()]
        subset = _SUBSET.search(window) or _NAMING.search(window)
        if subset or VAGUE.match(sentence, m.start()) or _BACK_REFERENCE.match(noun) or (
                moved and moved.start() <= m.start() < moved.end()):
            continue  # "one of the wounded, a fighter from Koya, died": counted already, among the wounded
        if earlier and earlier.start() <= m.start() < earlier.end():
            continue  # "killed a fighter on Thursday, a day after a mortar attack wounded four": another attack's
        before_num, after_num = sentence[max(0, m.start("num") - 12):m.start("num")], sentence[m.end("num"):]
        if re.search(r"[\d][-–/:]$|\b[A-Za-z]{1,4}-$", before_num) or re.match(r"[-–/:]\d", after_num):
            continue  # part of a year range, date, time or model ("1980-88", "7:00", "F-16 jets", "AK-47")
        if re.search(r"\b[A-Z][a-z]+\s+$", before_num) and after_num.startswith(")"):
            continue  # part of a name: "ERBIL (Kurdistan 24) –", an outlet's dateline
        if re.search(r"[(\[]\s*$", before_num) and re.match(r"\s*[)\]]", after_num):
            continue  # a number alone in brackets: a footnote or list mark ("Gunmen (1) attacked", "[2]"), no count
        if _MONTH_BEFORE.search(before_num) or _MONTH_AFTER.match(after_num):
            continue  # a day of the month ("On November 11, five soldiers...")
        if _AGE_BEFORE.search(sentence[max(0, m.start() - 24):m.start()]):
            continue  # an age: "a girl of 14 and a boy of 6", "aged 45"
        if re.search(r"\b(?:father|mother|parent)s?\s+of\s+$", sentence[max(0, m.start() - 16):m.start()], re.I):
            continue  # "a father of two from Halabja was killed": his children, not victims
        if re.search(r"\b(?:the|those|these)\s+$", sentence[max(0, m.start() - 8):m.start()]) and re.match(
                r"\s+(?:killed|dead|wounded|injured)\s+(?:were|was|are|included)\b", after_num, re.I):
            continue  # "the two killed were a driver and a fighter": the victims already counted, named
        # "Abdulkarim Hamad Saleh, 56, was killed": an age after a name, which counts the one victim named
        age = bool(re.search(r"\b[A-Z][a-z]+,\s*$", sentence[max(0, m.start() - 30):m.start()]) and re.match(
            r"\s*,", after_num) and not noun.strip())
        if re.match(r"\s+of\s+(?:them|whom|those)\b", after_num) and (result.killed.total or result.wounded.total):
            continue  # "five people, three of them soldiers": part of a count already made
        word = m.group("num").lower()
        if word == "the" and not (re.match(r"\s+was\b", sentence[m.end():]) or (_ACTIVE.match(_last_word(
                sentence[:m.start()])) or re.search(r"\bshot\s+dead\s*$", sentence[:m.start()])) and re.fullmatch(
                r"\s+(?:\w+\s+)?\w+?(?<!s)(?:\s+of\s+.*)?", noun)):
            continue  # "the shepherd was killed", "killed the driver": one victim; "the police" is no count
        if age:
            verb = _verb_for(sentence, m.start(), m.end())
            if verb in ("killed", "wounded"):
                aged_victims.append(verb)  # counted only when the sentence gives no number of its own
            continue
        n = _phrase_number(m)
        if n is not None and len(word) == 4 and word.isdigit() and 1900 <= n <= 2100:
            continue  # a year ("19th November, 2022) Four soldiers"), never a count
        group = group_of(noun, context, last_named)
        if not group and re.fullmatch(r"\s*of\s+(?:them|those)", noun, re.I):
            group = last_group_named(sentence[:m.start()])  # "caves used by the militants ..., killing six of them"
        if not group and previous_group and (word == "another" or _ORDINAL_ONE.fullmatch(noun.strip())) and \
                _ACTIVE.match(_last_word(sentence[:m.start()])):
            group = previous_group  # "killed one policeman and wounded another", "wounding a second one"
        if group == "not_people" or word in ("his", "her") and group != "civilians":
            continue  # "his mother" counts one; "his forces" and "an army post" count nothing
        if _SPEAKER.match(sentence[m.end():]) or re.search(r"\baccording to\s+$", sentence[:m.start()], re.I):
            continue  # "an officer and a doctor said", "according to a civil defence officer": sources, not victims
        bare_toll = (not noun.strip() or _ORDINAL_ONE.fullmatch(noun.strip())) and re.match(
            r"\s+(?:(?:was|were)\s+)?(?:dead|killed|wounded|injured|died)\b", sentence[m.end():])
        if word == "both" and not bare_toll:
            continue  # "both sides", "both Peshmerga and soldiers": only "both were killed" counts two
        named_victim = bare_toll or _NOMINAL_TOLL.search(sentence[max(0, m.start() - 30):m.start()]) or (
            word == "one" and not noun.strip() and _ACTIVE.match(_last_word(sentence[:m.start()])))  # "killing one"
        if word in ("a", "an", "one", "another", "his", "her", "the") and not group and not named_victim:
            continue  # "a spokesman said": a singular counts only when it names a victim ("the martyrdom of a man")
        if n is None or not noun.strip() and m.group("num").lower() in ("a", "an"):
            continue
        if re.match(r"\s*(?:km|kilomet(?:er|re)s?|miles?|metres?|meters?|years?|days?|hours?|months?|weeks?|a\.m|p\.m|"
                    r"o'clock|percent|%|attacks?|times|vehicles?|cars?|houses?|homes?|cows?|sheep|goats?|"
                    r"heads?|bodies)\b", noun, re.I):
            continue
        verb = _verb_for(sentence, m.start(), m.end())
        if _LIVES_TAKEN.search(sentence[max(0, m.start() - 20):m.start()]) and re.fullmatch(r"\s*lives", noun, re.I):
            verb = "killed"  # "claiming 11 lives and leaving 14 others injured"
        if verb == "previous":
            verb = last_verb or _verb_for(sentence, m.end(), m.end())
        if verb is None and not group:
            continue
        if verb is None and last_end is not None and _LIST_GAP.fullmatch(sentence[last_end:m.start()]) and \
                not _own_predicate(sentence, m.start(), m.end()):
            verb = last_verb  # "killing two soldiers, a policeman and three civilians": one verb for the list
        if verb is None:
            continue
        if not group:
            group = previous_group or next((g for g, c in CONTEXT_GROUPS if c.search(context)), "unknown")
        named = _NAMED_BEFORE.search(sentence[max(0, m.start() - 80):m.start()])
        if named and previous_group is None and verb in ("killed", "wounded"):
            n += 1  # "Brigadier General Shirko Rauf and five other members were killed": six; "Mukhtar X and two of
            #          his sons": three (a named victim is counted by no number of its own)
        last_verb, last_end = verb, m.end()
        clause = (n, group, verb, " ".join(noun.lower().split()))
        if clause in told:
            continue  # a run-on text repeating "killing three Peshmerga" tells one toll, not a sum
        told.add(clause)
        last_named = group
        if group == "militants":  # never a victim: the attackers' own losses are dropped here
            if verb == "killed":
                result.militants_killed = (result.militants_killed or 0) + n
            continue
        others = re.search(r"\bothers?\b", noun, re.I) and last_over_a_period
        last_over_a_period = _over_a_period(sentence, m.start(), m.end()) or bool(others)
        if last_over_a_period:  # "..., and 12,000 others were wounded": of the same period
            result.over_a_period = (result.over_a_period or 0) + n
            continue
        previous_group = group
        if verb == "kidnapped":
            result.kidnapped = (result.kidnapped or 0) + n
        elif verb == "combined":
            result.combined = (result.combined or 0) + n
        else:
            _add(getattr(result, verb), group, n)
            appositive = _apposition(sentence, m, n, group)
        if m.group("bound") and re.match(r"at least|more than|over", m.group("bound"), re.I):
            result.lower_bound = True
    for verb in aged_victims:
        if getattr(result, verb).total is None:
            _add(getattr(result, verb), previous_group or "unknown", 1)
    nobody = NO_CASUALTIES.search(sentence)
    if nobody and result.killed.total is None and result.wounded.total is None:
        result.killed = Casualties(unknown=0)
        if not re.search(r"lives|killed|deaths|fatalities", nobody.group(0), re.I):  # "no deaths": wounds untold
            result.wounded = Casualties(unknown=0)
    for vague in VAGUE.finditer(sentence):
        tail = sentence[vague.end():vague.end() + 60]
        if _NUMBER_NEXT.match(tail):  # "some 21 miles", "some 1,200 families": about a number, not unnumbered
            continue
        near_verb = _VERB.search(tail) or _VERB.search(sentence[max(0, vague.start() - 25):vague.start()])
        if near_verb and group_of(tail.split(" were")[0], "", None) != "militants":
            said = sentence[vague.start():vague.end() + 40].split(",")[0]
            cut = vague.end() + 40 < len(sentence) and sentence[vague.end() + 40].isalnum()
            said = said.rsplit(" ", 1)[0] if cut and " " in said else said  # no word cut in half
            result.vague.append(said.rstrip(" .;:"))
    return result
