"""Geocoding accuracy: `./run bench geocoding [--shared ../shared]`.

- Reference names (shared/geodata/test_place_names_coordinates.csv): the share resolved within 5 km
  of the reference coordinate; names the sources lack ("NOT FOUND") are listed with what we return.
- Development corpus place phrases (shared/corpus-dev/gold.csv, place_as_written): the share resolved
  at all, the share at the precision the phrase states ("village", "sub-district", "district",
  "province"), and the share outside Iraq (must be 0).
"""
from __future__ import annotations

import argparse
import csv
import json
import re
from pathlib import Path

from geo import get_gazetteer
from geo.gazetteer import distance_km
from geo.mentions import resolve_phrase

# The precision a descriptor next to a phrase's first name states: "the village of X", "X district".
_FIRST_NAME = re.compile(r"(?<![\w'’])(?!The\b)[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*")
_AFTER = {"sub-district": "sub_district", "subdistrict": "sub_district", "district": "district",
          "province": "governorate", "governorate": "governorate", "village": "exact_place", "town": "exact_place"}
_BEFORE = re.compile(r"\b(village|town|district) of (?:the )?$")


def stated_precision(phrase: str) -> str | None:
    """The precision stated next to the phrase's first name, if any ("X village in Y district": village)."""
    name = _FIRST_NAME.search(phrase)
    if not name:
        return None
    after = re.match(r"\s*(?:\([^)]*\)\s*)?([\w-]+)", phrase[name.end():])
    if after and after.group(1).lower() in _AFTER:
        return _AFTER[after.group(1).lower()]
    before = _BEFORE.search(phrase[:name.start()])
    return _AFTER[before.group(1)] if before else None


def reference_names(path: Path) -> dict:
    gazetteer = get_gazetteer()
    scored, within, rows = 0, 0, []
    for row in csv.DictReader(open(path, encoding="utf-8")):
        name = row["test_name"].replace(" mtn", " mountain").split("/")[0]
        mention = resolve_phrase(name, gazetteer)
        place = mention.locator.match.place if mention and mention.locator else None
        entry = {"name": row["test_name"], "resolved": place.name if place else None}
        if row["latitude"]:
            scored += 1
            km = distance_km(float(row["latitude"]), float(row["longitude"]), place.latitude,
                             place.longitude) if place else None
            entry["km"] = round(km, 1) if km is not None else None
            within += km is not None and km <= 5
        rows.append(entry)
    return {"reference_names": scored, "within_5km": within, "share_within_5km": round(within / scored, 3),
            "details": rows}


def corpus_phrases(path: Path) -> dict:
    gazetteer = get_gazetteer()
    total = resolved = outside = precision_total = precision_right = 0
    unresolved, wrong_precision = [], []
    for row in csv.DictReader(open(path, encoding="utf-8")):
        phrase = row["place_as_written"]
        if not phrase:
            continue
        total += 1
        mention = resolve_phrase(phrase, gazetteer)
        if not mention or not mention.locator:
            unresolved.append(phrase)
            continue
        resolved += 1
        place = mention.locator.match.place
        outside += place.admin1 is None
        expected = stated_precision(phrase)
        if expected:
            precision_total += 1
            if mention.precision.value == expected:
                precision_right += 1
            else:
                wrong_precision.append(f"{phrase} -> {place.name} ({mention.precision.value})")
    return {"phrases": total, "resolved": resolved, "share_resolved": round(resolved / total, 3),
            "outside_iraq": outside, "with_stated_precision": precision_total,
            "share_right_precision": round(precision_right / precision_total, 3) if precision_total else None,
            "unresolved": unresolved, "wrong_precision": wrong_precision}


def fuzzy_threshold(thresholds=(80, 84, 86, 88, 90, 92, 95)) -> dict:
    """Leave-one-out test of the fuzzy threshold on the gazetteer's own spellings.

    Each key (a name or alternate name, folded) is looked up fuzzily as if it were missing from the
    index. Its best other key either belongs to the same place (a spelling variant: accepting it is
    right) or to a place more than 10 km away (accepting it puts the dot in the wrong place). For each
    threshold: the share of keys rightly and wrongly accepted. Keys shorter than the fuzzy minimum are
    never fuzzy-matched and are left out.
    """
    from rapidfuzz import fuzz, process

    from geo.gazetteer import FUZZY_MIN_LENGTH, place_distance
    from geo.normalize import name_key

    gazetteer = get_gazetteer()
    owners: dict[str, list] = {}
    for place in gazetteer.places.values():
        for key in {name_key(n) for n in (place.name, *place.alt_names)}:
            if len(key) >= FUZZY_MIN_LENGTH:
                owners.setdefault(key, []).append(place)
    keys = list(owners)
    outcomes = []  # (score, right)
    for key, places in owners.items():
        best = next(((other, score) for other, score, _ in process.extract(key, keys, scorer=fuzz.ratio, limit=2)
                     if other != key), None)
        if best:
            other, score = best
            right = any(place_distance(p, q) <= 10 for p in places for q in owners[other])
            outcomes.append((score, right))
    return {"keys": len(outcomes), "by_threshold": {
        t: {"right": round(sum(s >= t and r for s, r in outcomes) / len(outcomes), 3),
            "wrong": round(sum(s >= t and not r for s, r in outcomes) / len(outcomes), 3)} for t in thresholds}}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench geocoding", description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared")
    args = parser.parse_args(argv)
    print(json.dumps({
        "reference": reference_names(args.shared / "geodata" / "test_place_names_coordinates.csv"),
        "corpus": corpus_phrases(args.shared / "corpus-dev" / "gold.csv"),
        "fuzzy_threshold": fuzzy_threshold(),
    }, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
