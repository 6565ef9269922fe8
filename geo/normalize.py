"""Transliteration-tolerant name keys.

Place names reach us in Kurdish, Arabic and English spellings (Makhmour/Makhmur/Mexmur,
Qarachogh/Qarachokh, Al-Hawija/Hawiga). A key folds the variation that carries no meaning
so that spellings of one name meet in one dictionary slot; fuzzy matching handles the rest.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Arabic article forms, with sun-letter assimilation ("as-Sulaymaniyah", "ad-Dibis").
_ARTICLE = re.compile(r"^(?:the|al|el|ad|adh|an|ar|as|ash|at|az|ath)(?:\s+|$)")
# Descriptors are type hints, not part of the name ("Kirkuk province", "Mount Qarachogh").
DESCRIPTORS = {
    "village", "villages", "town", "city", "district", "districts", "subdistrict", "sub",
    "province", "governorate", "nahiya", "nahiyat", "nahia", "qada", "qadaa", "markaz",
    "mount", "mountain", "mountains", "mt", "jabal", "jebel", "area", "region", "administration",
    "centre", "center", "camp", "plain", "plains", "neighborhood", "neighbourhood", "qaryat",
}
# Ordered folds: digraphs before single letters.
_FOLDS = (
    ("kh", "h"), ("x", "h"), ("q", "k"), ("gh", "g"), ("ou", "u"), ("oo", "u"),
    ("ee", "i"), ("ph", "f"), ("dh", "d"), ("ck", "k"), ("y", "i"),
)
_DOUBLE = re.compile(r"(.)\1+")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_NOT_DECOMPOSED = str.maketrans("ıłŁəƏ", "ilLeE")  # letters without an accent to strip


def plain_name(text: str) -> str:
    """A name as English text writes it, the way analysts read it: accents and ayn or hamza marks dropped
    ("Ţūz Khūrmātū" is "Tuz Khurmatu", "Tall ‘Afar" is "Tall Afar", "Sāmarrā’" is "Samarra")."""
    return re.sub(r"[ʿʾʼ‘’`]", "", strip_accents(text)).translate(_NOT_DECOMPOSED).strip(" '")


def words(text: str) -> list[str]:
    """Lower-case ASCII words of a name, apostrophes and ayn marks dropped."""
    text = strip_accents(text).lower()
    text = re.sub(r"[’'`ʿʾ‘]", "", text)
    return [w for w in _NON_ALNUM.split(text) if w]


@lru_cache(maxsize=1 << 16)
def name_key(text: str) -> str:
    """The matching key of a place name: '' when nothing but descriptors remain. Cached: extraction keys the
    same names (and every gazetteer entry's spellings) again and again."""
    tokens = [w for w in words(text) if w not in DESCRIPTORS]
    joined = _ARTICLE.sub("", " ".join(tokens))
    return fold_spelling(joined.replace(" ", ""))


def fold_spelling(text: str) -> str:
    """Lower-case letters with the variation that carries no meaning folded (kh is h, q is k, doubles single)."""
    for old, new in _FOLDS:
        text = text.replace(old, new)
    return _DOUBLE.sub(r"\1", text)


def is_latin(text: str) -> bool:
    """True for names written in Latin script (the only ones an English report contains)."""
    return all(ord(ch) < 0x250 for ch in strip_accents(text))
