"""Sentences of a report, with page furniture set apart.

- Abbreviations common in this news ("Lt. Gen.", "U.S.", "a.m.") do not end a sentence.
- A dateline ("ERBIL, Kurdistan Region –", "KIRKUK:", "SULAIMANI (ESTA) —") names where the reporter
  files from, not where the attack was: it is cut from the sentence.
- A line without any sentence-ending punctuation and under 25 words is a headline, caption or page clutter: it
  repeats the story in other words and is marked so, not read as a report of its own; unless it stops on a word no
  sentence ends with ("... in Kirkuk - an area infamous for"): then it was cut off, and is prose.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "gen", "lt", "lit", "col", "maj", "brig", "capt", "sgt", "cpl", "pvt", "st",
    "no", "vs", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "u.s", "u.k", "u.n", "a.m", "p.m", "e.g", "i.e", "approx", "gov", "sen", "rep", "prof", "sheikh",
}
_BOUNDARY = re.compile(r"(?<=[.!?])([\"”’)\]]*)\s+(?=[\"“‘(\[]?[A-Z0-9])")
# The wire services whose datelines ("BAGHDAD, Dec. 7 (Xinhua) --") open a dispatch.
WIRE_AGENCIES = r"(?:AFP|AP|Reuters|Xinhua|Anadolu|AA|KUNA|dpa|UPI|IANS|IRNA)"
_DATELINE = re.compile(r"^(?:[A-Z][A-Z'’.\-]+(?:\s+[A-Z][A-Z'’.\-]+)*)(?:,\s*[A-Z][\w.\- ]{0,30}?)?"
                       r"\s*(?:\([^)]{0,40}\))?\s*(?:[—–:]|\s-)\s*|^[A-Z][a-z]+(?:\s[A-Z][a-z]+)?:\s+(?=[A-Z])|"
                       # "Baghdad (AFP) – ...": a wire's dateline in title case
                       rf"^[A-Z][a-z]+(?:\s[A-Z][a-z]+)?,?\s*\({WIRE_AGENCIES}\)\s*(?:[—–:-]+)\s*")
# Markup, code or data left in a page (JSON, a script): prose is mostly letters and spaces.
_MARKUP = re.compile(r"[{}\[\]<>\"=|\\/_:;#]")
_MARKUP_SHARE = 0.08


# A photo caption names its credit: it retells the story beside a picture, it does not report it.
_PHOTO_CREDIT = re.compile(r"\((?:photo|image|picture)\b[^)]{0,80}\)|\b(?:photo|image|picture)(?:\s+credit)?\s*:|"
                           r"\b(?:photo|image|picture)\s+(?:by|courtesy|exclusively|taken)\b|"
                           r"\bfile photo\b|\bGetty(?: Images)?\b|\bvia (?:AFP|Reuters|AP)\b|"
                           r"\[(?:AFP|Getty|Reuters|AP)\]|\((?:AFP|Reuters|AP)\)\s*$", re.I)


def is_caption(line: str) -> bool:
    """A photo caption, told by its credit ("Photo: ...", "Picture taken ...", a closing "(Reuters)"): its date is
    the picture's, often a file photo's."""
    return bool(_PHOTO_CREDIT.search(line))


def is_clutter(text: str) -> bool:
    """A line of code or data (a page's JSON, a script), or a photo caption with its credit, not prose."""
    return len(_MARKUP.findall(text)) > _MARKUP_SHARE * len(text) or is_caption(text)


_LIST_MARK = re.compile(r"^\d{1,2}[.)]\s+")  # "4. " opens an item of a numbered list, not a sentence end
_CLOSED = re.compile(r"[.!?\"”’:;)]\s*$|[.!?][\"”’)]*\s")  # ends like a sentence, or holds a sentence end
# A line that stops on a word no sentence or headline ends with was cut off mid-sentence (a page's excerpt ends so):
# prose, not a headline.
_CUT_OFF = re.compile(r"\b(?:the|a|an|of|for|to|in|on|at|by|with|from|and|or|but|as|that|which|who|whose|its|their|"
                      r"his|her|was|were|is|are|has|have|had)\s*$", re.I)


# Bidirectional-text controls and zero-width characters: invisible, and they break words apart.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u061c]")
MAX_SENTENCE_CHARS = 600  # longer than news sentences run; a longer one is cut at its clause breaks
DATELINE_CHARS = 120


@dataclass(frozen=True)
class Sentence:
    text: str
    headline: bool = False


def strip_dateline(line: str) -> str:
    """'ERBIL, Kurdistan Region – Ten civilians...' -> 'Ten civilians...'."""
    match = _DATELINE.match(line[:DATELINE_CHARS])
    return line[match.end():] if match and len(line) > match.end() + 20 else line


def _split(line: str) -> list[str]:
    out, start = [], 0
    for match in _BOUNDARY.finditer(line):
        end = match.start() + len(match.group(1))
        before = line[max(start, match.start() - 40):match.start()].rstrip(".!?").split()
        last = before[-1].lower().rstrip(".") if before else ""
        if last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha()):
            continue
        out.append(line[start:end].strip())
        start = match.end()
    out.append(line[start:].strip())
    return [s for s in out if s]


def _bounded(sentence: str) -> list[str]:
    """A run-on sentence cut into pieces of at most MAX_SENTENCE_CHARS, at clause breaks where it has them:
    no sentence costs more than a bounded amount to read, so a report costs time in proportion to its length."""
    pieces = []
    while len(sentence) > MAX_SENTENCE_CHARS:
        window = sentence[:MAX_SENTENCE_CHARS]
        cut = max(window.rfind("; "), window.rfind(", "), window.rfind(" and "))
        cut = cut if cut > MAX_SENTENCE_CHARS // 2 else window.rfind(" ")
        cut = cut if cut > 0 else MAX_SENTENCE_CHARS
        pieces.append(sentence[:cut].strip(" ,;"))
        sentence = sentence[cut:].strip(" ,;")
    return pieces + [sentence]


def split_sentences(text: str) -> list[Sentence]:
    out: list[Sentence] = []
    for line in _INVISIBLE.sub("", text).splitlines():
        line = " ".join(line.split())
        if not line:
            continue
        unlisted = _LIST_MARK.sub("", line)  # "4. Two Peshmerga killed in Makhmour IED blast": a listed headline
        if (not _CLOSED.search(unlisted) and not _CUT_OFF.search(line) and len(line.split()) < 25) or is_clutter(line):
            out.append(Sentence(line, headline=True))
            continue
        out.extend(Sentence(piece) for s in _split(strip_dateline(line)) for piece in _bounded(s))
    return out


def sentences(text: str) -> list[str]:
    """The sentences of a text, headlines included, datelines cut."""
    return [s.text for s in split_sentences(text)]
