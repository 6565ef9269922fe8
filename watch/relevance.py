"""Is an article worth extracting? A cheap test made before extraction: a sentence with an attack word
(extraction.actors.ATTACK_CUE) that names a place the gazetteer puts in or near the disputed territories
(the territories themselves, or the Kurdistan Region beside them), or one of the feed's own include words.
An exclude word skips the article whatever else it says. The reason is kept with the article, so an
analyst can see why it was skipped and pull it in by hand."""
from __future__ import annotations

import re
from dataclasses import dataclass

from geo import get_gazetteer
from geo.gazetteer import in_focus
from geo.mentions import find_mentions
from extraction.actors import ATTACK_CUE
from language.sentences import sentences

MAX_SENTENCES = 400  # enough for any news article; a page of thousands is judged on its start


@dataclass(frozen=True)
class Verdict:
    relevant: bool
    reason: str


def _word_pattern(words: tuple[str, ...]) -> re.Pattern | None:
    if not words:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)


def excluded(text: str, exclude: tuple[str, ...]) -> str | None:
    """The exclude word found in `text`, if any."""
    pattern = _word_pattern(exclude)
    found = pattern.search(text) if pattern else None
    return found.group() if found else None


def judge(text: str, include: tuple[str, ...] = (), exclude: tuple[str, ...] = ()) -> Verdict:
    """Whether to ingest an article whose title and main text are `text`, and why."""
    word = excluded(text, exclude)
    if word:
        return Verdict(False, f"excluded by the feed's word '{word}'")
    pattern = _word_pattern(include)
    found = pattern.search(text) if pattern else None
    if found:
        return Verdict(True, f"names the feed's word '{found.group()}'")
    gazetteer = get_gazetteer()
    attack_words = set()
    for sentence in sentences(text)[:MAX_SENTENCES]:
        cue = ATTACK_CUE.search(sentence)
        if not cue:
            continue
        attack_words.add(cue.group().lower())
        for mention in find_mentions(sentence, gazetteer):
            place = mention.match.place if mention.match else None
            if place is not None and in_focus(place):
                return Verdict(True, f"'{cue.group()}' near {place.name} ({place.sector or place.admin1})")
    if attack_words:
        return Verdict(False, "attack words (" + ", ".join(sorted(attack_words)[:3]) + ") but no place in or near "
                              "the disputed territories")
    return Verdict(False, "no attack word")
