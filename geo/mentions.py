"""Place names in a sentence, with what the text says about each.

A mention is a run of words whose key is in the gazetteer (longest first), or an unknown proper
name after a strong cue ("the village of X", "X village"). For each it records the type the text
gives ("X sub-district", "the town of X"), the cue before it ("near", "north of") and whether it is
listed with the mention before it ("in Kifri and Kulajo"). Names that stand for actors rather than
places ("Kurdish", "Iraqi", "ISIS") are never taken.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from geo.gazetteer import Gazetteer
from geo.normalize import name_key
from geo.places import GeoMatch

_TOKEN = re.compile(r"[A-Za-z\u00C0-\u024F][A-Za-z\u00C0-\u024F'’\-]*")
NOT_PLACES = {
    "isis", "isil", "is", "daesh", "islamic", "state", "peshmerga", "kurdish", "kurd", "kurds", "iraqi", "iraq",
    "arab", "arabic", "turkmen", "yazidi", "yazidis", "shia", "sunni", "christian", "the", "a", "an", "on", "in",
    "at", "near", "after", "before", "during", "this", "that", "it", "he", "she", "they", "we", "ministry",
    "minister", "general", "secretary", "commander", "prime", "president", "army", "police", "forces", "force",
    "security", "media", "network", "agency", "news", "said", "says", "according", "also", "but", "and",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march",
    "april", "may", "june", "july", "august", "september", "october", "november", "december", "hashd", "pmf",
    "asayish", "rudaw", "reuters", "kurdistan24", "esta", "ina", "afp", "ap", "xinhua", "hamlet", "last", "late",
    "early", "three", "two", "four", "five", "eight", "ten", "one", "six", "seven", "nine", "eleven",
}
KIND_AFTER = {
    "village": "village", "villages": "village", "town": "town", "city": "city", "sub-district": "sub_district",
    "subdistrict": "sub_district", "nahiya": "sub_district", "district": "district", "province": "governorate",
    "governorate": "governorate", "mountain": "mountain", "mountains": "mountain", "administration": "region",
    "region": "region", "area": None, "camp": None, "plain": None, "plains": None,
}
_KIND_BEFORE = re.compile(r"\b(?:the\s+)?(?P<kind>village|town|city|district|sub-district|province|governorate)"
                          r"\s+of\s+(?:the\s+)?$|\b(?P<mount>mount|mt\.?|jabal)\s+$", re.I)
_DIRECTIONAL = re.compile(r"\b(?:(?:north|south|east|west)(?:[- ]?(?:east|west))?(?:ern)?\s+of|"
                          r"(?:km|kilomet(?:er|re)s?|miles?)\s*(?:\([^)]*\)\s*)?(?:\w+\s+)?(?:of|from))\s+(?:the\s+)?"
                          r"(?:\w+\s+)?$", re.I)
_NEAR = re.compile(r"\b(?:near|outside(?:\s+of)?|close to|on the outskirts of|outskirts of|around|"
                   r"in the vicinity of|between)\s+(?:the\s+)?(?:\w+\s+){0,2}$", re.I)
_UNKNOWN_CUE = re.compile(r"\b(?:the\s+)?(?:village|town|hamlet|area|sub-district|district)\s+of\s+$", re.I)
_LIST_JOIN = re.compile(r"^\s*(?:,|and|,\s*and|or)\s*$", re.I)


@dataclass
class PlaceMention:
    text: str
    start: int
    end: int
    kind_hint: str | None
    cue: str  # in | near | directional
    listed_with_previous: bool
    match: GeoMatch | None = None

    @property
    def resolved(self) -> bool:
        return self.match is not None


def _words(sentence: str) -> list[re.Match]:
    return list(_TOKEN.finditer(sentence))


def _cue(before: str) -> str:
    if _DIRECTIONAL.search(before[-60:]):
        return "directional"
    if _NEAR.search(before[-50:]):
        return "near"
    return "in"


def _kind_hint(sentence: str, start: int, end: int) -> str | None:
    """The type the text gives: a descriptor ending the name, following it, or 'the X of' before it."""
    last_word = sentence[start:end].split()[-1].lower()
    after = re.match(r"[\s\-]*([A-Za-z-]+)", sentence[end:])
    for word in (last_word, after.group(1).lower() if after else ""):
        if KIND_AFTER.get(word):
            return KIND_AFTER[word]
    before = _KIND_BEFORE.search(sentence[max(0, start - 30):start])
    if before:
        if before.group("mount"):
            return "mountain"
        kind = before.group("kind").lower()
        return KIND_AFTER.get(kind, kind)
    return None


def find_mentions(sentence: str, gazetteer: Gazetteer) -> list[PlaceMention]:
    words = _words(sentence)
    mentions: list[PlaceMention] = []
    i = 0
    while i < len(words):
        first = words[i].group()
        if not first[0].isupper() or first.lower() in NOT_PLACES:
            i += 1
            continue
        found = None
        for n in range(min(gazetteer.max_name_words, len(words) - i), 0, -1):
            span = words[i:i + n]
            # A name does not run across punctuation.
            if any(re.search(r"[^\s\-]", sentence[a.end():b.start()]) for a, b in zip(span, span[1:])):
                continue
            if span[-1].group().lower() in NOT_PLACES:
                continue
            text = sentence[span[0].start():span[-1].end()]
            if gazetteer.has_key(name_key(text)):
                found = (text, span[0].start(), span[-1].end(), n)
                break
        if found is None:
            before = sentence[:words[i].start()]
            if _UNKNOWN_CUE.search(before[-30:]):  # an unknown proper name after "the village of"
                j = i
                while j + 1 < len(words) and words[j + 1].group()[0].isupper() and \
                        not re.search(r"[^\s\-]", sentence[words[j].end():words[j + 1].start()]):
                    j += 1
                found = (sentence[words[i].start():words[j].end()], words[i].start(), words[j].end(), j - i + 1)
            else:
                i += 1
                continue
        text, start, end, n = found
        between = sentence[mentions[-1].end:start] if mentions else ""
        mentions.append(PlaceMention(
            text=text, start=start, end=end, kind_hint=_kind_hint(sentence, start, end),
            cue=_cue(sentence[:start]),
            listed_with_previous=bool(mentions) and bool(_LIST_JOIN.match(
                re.sub(r"\b(?:village|town|district|sub-district)\b", "", between))),
        ))
        i += n
    _resolve(mentions, gazetteer)
    return mentions


def _resolve(mentions: list[PlaceMention], gazetteer: Gazetteer) -> None:
    """Resolve every mention; an ambiguous one a second time, near the others in the sentence."""
    for m in mentions:
        m.match = gazetteer.lookup(m.text, kind_hint=m.kind_hint)
    for m in mentions:
        if m.match and m.match.ambiguous:
            context = [o.match.place for o in mentions if o is not m and o.match and not o.match.ambiguous]
            if context:
                m.match = gazetteer.lookup(m.text, kind_hint=m.kind_hint, near=context)
