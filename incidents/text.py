"""Sentences of a report. Abbreviations common in this news ("Lt. Gen.", "U.S.", "a.m.") do not end one."""
from __future__ import annotations

import re

_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "gen", "lt", "lit", "col", "maj", "brig", "capt", "sgt", "cpl", "pvt", "st",
    "no", "vs", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "u.s", "u.k", "u.n", "a.m", "p.m", "e.g", "i.e", "approx", "gov", "sen", "rep", "prof", "sheikh",
}
_BOUNDARY = re.compile(r"(?<=[.!?])([\"”’)\]]*)\s+(?=[\"“‘(\[]?[A-Z0-9])")


def sentences(text: str) -> list[str]:
    """Split into sentences: at line breaks, and after . ! ? unless the word before is an abbreviation."""
    out: list[str] = []
    for line in text.splitlines():
        line = " ".join(line.split())
        if not line:
            continue
        start = 0
        for match in _BOUNDARY.finditer(line):
            end = match.start() + len(match.group(1))
            before = line[start:match.start()].rstrip(".!?").split()
            last = before[-1].lower().rstrip(".") if before else ""
            if last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha()):
                continue
            out.append(line[start:end].strip())
            start = match.end()
        out.append(line[start:].strip())
    return [s for s in out if s]
