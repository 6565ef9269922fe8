"""How a sentence relates an event to a place it names: in it, near it, at a bearing and distance from it, along a
road or river through it, at an end of a stretch of country, where people were going or coming from, or where a
person comes from.

Only "in" and "near" places locate an event on their own; the others are references (REFERENCE_CUES), used only when
the sentence names nothing else, and never a stretch's ends, a movement's places or a town the text puts far away.
"""
from __future__ import annotations

import re

# Where people were going or coming from: "fled toward the Hamrin area", "travelling to Baghdad", "launched from
# Hawija". A reference that never locates the event on its own.
_MOVEMENT = re.compile(r"\b(?:(?:fled|headed|moved|retreated|withdrew|escaped|ran)\s+(?:back\s+)?towards?|"
                       r"fled (?:to|into)|(?:travel+(?:ing|ed)?|heading|on (?:their|his|her|its) way|driving|"
                       r"returning|bound|en route)\s+(?:back\s+)?(?:to|for)|"
                       r"(?:launched|came|coming|infiltrated|crossed|retreated|withdrew|escaped|fled|returning|"
                       r"travel+(?:ing|ed)?|driving)\s+(?:back\s+)?from)\s+(?:the\s+)?(?:\w+\s+(?:of\s+)?)?$", re.I)
# Where a person comes from: "a father of two from Halabja", "a native of Kifri", "hailing from Sinjar". A reference
# that never locates the attack: people are killed away from home.
_ORIGIN = re.compile(r"\b(?:natives?\s+of|hail(?:s|ed|ing)\s+from|originally\s+from|(?:who|he|she)\s+(?:is|was)\s+from|"
                     r"(?:father|mother|son|daughter|brother|sister|man|woman|boy|girl|youth|family|shepherd|farmer|"
                     r"teacher|student|activist|journalist|driver|worker)s?(?:\s+of\s+\w+)?\s+from)\s+(?:the\s+)?"
                     r"(?:(?:city|town|village|district|province|governorate)\s+of\s+)?$", re.I)
_DIRECTIONAL = re.compile(r"\b(?:(?:north|south|east|west)(?:[- ]?(?:east|west))?(?:ern)?\s+of|towards?|"
                          r"(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?(?:\s+parts?\s+of)?|"
                          r"(?:km|kilomet(?:er|re)s?|miles?)\s*(?:\([^)]*\)\s*)?(?:\w+\s+)?(?:of|from))\s+(?:the\s+)?"
                          r"(?:\w+,?\s+(?:of\s+)?)?$", re.I)  # "northeast of the capital, Baghdad"
_NEAR = re.compile(r"\b(?:near|outside(?:\s+of)?|close to|on the outskirts of|outskirts of|around|"
                   r"in the vicinity of|between)\s+(?:the\s+)?(?:\w+\s+){0,2}$", re.I)
# An unnamed settlement inside a named area: "a village in Kirkuk" (a checkpoint in Jalawla is still Jalawla).
_UNNAMED = re.compile(r"\b(?:a|an|one|two|three|several)\s+(?:[\w-]+\s+){0,2}?(?:villages?|towns?|areas?|districts?|"
                      r"farms?|hamlets?)\s+"
                      r"(?:in|near|of|outside|on the outskirts of)\s+(?:the\s+)?$", re.I)
# "the Kirkuk-Baghdad highway", "the Great Zab river": a town that names a road, or a river, is a line through the
# region, not the event's place; it locates the event only when the sentence names nothing else (as "north of").
_LINE_AFTER = re.compile(r"^(?:[-–][A-Z][\w'’]*)*\s+(?:[Rr]iver|[Hh]ighway|[Rr]oad|[Mm]otorway|[Ee]xpressway)\b")
_LINE_BEFORE = re.compile(r"[A-Z][\w'’]*[-–]$")
# "the front line stretching from Khanaqin to Makhmour": the two ends of a stretch of country, not a place.
_STRETCH_FROM = re.compile(r"\b(?:stretch\w*|extend\w*|runs?|running|spann?\w*|reach\w*)\s+(?:all the way\s+)?"
                           r"from\s+(?:the\s+)?$", re.I)
# "the road between Kirkuk and Baghdad", "the highway linking Kirkuk to Erbil": the towns a road joins.
_ROAD_BETWEEN = re.compile(r"\b(?:road|highway|motorway|route)\s+(?:between|from|linking|connecting)\s+(?:the\s+)?"
                           r"(?:(?:city|town)\s+of\s+)?$", re.I)
# Places the text names to say where the event was from them, not where it was.
REFERENCE_CUES = ("directional", "along", "stretch", "movement", "origin")
# Of those, the ones that never locate an event, even when the sentence names no other place.
NEVER_LOCATING_CUES = ("stretch", "movement", "origin")
STATED_FAR_KM = 25  # a town the text puts further than this from the event does not locate it


def cue_for(sentence: str, start: int, end: int, previous_cue: str | None, previous_end: int) -> str:
    """The cue of the name at [start, end): stretch, along, movement, origin, directional, unnamed, near or in. The
    mention before it (its cue and end) carries a road or a stretch on to its second town ("from Khanaqin to
    Makhmour")."""
    joined = previous_cue is not None and re.fullmatch(r"\s+(?:and|to)\s+(?:the\s+)?", sentence[previous_end:start])
    if _STRETCH_FROM.search(sentence[max(0, start - 40):start]) or (
            previous_cue == "stretch" and joined and sentence[previous_end:start].strip().startswith("to")):
        return "stretch"
    if _names_a_line(sentence, start, end) or (previous_cue == "along" and joined):
        return "along"
    return _cue(sentence[:start])


def _cue(before: str) -> str:
    """How the text relates the event to the place: in it, near it, in a direction from it, or at an
    unnamed place inside it ("a village in Kirkuk": somewhere in Kirkuk's district)."""
    if _MOVEMENT.search(before[-60:]):
        return "movement"
    if _ORIGIN.search(before[-60:]):
        return "origin"
    if _DIRECTIONAL.search(before[-60:]):
        return "directional"
    if _UNNAMED.search(before[-60:]):
        return "unnamed"
    if _NEAR.search(before[-50:]):
        return "near"
    return "in"


def _names_a_line(sentence: str, start: int, end: int) -> bool:
    """Whether the name at [start, end) names a road or a river: "the Great Zab river", "the Kirkuk-Baghdad
    highway" (either town of it), "the road between Kirkuk and Baghdad" (either town of it)."""
    if _LINE_AFTER.match(sentence[end:]) or _ROAD_BETWEEN.search(sentence[max(0, start - 40):start]):
        return True
    return bool(_LINE_BEFORE.search(sentence[:start]) and _LINE_AFTER.match(re.sub(r"^[\w'’]*", "", sentence[end:])))


_DISTANCE = re.compile(r"\b(\d+(?:\.\d+)?)\s*(km|kilomet(?:er|re)s?|mi(?:les?)?)\s*(?:\([^)]*\)\s*)?(?:\w+\s+){0,3}?"
                       r"(?:of|from)\s+(?:the\s+)?(?:\w+,?\s+(?:of\s+)?)?$", re.I)


def stated_km(before: str) -> float | None:
    """The distance the text puts before a place name: "30 km south of", "20 miles north-west of"."""
    found = _DISTANCE.search(before)
    if found is None:
        return None
    return float(found.group(1)) * (1.609 if found.group(2).lower().startswith("mi") else 1.0)
