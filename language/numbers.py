"""Numbers written as digits or English words ("10", "ten", "twenty-three", "a dozen")."""
from __future__ import annotations

import re

_UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen".split())}
_TENS = {w: 10 * i for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if i > 1}
_SPECIAL = {"a": 1, "an": 1, "single": 1, "lone": 1, "dozen": 12, "a dozen": 12, "both": 2, "couple": 2,
            "a couple of": 2, "pair": 2, "hundred": 100, "a hundred": 100}
NUMBER_WORD = r"(?:\d{1,3}(?:,\d{3})+|\d{1,4}|" + "|".join(sorted(list(_UNITS) + list(_TENS), key=len, reverse=True)) + \
              r")(?:[-\s](?:" + "|".join(_UNITS) + r"))?"
# Words that say there were casualties without giving their number.
VAGUE = re.compile(r"\b(?:several|a (?:large |small |great |growing )?number of|some|many|dozens|scores|numerous|"
                   r"a few|multiple|an unknown number|hundreds of|tens of|a handful of)\b", re.I)


def parse_number(text: str) -> int | None:
    """The value of a number phrase, or None for anything that is not one."""
    t = text.strip().lower().replace(",", "")
    if t.isdigit():
        return int(t)
    if t in _SPECIAL:
        return _SPECIAL[t]
    parts = re.split(r"[-\s]+", t)
    if len(parts) == 1:
        return _UNITS.get(t, _TENS.get(t))
    if len(parts) == 2 and parts[0] in _TENS and parts[1] in _UNITS and 0 < _UNITS[parts[1]] < 10:
        return _TENS[parts[0]] + _UNITS[parts[1]]
    return None
