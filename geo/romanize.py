"""English spellings of village names written only in Arabic or Kurdish (Sorani) script.

OpenStreetMap names most villages of the study area in Arabic or Kurdish script only, while reports write
them in English letters, each reporter his own way ("Luhaiban", "Lihaiban" for لهيبان). No transliteration
library gives more than one reading (PyPI's anyascii writes لهيبان "lhybn"), so a name becomes a pattern
of every spelling its letters take in English text: LETTERS below, the short vowels Arabic script leaves
unwritten allowed between letters, and the article al- ("al", "el", assimilated or left out). A pattern
is compared with a name's key (geo.normalize.name_key), so both sides are folded alike (q is k, kh is h, y is i...).
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from geo.normalize import fold_spelling

# The English spellings each letter takes, most usual first (the first makes the shown name).
LETTERS = {
    "ا": ("a", "e", "i", "o", "u"), "آ": ("a",), "أ": ("a", "e", "i", "o", "u", ""), "إ": ("i", "e"),
    "ء": ("",), "ؤ": ("u", "o", ""), "ئ": ("", "i", "y", "e"),
    "ب": ("b", "p"), "پ": ("p", "b"), "ت": ("t",), "ث": ("th", "s", "t"), "ج": ("j", "dj", "g"),
    "چ": ("ch", "j", "tch"), "ح": ("h",), "خ": ("kh", "x", "k"), "د": ("d",), "ذ": ("dh", "z", "d", "th"),
    "ر": ("r",), "ڕ": ("r",), "ز": ("z",), "ژ": ("zh", "j", "z"), "س": ("s",), "ش": ("sh", "ch", "sch", "s"),
    "ص": ("s",), "ض": ("d", "dh", "z"), "ط": ("t",), "ظ": ("z", "dh", "th"), "ع": ("a", "", "e"),
    "غ": ("gh", "g"), "ف": ("f", "p", "v"), "ڤ": ("v", "f", "w"), "ق": ("q", "k", "g", "gh", "c"),
    "ك": ("k", "c", "g"), "ک": ("k", "c", "g"), "گ": ("g", "k", "q"), "ل": ("l",), "ڵ": ("l",),
    "م": ("m",), "ن": ("n",), "ه": ("h", "a", "e"), "ھ": ("h",), "ة": ("a", "ah", "e", "eh", "at", "et"),
    "و": ("u", "w", "o", "v", "aw", "ou"), "ۆ": ("o", "u", "w"),
    "ي": ("i", "y", "ai", "ay", "ei", "ey", "e"), "ی": ("i", "y", "ai", "ay", "ei", "ey", "e"),
    "ى": ("a", "i", "e", "y"), "ێ": ("e", "ay", "ey", "ai", "ei", "i"), "ە": ("a", "e", "ah", "eh"),
}
# Only at the end of a word: h/e/a there ("Kirkuk" كركوك ends on k; "Zinana" زنانة, "Gundike" كوندكه).
FINAL = {"ه": ("a", "e", "ah", "eh", "h", "")}
# Words that describe a village rather than name it ("village", "neighbourhood", "complex"): left out.
DESCRIPTIVE = {"قرية", "قريه", "گوند", "گوندی", "حي", "مجمع", "ناحية", "کەمپی", "مخيم"}
# Words a report may leave out: Upper/Lower, Big/Small, Old/New, "Arab" ("Zanjali" for "Zanjali Arab").
OPTIONAL = {"خواروو", "سەروو", "گەورە", "بچووک", "کۆن", "تازە", "عرب", "الكبير", "الكبيرة", "الصغير",
            "الصغيرة", "العليا", "السفلى", "الجديدة", "القديمة", "كبير", "صغير", "عليا", "سفلى", "الاسفل",
            "الاعلى", "الجديد", "القديم", "جديد"}
# The source of a gazetteer row named this way: what tells the matcher to meet it only through its spellings.
ROMANIZED_SOURCE = "OSM ODbL; romanized"
_VOWEL = "[aeiou]?"  # a short vowel the script does not write
_ARTICLE = "(?:[ae]l?)?"  # al-, el-, the a- of an assimilated article ("ash-Sharqi"), or none
_NOT_LETTER = re.compile(r"[^\u0621-\u06FF\s]|[\u064B-\u065F\u0670\u0640]")  # marks, tatweel, digits, other scripts
_DOUBLE = re.compile(r"(.)\1+")


_SAME_LETTER = str.maketrans("کیھ", "كيه")  # Kurdish and Arabic forms of one letter, for comparing words


def _same_word(word: str) -> str:
    return word.translate(_SAME_LETTER)


_DESCRIPTIVE = {_same_word(w) for w in DESCRIPTIVE}
_OPTIONAL = {_same_word(w) for w in OPTIONAL}
_GLUED = re.compile("(?:" + "|".join(w for w in _OPTIONAL if w.startswith("ال")) + ")$")


def script_words(name: str) -> list[str]:
    """The Arabic-script words of a name, vowel marks, tatweel and joiners dropped, descriptions left out, and
    a qualifier typed without its space split off ("تل اسودالكبير")."""
    text = _NOT_LETTER.sub("", unicodedata.normalize("NFC", name).replace("\u200c", ""))
    words = []
    for word in text.split():
        glued = _GLUED.search(_same_word(word))  # the same letters, one for one: its offsets hold in `word`
        words += [word[:glued.start()], word[glued.start():]] if glued and glued.start() else [word]
    return [w for w in words if _same_word(w) not in _DESCRIPTIVE]


def _spellings(letter: str, final: bool) -> tuple[str, ...]:
    return FINAL.get(letter, ()) if final and letter in FINAL else LETTERS.get(letter, ("",))


def _word_pattern(word: str) -> str:
    """The folded spellings of one word: its letters' spellings, unwritten vowels between them."""
    article = word.startswith("ال") and len(word) > 3
    letters = _DOUBLE.sub(r"\1", word[2:] if article else word)  # a doubled letter is written once in English
    parts = []
    for i, letter in enumerate(letters):
        options = sorted({fold_spelling(s) for s in _spellings(letter, i == len(letters) - 1)}, key=len, reverse=True)
        parts.append("(?:" + "|".join(re.escape(o) for o in options) + ")")
    return (_ARTICLE if article else "") + _VOWEL.join(parts)


@lru_cache(maxsize=1 << 15)  # more than the 16,673 script names
def spelling_pattern(name: str) -> re.Pattern | None:
    """A pattern every English spelling of the script name matches, by key (None for a name with no letters)."""
    words = script_words(name)
    if not words:
        return None
    pieces = []
    for i, word in enumerate(words):
        if word.endswith("ی") and i < len(words) - 1 and len(word) > 2:  # Kurdish ezafe: "Palkana of Said"
            rest = _VOWEL.join(_word_pattern(w) for w in words[i + 1:])
            pieces.append(f"{_word_pattern(word[:-1])}(?:(?:i|e|ai|ei){_VOWEL}{rest})?")
            break
        pieces.append(f"(?:{_word_pattern(word)})?" if _same_word(word) in _OPTIONAL else _word_pattern(word))
    return re.compile(_VOWEL.join(pieces) + _VOWEL)


def spells(key: str, name: str) -> bool:
    """Whether a name key (geo.normalize.name_key) is an English spelling of the script name."""
    pattern = spelling_pattern(name)
    return bool(key) and pattern is not None and pattern.fullmatch(key) is not None


def _shown_letter(letters: str, i: int) -> str:
    """A letter's usual spelling; w and y read as consonants at a word's start or after a long vowel."""
    letter = letters[i]
    if letter in "ويی" and (i == 0 or letters[i - 1] in "اوۆيیێ"):
        return "w" if letter == "و" else "y"
    return _spellings(letter, i == len(letters) - 1)[0]


def romanized(name: str) -> str:
    """One readable English spelling of a script name (each letter's usual spelling), to show it by."""
    words = []
    for word in script_words(name):
        article = word.startswith("ال") and len(word) > 3
        letters = _DOUBLE.sub(r"\1", word[2:] if article else word)
        text = "".join(_shown_letter(letters, i) for i in range(len(letters)))
        words.append(("al-" if article else "") + re.sub(r"([aeiou])\1", r"\1", text).capitalize())
    return " ".join(w for w in words if w)
