"""Place names in a sentence, with what the text says about each.

A mention is a run of words whose key is in the gazetteer (longest first), or an unknown proper
name the text marks as a place ("the village of X", "X village", "X sub-district"). For each it
records the type the text gives, the cue before it ("near", "north of") and whether it is listed
with the mention before it ("in Kifri and Kulajo"). Names that stand for actors rather than places
("Kurdish", "Iraqi", "ISIS") are never taken.

Context rules: a place said to be inside another ("Rashad in Miqdadiya district") must lie inside
it; an ambiguous name is resolved near the other places of the sentence; an unknown village inside
a known area is located at that area, with the area's coarser precision.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from geo.cues import NEVER_LOCATING_CUES, REFERENCE_CUES, STATED_FAR_KM, cue_for, stated_km
from geo.gazetteer import Gazetteer, contains, distance_km, place_distance
from geo.name_cues import (ADJECTIVE, ARTICLE_NAME, CAPITALS, COUNTED_BEFORE, GOVERNMENT_AFTER, GOVERNMENT_BEFORE,
                           GOVERNMENT_PAIR, HOSPITAL_AFTER, HOSPITAL_BEFORE, KIND_AFTER, KIND_BEFORE, NOT_A_PLACE_AFTER,
                           NOT_PLACES, PERSON_BEFORE, PERSON_ROLE_AFTER, ROLE_BEFORE, UNKNOWN_AFTER, UNKNOWN_CUE)
from geo.normalize import name_key
from geo.places import GeoMatch, GeoPrecision, Place

# Words; an apostrophe inside a name ("Qal'at") belongs to it, a possessive "'s" does not.
_TOKEN = re.compile(r"[A-Za-z\u00C0-\u024F](?:[A-Za-z\u00C0-\u024F\-]|['’](?!s\b))*")
SURROUNDINGS_GAP = 45  # characters between a place and the one named as its surroundings ("X village, near Y")
FAR_FROM_THE_REPORT_KM = 150  # a place this far from all the others a report names may be a namesake of one near them
FUZZY_REACH_KM = 60  # a spelling matched only loosely must lie this near the other places of its sentence
_LOCATIVE = re.compile(r"\b(?:in|near|at|of|outside|from|to|towards?|around)\s+(?:the\s+)?$", re.I)
_LIST_JOIN = re.compile(r"^\s*(?:,|and|,\s*and|or)\s*$", re.I)
# What may stand between a place and the area said to contain it: "in", "in the", ", in the X of", "of".
_CONTAINER_GAP = re.compile(r"^[\s,]*(?:located\s+)?between\s+(?:the\s+)?$|"
                            r"^[\s,]*(?:(?:also\s+)?in|of|within|inside|,)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}?$|"
                            r"^[\s,]*(?:on|at|in)\s+the\s+(?:slopes|foot|foothills|edge|outskirts)\s+of\s+(?:the\s+)?$|"
                            r"^\s*,\s*$|^\s*'s\s+$", re.I)


_HINT_PRECISION = {"sub_district": GeoPrecision.SUB_DISTRICT, "district": GeoPrecision.DISTRICT,
                   "governorate": GeoPrecision.GOVERNORATE, "region": GeoPrecision.GOVERNORATE}


@dataclass
class PlaceMention:
    text: str
    start: int
    end: int
    kind_hint: str | None
    cue: str  # in | near | directional | movement | origin | along (a road, a river) | stretch (its end) | unnamed
    listed_with_previous: bool
    match: GeoMatch | None = None
    container: "PlaceMention | None" = None  # the area the text puts this place in
    stated_km: float | None = None  # the distance the text gives from this place: "some 100 km north of it"
    note: str = ""

    @property
    def resolved(self) -> bool:
        return self.match is not None

    @property
    def precision(self) -> GeoPrecision | None:
        """The precision of the location this mention gives. "north of Kirkuk" is somewhere in Kirkuk's
        district, not the city; "near Kirkuk" is around it (ACLED's precision 2, as a sub-district); an unknown village
        placed at its container is no finer than a sub-district."""
        locator = self.locator
        if locator is None:
            return None
        precision = locator.match.place.geo_precision
        if locator.cue in REFERENCE_CUES + ("unnamed",):
            precision = precision.coarsest(GeoPrecision.DISTRICT)
        elif locator.around:
            precision = precision.coarsest(GeoPrecision.SUB_DISTRICT)  # ACLED's precision 2: "near a town"
        if locator is not self:
            precision = precision.coarsest(_HINT_PRECISION.get(self.kind_hint, GeoPrecision.SUB_DISTRICT))
        return precision

    @property
    def around(self) -> bool:
        """Somewhere around the place, not in it: "near Kifri", "in the Kifri area"."""
        return self.cue == "near" or bool(re.search(r"\barea$", self.text, re.I))

    @property
    def locator(self) -> "PlaceMention | None":
        """The mention that gives coordinates: itself, or for an unknown place the nearest known container."""
        mention = self
        while mention is not None and not mention.resolved:
            mention = mention.container
        return mention


def _kind_hint(sentence: str, start: int, end: int) -> str | None:
    """The type the text gives: a descriptor ending the name, following it, or 'the X of' before it."""
    last_word = sentence[start:end].split()[-1].lower()
    after = re.match(r"[\s\-]*([A-Za-z-]+)", sentence[end:])
    for word in (last_word, after.group(1).lower() if after else ""):
        if KIND_AFTER.get(word):
            return KIND_AFTER[word]
    before = KIND_BEFORE.search(sentence[max(0, start - 30):start])
    if before:
        if before.group("mount"):
            return "mountain"
        return KIND_AFTER.get(before.group("kind").lower())
    return None


def _unbroken(sentence: str, span: list[re.Match]) -> bool:
    """Whether the words of `span` stand together: a name does not run across punctuation."""
    return not any(re.search(r"[^\s\-]", sentence[a.end():b.start()]) for a, b in zip(span, span[1:]))


def _known_span(sentence: str, words: list[re.Match], i: int, gazetteer: Gazetteer):
    """The longest run of words from i whose key is in the gazetteer (a hyphenated word also by its parts)."""
    for n in range(min(gazetteer.max_name_words, len(words) - i), 0, -1):
        span = words[i:i + n]
        if not _unbroken(sentence, span) or span[-1].group().lower() in NOT_PLACES and n > 1:
            continue
        text = sentence[span[0].start():span[-1].end()]
        if gazetteer.has_key(name_key(text)):
            return text, span[0].start(), span[-1].end(), n
    first = words[i]
    if _LOCATIVE.search(sentence[max(0, first.start() - 12):first.start()]):
        # After "in", "near", "of": a proper name may be a spelling the gazetteer lacks; try fuzzy.
        for n in range(min(3, len(words) - i), 0, -1):
            span = words[i:i + n]
            if any(w.group().lower() in NOT_PLACES or not w.group()[0].isupper() for w in span) or not _unbroken(
                    sentence, span):
                continue
            text = sentence[span[0].start():span[-1].end()]
            found, _, method = gazetteer.candidates(text)
            if found and method == "fuzzy":
                return text, span[0].start(), span[-1].end(), n
    if "-" in first.group():  # "Sadia-Khanaqin road": each part may be a place
        part = first.group().split("-")[0]
        if len(part) > 2 and gazetteer.has_key(name_key(part)):
            return part, first.start(), first.start() + len(part), 1
    return None


def _unknown_span(sentence: str, words: list[re.Match], i: int):
    """An unknown capitalised name that the text marks as a place."""
    j = i
    while j + 1 < len(words) and (words[j + 1].group()[0].isupper() or ARTICLE_NAME.match(words[j + 1].group())) and \
            words[j + 1].group().lower() not in NOT_PLACES and _unbroken(sentence, words[j:j + 2]):
        j += 1
    text = sentence[words[i].start():words[j].end()]
    after = words[j + 1].group().lower() if j + 1 < len(words) else ""
    gap = sentence[words[j].end():words[j + 1].start()] if j + 1 < len(words) else ""
    valley = words[i].group() == "Wadi" and j > i  # "Wadi al-Shay": a valley, named so
    if after in UNKNOWN_AFTER and re.match(r"\s+of\b", sentence[words[j + 1].end():]):
        return None  # "the Kakai village of Topzawa": a word describing the village named after "of"
    if valley or UNKNOWN_CUE.search(sentence[max(0, words[i].start() - 30):words[i].start()]) or (
            after in UNKNOWN_AFTER and not gap.strip()):
        return text, words[i].start(), words[j].end(), j - i + 1
    return None


def _qualifies_a_post(sentence: str, start: int) -> bool:
    """Whether the place starting at `start` qualifies a post ("governor of Kirkuk", "members of the council in
    Kirkuk"), unless the post is counted: then its holders are the victims and the place where they were."""
    window = max(0, start - 40)
    role = ROLE_BEFORE.search(sentence[window:start])
    return bool(role) and not COUNTED_BEFORE.search(sentence[max(0, window - 30):window + role.start()])


def _persons_name(sentence: str, words: list[re.Match], i: int, start: int, end: int) -> bool:
    """Whether the name at [start, end) (from words[i]) is a person's, or part of one: after a title or "named", or
    ending a name of several capitalised words that its role follows ("Idris Haji Adel, deputy official")."""
    if PERSON_BEFORE.search(sentence[max(0, start - 60):start]):
        return True
    previous = words[i - 1] if i else None
    return bool(previous and previous.group()[0].isupper() and previous.group().lower() not in NOT_PLACES
                and not KIND_AFTER.get(previous.group().lower()) and not sentence[previous.end():start].strip()
                and PERSON_ROLE_AFTER.match(sentence[end:end + 60]))


def _government(sentence: str, start: int, end: int) -> bool:
    """Whether the capital named at [start, end) stands for its government."""
    if not re.fullmatch(CAPITALS, sentence[start:end]):
        return False
    around = sentence[max(0, start - 30):end + 30]
    return bool(GOVERNMENT_PAIR.search(around) or GOVERNMENT_BEFORE.search(sentence[max(0, start - 40):start])
                or GOVERNMENT_AFTER.match(sentence[end:end + 40]))


def find_mentions(sentence: str, gazetteer: Gazetteer, around: Sequence[Place] = ()) -> list[PlaceMention]:
    """The place names in a sentence, resolved with its context; a name of several places that the sentence alone
    does not tell apart is taken near `around` (the places the rest of the report names), when given."""
    words = list(_TOKEN.finditer(sentence))
    mentions: list[PlaceMention] = []
    i = 0
    while i < len(words):
        first = words[i].group()
        proper = first[0].isupper() or ARTICLE_NAME.match(first)  # "al-Lazaka" is a name too
        if (not proper or first.lower() in NOT_PLACES or (first.isupper() and len(first) > 3 and i == 0)
                or ADJECTIVE.search(first)):
            i += 1  # lower-case words, actor names, a dateline ("ERBIL, Kurdistan Region -"), "IS-held"
            continue
        found = _known_span(sentence, words, i, gazetteer) or _unknown_span(sentence, words, i)
        if found is None:
            i += 1
            continue
        text, start, end, n = found
        aside = (NOT_A_PLACE_AFTER.match(sentence[end:end + 60]) or _persons_name(sentence, words, i, start, end)
                 or _qualifies_a_post(sentence, start)
                 or HOSPITAL_BEFORE.search(sentence[max(0, start - 40):start]) or HOSPITAL_AFTER.match(sentence[end:])
                 or _government(sentence, start, end))
        if aside or (mentions and re.fullmatch(r"\s*\(\s*", sentence[mentions[-1].end:start])):
            i += n  # a person or institution, or another spelling in brackets: "Kolajo (Golajo)"
            continue
        between = sentence[mentions[-1].end:start] if mentions else ""
        previous = mentions[-1] if mentions else None
        mentions.append(PlaceMention(
            text=text, start=start, end=end, kind_hint=_kind_hint(sentence, start, end),
            cue=cue_for(sentence, start, end, previous.cue if previous else None, previous.end if previous else 0),
            stated_km=stated_km(sentence[max(0, start - 60):start]),
            listed_with_previous=bool(mentions) and bool(_LIST_JOIN.match(
                re.sub(r"\b(?:village|town|district|sub-district)\b", "", between))),
        ))
        i += n
    _link_containers(sentence, mentions)
    _resolve(sentence, mentions, gazetteer, _opening_area(sentence, mentions), around)
    return mentions


def _link_containers(sentence: str, mentions: list[PlaceMention]) -> None:
    """'X in Y', 'X, Y', "Y's X": Y is the area the text puts X in."""
    for a, b in zip(mentions, mentions[1:]):
        gap = re.sub(r"^\s*(?:village|town|sub-district|subdistrict|district|province|governorate|area|mountains?|"
                     r"neighbou?rhood|quarter|camp|plains?|road|(?:\([^)]*\)\s*)+)\b", "",
                     sentence[a.end:b.start], flags=re.I)
        if re.fullmatch(r"['’]s\s+", gap):  # "Kirkuk's Rashad sub-district", "Diyala province's Kolajo"
            b.container = a
            for inner in mentions:  # "Topzawa in Kirkuk province's Daquq district": Topzawa is in Daquq
                if inner.container is a and inner is not b:
                    inner.container = b
            continue
        if b.listed_with_previous or b.cue == "near" and not re.search(r"between\s+(?:the\s+)?$", gap):
            continue
        if _CONTAINER_GAP.match(gap) or b.cue in REFERENCE_CUES and len(gap) < 30:
            a.container = b


def _opening_area(sentence: str, mentions: list[PlaceMention]) -> PlaceMention | None:
    """The area a sentence opens with: "In Baghdad, a car bomb went off ...", "Also in Diyala, gunmen ..."."""
    first = mentions[0] if mentions else None
    if first is None or sentence[first.end:first.end + 1] != ",":
        return None
    opening = re.fullmatch(r"\W*(?:also\s+)?in\s+(?:the\s+)?(?:\w+\s+(?:of\s+)?)?", sentence[:first.start], re.I)
    return first if opening else None


def _resolve(sentence: str, mentions: list[PlaceMention], gazetteer: Gazetteer, opening: PlaceMention | None,
             around: Sequence[Place]) -> None:
    """Resolve every name, then check each place against the area the text puts it in (outermost
    first): re-resolve it near that area, or drop it to the area when it is not known there. A name the gazetteer
    does not know, in a sentence opening with its area ("In Baghdad, a car bomb went off in the district of Shula"),
    lies in that area. A namesake is chosen near the sentence's other places, else near the report's."""
    for m in mentions:
        m.match = gazetteer.lookup(m.text, kind_hint=m.kind_hint)
        if m.match and m.match.ambiguous and around:
            m.match = gazetteer.lookup(m.text, kind_hint=m.kind_hint, near=around)
        if m.match is None and m.container is None and opening is not None and m is not opening and \
                m.cue not in REFERENCE_CUES:
            m.container = opening
    for m in reversed(mentions):
        area = m.container.locator if m.container else None
        if m.match and area is not None and area.cue in REFERENCE_CUES:
            if area.cue == "directional":
                _within_reach(m, area, gazetteer)  # "Bawa Shaswar, west of Kifri": not a Bawa 280 km away
        elif m.match and area is not None:
            # "in Kirkuk" may mean the governorate or district of that name rather than the city.
            holding = gazetteer.containing_namesake(area.match.place, m.match.place, slack_km=10)
            if holding is not None and holding is not area.match.place:
                area.match = GeoMatch(query=area.text, place=holding, score=area.match.score,
                                      method=area.match.method)
            if holding is None:
                _resolve_within(m, area, gazetteer, lambda place: contains(area.match.place, place, slack_km=10),
                                "inside")
    for m, following in zip(mentions, mentions[1:]):  # "the village of Mahmudiya near Hawija": not Baghdad's
        if m.match and following.match and m.container is None and following.start - m.end <= SURROUNDINGS_GAP \
                and re.search(r"\bnear\b", sentence[m.end:following.start], re.I):
            _within_reach(m, following, gazetteer)
            if m.match is None:
                m.container = following
    for m in mentions:
        if m.match and m.match.ambiguous:
            context = [o.match.place for o in mentions if o is not m and o.match and not o.match.ambiguous]
            if context:
                m.match = gazetteer.lookup(m.text, kind_hint=m.kind_hint, near=context)
    for m in mentions:  # "near Siniyah, west of Baiji": a look-alike name 200 km away is not the place meant
        named = [o.match.place for o in mentions if o is not m and o.match and o.match.method != "fuzzy"]
        if m.match and m.match.method == "fuzzy" and named and min(
                distance_km(p.latitude, p.longitude, m.match.place.latitude, m.match.place.longitude) - p.radius_km
                for p in named) > FUZZY_REACH_KM:
            m.note = f"'{m.text}' looks like {m.match.place.name}, which lies far from the places named with it."
            m.match = None
    for m, following in zip(mentions, mentions[1:] + [None]):  # a village OSM names in Arabic or Kurdish only
        area = None if m.match else _script_village_area(m, following)
        found = gazetteer.script_village_within(m.text, area) if area else None
        if found:
            m.match = found
            m.note = (f"'{m.text}' read as the village {found.place.name} ({found.place.alt_names[0]}), named in "
                      f"Arabic or Kurdish script only, near {area.name}.")


def in_the_reports_area(mentions: list[PlaceMention], named: Sequence[Place], gazetteer: Gazetteer) -> None:
    """A name matched in a governorate where none of the report's other places (`named`) lie is read again as a
    village named in Arabic or Kurdish script only, near those places: 'Mahmudiya' in a report about Hawija is the
    village near Hawija, not the Baghdad town of that name."""
    governorates = {p.admin1 for p in named}
    areas = sorted({p.place_id: p for p in named if p.kind != "governorate"}.values(), key=lambda p: -p.radius_km)
    for m in mentions:
        if not m.match or m.match.method != "exact" or m.match.place.admin1 in governorates or m.container or any(
                place_distance(m.match.place, area) <= FAR_FROM_THE_REPORT_KM for area in areas):
            continue
        found = next((v for area in areas if (v := gazetteer.script_village_within(m.text, area))), None)
        if found:
            m.match = found
            m.note = (f"'{m.text}' read as the village {found.place.name} ({found.place.alt_names[0]}), named in "
                      f"Arabic or Kurdish script only, in the area the report's other places give.")


def _script_village_area(mention: PlaceMention, following: PlaceMention | None) -> Place | None:
    """Where to look for a village known by its script name only: the area the text puts it in ("Luhaiban in
    Makhmour"), else the place named right after it as its surroundings ("Jassemiya, near Hawija", "Hliwa village,
    located ten kilometres west of Tuz Khurmatu")."""
    if mention.locator is not None:
        return mention.locator.match.place
    if following is not None and following.resolved and following.cue in ("near", "directional") and \
            following.start - mention.end <= SURROUNDINGS_GAP:
        return following.match.place
    return None


def _within_reach(mention: PlaceMention, reference: PlaceMention, gazetteer: Gazetteer) -> None:
    """A place given by its bearing from a town ("X, west of Kifri") lies within reach of that town (or of
    the distance the text gives, "some 100 km north of Baghdad"): a namesake far away is re-resolved near
    it, else the place is unknown and located at the town."""
    # "west of Kirkuk" may mean the city, the district or the governorate: any of them within reach will do.
    namesakes = [reference.match.place] + gazetteer.candidates(reference.text, fuzzy=False)[0]
    reach = max(FUZZY_REACH_KM, 1.5 * (reference.stated_km or 0))

    def reached(place) -> bool:
        return any(distance_km(place.latitude, place.longitude, known.latitude, known.longitude) - known.radius_km
                   - place.radius_km <= reach for known in namesakes)
    if not reached(mention.match.place):
        _resolve_within(mention, reference, gazetteer, reached, "near")


def _resolve_within(mention: PlaceMention, area: PlaceMention, gazetteer: Gazetteer, fits: Callable[[Place], bool],
                    relation: str) -> None:
    """A name whose first match does not `fit` the area the text relates it to: its namesake that does, looked up
    near the area, else no match (the mention is then located at the area), with a note saying so."""
    retry = gazetteer.lookup(mention.text, kind_hint=mention.kind_hint, near=[area.match.place])
    if retry and fits(retry.place):
        mention.match = retry
        return
    name = area.match.place.name
    mention.note = f"'{mention.text}' is not known {relation} {name}; located at {name}."
    mention.match = None


def keep_placed(mentions: list[PlaceMention], placed: dict[str, PlaceMention]) -> None:
    """A name the report has already put inside an area stays in that area when it is named again on its
    own ("Rashad in Miqdadiya district" ... "al-Rashad"): one report does not move a village to a namesake
    elsewhere. `placed` is the report's memory, keyed by name."""
    for m in mentions:
        key = name_key(m.text)
        if m.container is None and key in placed:
            earlier = placed[key]
            area = earlier.container.locator
            if m.match is None or area is None or not contains(area.match.place, m.match.place, slack_km=10):
                m.match, m.container, m.note = earlier.match, earlier.container, earlier.note
        elif m.container is not None and key:
            placed.setdefault(key, m)


def locating_mentions(mentions: list[PlaceMention], event_at: int = 0) -> list[PlaceMention]:
    """The mention(s) that locate an event: the first place that is not only a reference point, and
    the places listed with it ("in Kifri and Kulajo"). English names the specific place first and its
    containers after ("near Qara Salim in Prde sub-district in north of Kirkuk"). Places named after
    the event word (`event_at`, a character offset) come first: those before it tend to be the
    speaker's ("the head of Kirkuk police said gunmen attacked Daquq")."""
    containers = {id(m.container) for m in mentions if m.container is not None}
    # The ends of a stretch of country never locate an event, nor where people were going or coming from, nor a town
    # the text puts far from it ("some 170 km north of Baghdad").
    locatable = [m for m in mentions if m.cue not in NEVER_LOCATING_CUES and (m.stated_km or 0) <= STATED_FAR_KM]
    usable = [m for m in locatable if id(m) not in containers] or locatable
    places = [m for m in usable if m.cue not in REFERENCE_CUES]
    primary = [m for m in places if m.start >= event_at] or places or usable
    if not primary:
        return []
    first = primary[0]
    group = [first]
    for m in mentions[mentions.index(first) + 1:]:
        if not m.listed_with_previous or m.cue in REFERENCE_CUES:
            break
        group.append(m)
    return group


def resolve_phrase(text: str, gazetteer: Gazetteer) -> PlaceMention | None:
    """The place a phrase such as "near Qara Salim in Prde sub-district" points at, with its context
    applied; a bare name ("prde") is looked up directly."""
    located = locating_mentions(find_mentions(text, gazetteer))
    if located and located[0].locator is not None:
        return located[0]
    match = gazetteer.lookup(text)
    if match is None:
        return located[0] if located else None
    return PlaceMention(text=text, start=0, end=len(text), kind_hint=None, cue="in", listed_with_previous=False,
                        match=match)
