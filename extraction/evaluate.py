"""Score the extractor on a hand-coded corpus (the format of ../shared/corpus-dev).

A corpus is a folder with `articles/NNN.txt` (URL:/PUBLISHED: header, blank line, text) and
`gold.csv` (one row per attack, `no_event` rows for reports without one). Predicted and gold
incidents of one article are paired so that most pairs agree, best first, nearest places breaking ties (reports
refused for lacking a publication date count as misses; `f1_dated_reports` leaves their gold incidents out); a pair
counts when the places agree (within 25 km or
sharing a name) or, failing a place, the dates agree and the killed counts are equal. A pair's governorate is right
when the incident's admin1 is the gold's governorate, whatever spelling gold gives it.

Gold rows carry place names, not coordinates: the scorer geocodes `place_normalized` with the same
gazetteer, so "location within 5 km" measures whether the extractor chose the right place, not
whether the gazetteer's point for that name is right (that is measured by the geocoding benchmark).
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Callable

from geo import get_gazetteer
from geo.gazetteer import distance_km
from geo.mentions import resolve_phrase
from geo.normalize import name_key
from extraction.extract import extract
from incidents.model import Incident
from reports.reading import ReportError, read_reports

PLACE_MATCH_KM = 25.0
LOCATION_OK_KM = 5.0
DATE_SLACK = timedelta(days=2)
UNPLACED_KM = 1000.0  # how far apart a pair counts when either has no point


@dataclass
class GoldIncident:
    article_id: str
    event_date: date
    killed: int | None
    wounded: int | None
    place_as_written: str
    place_normalized: str
    latitude: float | None = None
    longitude: float | None = None
    attack: str = ""  # the same for each report's row of one attack (clusters.csv), else the row's own
    governorate: str | None = None  # the gold governorate as the boundaries name it (None where gold gives none)


@dataclass
class Pair:
    gold: GoldIncident
    predicted: Incident

    @property
    def killed_exact(self) -> bool:
        return self.gold.killed == self.predicted.killed_total

    @property
    def wounded_exact(self) -> bool:
        return self.gold.wounded == self.predicted.wounded_total

    @property
    def date_right(self) -> bool:
        return self.predicted.date_start <= self.gold.event_date <= self.predicted.date_end

    @property
    def governorate_right(self) -> bool:
        return self.predicted.admin1 == self.gold.governorate

    @property
    def location_km(self) -> float | None:
        if self.gold.latitude is None or self.predicted.latitude is None:
            return None
        return distance_km(self.gold.latitude, self.gold.longitude, self.predicted.latitude,
                           self.predicted.longitude)


@dataclass
class Score:
    gold: int = 0
    predicted: int = 0
    pairs: list[Pair] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    gold_in_refused: int = 0
    misses: list[GoldIncident] = field(default_factory=list)
    spurious: list[Incident] = field(default_factory=list)

    def _share(self, test) -> float:
        return sum(1 for p in self.pairs if test(p)) / len(self.pairs) if self.pairs else 0.0

    def figures(self) -> dict[str, float]:
        precision = len(self.pairs) / self.predicted if self.predicted else 0.0
        recall = len(self.pairs) / self.gold if self.gold else 0.0
        readable = self.gold - self.gold_in_refused
        recall_readable = len(self.pairs) / readable if readable else 0.0
        located = [p for p in self.pairs if p.location_km is not None]
        governed = [p for p in self.pairs if p.gold.governorate is not None]
        return {
            "gold_incidents": self.gold, "predicted_incidents": self.predicted, "matched": len(self.pairs),
            "precision": precision, "recall": recall,
            "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
            "gold_in_refused_reports": self.gold_in_refused,
            "f1_dated_reports": (2 * precision * recall_readable / (precision + recall_readable)
                                 if precision + recall_readable else 0.0),
            "killed_exact": self._share(lambda p: p.killed_exact),
            "wounded_exact": self._share(lambda p: p.wounded_exact),
            "date_right": self._share(lambda p: p.date_right),
            "governorate_right": (sum(p.governorate_right for p in governed) / len(governed) if governed else 0.0),
            "governorate_scored": len(governed),
            "location_within_5km": (sum(1 for p in located if p.location_km <= LOCATION_OK_KM) / len(located)
                                    if located else 0.0),
            "location_scored": len(located),
        }


def _int(value: str) -> int | None:
    return int(value) if value.strip() else None


_GOLD_CLUTTER = re.compile(r"province \(unspecified\)|\b(?:outskirts|city centre|unspecified|road|area)\b")


def _geocode_gold(place_normalized: str) -> tuple[float, float] | None:
    """The gold place's point: the phrase read with its context (in the gold's notation "al-Rashad,
    Muqdadiya" is Rashad in Muqdadiya; the first name of "Lahiban (Sargaran area)" may be a village known by
    its Arabic or Kurdish script name only, in the area after it), else its first part the gazetteer knows."""
    gazetteer = get_gazetteer()
    cleaned = _GOLD_CLUTTER.sub("", place_normalized)
    phrase = resolve_phrase(re.sub(r"\s*,\s*", " in ", cleaned), gazetteer)
    if phrase is not None and phrase.locator is not None:
        place = phrase.locator.match.place
        first = re.split(r"[,(/]", cleaned)[0]
        village = gazetteer.script_village_within(first, place) if name_key(first) != name_key(phrase.text) else None
        place = village.place if village else place
        return place.latitude, place.longitude
    for part in re.split(r"[/,()]|\bnear\b|\bbetween\b", cleaned):
        match = gazetteer.lookup(part.strip()) if name_key(part) else None
        if match:
            return match.place.latitude, match.place.longitude
    return None


def _governorate(name: str) -> str | None:
    """The gold's governorate ("Nineveh", "Salahaddin", "Sulaimani") as the boundaries name it, which is what an
    incident's admin1 holds ("Ninewa", "Salah Al-Din", "Al-Sulaymaniyah")."""
    match = get_gazetteer().lookup(name, kind_hint="governorate") if name.strip() else None
    return match.place.admin1 if match else None


def read_gold(path: Path, clusters: Path | None = None) -> dict[str, list[GoldIncident]]:
    """Gold rows by article. `clusters` (the corpus's clusters.csv, where it has one) says which rows of
    different reports are one attack: those rows share its cluster id as their `attack`."""
    gold: dict[str, list[GoldIncident]] = {}
    with open(path, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            gold.setdefault(row["article_id"], [])
            if not row["event_date"]:
                continue  # a no_event row
            point = _geocode_gold(row["place_normalized"])
            rows = gold[row["article_id"]]
            rows.append(GoldIncident(
                article_id=row["article_id"], event_date=date.fromisoformat(row["event_date"]),
                killed=_int(row["killed"]), wounded=_int(row["wounded"]),
                place_as_written=row["place_as_written"], place_normalized=row["place_normalized"],
                latitude=point[0] if point else None, longitude=point[1] if point else None,
                attack=f"{row['article_id']}#{len(rows) + 1}", governorate=_governorate(row["governorate"])))
    if clusters is not None and clusters.exists():
        _mark_clusters(gold, clusters)
    return gold


def _mark_clusters(gold: dict[str, list[GoldIncident]], path: Path) -> None:
    """A cluster row names its report's gold row by date and place; one that names none is an error in the
    corpus, said rather than scored wrong."""
    with open(path, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            named = [g for g in gold.get(row["article_id"], []) if str(g.event_date) == row["event_date"]
                     and g.place_normalized == row["place_normalized"]]
            if len(named) != 1:
                raise ValueError(f"{path}: cluster {row['cluster_id']} names {len(named)} gold rows of article "
                                 f"{row['article_id']}, not one")
            named[0].attack = row["cluster_id"]


def _places_agree(gold: GoldIncident, predicted: Incident) -> bool:
    if gold.latitude is not None and predicted.latitude is not None:
        if distance_km(gold.latitude, gold.longitude, predicted.latitude, predicted.longitude) <= PLACE_MATCH_KM:
            return True
    written = {name_key(w) for w in re.split(r"[\s,/()-]+", gold.place_normalized + " " + gold.place_as_written)}
    return name_key(predicted.place) in written or name_key(predicted.location or "") in written


def _compatible(gold: GoldIncident, predicted: Incident) -> float:
    dates = predicted.date_start - DATE_SLACK <= gold.event_date <= predicted.date_end + DATE_SLACK
    places = _places_agree(gold, predicted)
    if places and (dates or abs((predicted.event_date - gold.event_date).days) <= 7):
        return 2 + dates + (gold.killed == predicted.killed_total)
    if dates and gold.killed is not None and gold.killed == predicted.killed_total:
        return 1
    return 0


def pair_incidents(expected: list[GoldIncident], predicted: list[Incident]) -> list[tuple[int, int]]:
    """One article's gold and predicted incidents paired: of all pairings, the one with the most pairs, then the best
    agreement, then the nearest places and dates (pairing greedily, best agreement first, broke ties by gold row order
    and could leave out a pair another choice allowed): (gold index, predicted index) for each pair."""
    agree = {(gi, pi): value for gi, g in enumerate(expected) for pi, p in enumerate(predicted)
             if (value := _compatible(g, p)) > 0}
    apart = {pair: _apart(expected[pair[0]], predicted[pair[1]]) for pair in agree}
    memo: dict[tuple[int, int], tuple[tuple, tuple]] = {}

    def best(pi: int, used: int) -> tuple[tuple, tuple]:
        """The best pairing of predicted[pi:] with the gold rows not in `used` (a bit per row): its key, its pairs."""
        if pi == len(predicted):
            return (0, 0, 0.0, 0), ()
        if (pi, used) not in memo:
            options = [best(pi + 1, used)]
            for gi in range(len(expected)):
                if (gi, pi) in agree and not used >> gi & 1:
                    (count, value, km, days), pairs = best(pi + 1, used | 1 << gi)
                    apart_km, apart_days = apart[gi, pi]
                    options.append(((count + 1, value + agree[gi, pi], km - apart_km, days - apart_days),
                                    ((gi, pi),) + pairs))
            memo[pi, used] = max(options, key=lambda option: option[0])
        return memo[pi, used]
    return list(best(0, 0)[1])


def _apart(gold: GoldIncident, predicted: Incident) -> tuple[float, int]:
    """How far apart a gold and a predicted incident are: km between their places, days between their dates."""
    km = (distance_km(gold.latitude, gold.longitude, predicted.latitude, predicted.longitude)
          if gold.latitude is not None and predicted.latitude is not None else UNPLACED_KM)
    return km, abs((predicted.event_date - gold.event_date).days)


HALVES = ("tuning", "checking")


def in_half(article_id: str, half: str | None) -> bool:
    """The corpus split in two by article, alternately within each tranche (001 tuning, 003 checking, 005
    tuning, ...; 101 tuning, 103 checking, ...): rules are changed only while looking at the tuning half, and
    the checking half says whether they hold on sentences nobody tuned them on."""
    if half is None:
        return True
    position = (int(article_id) % 100 - 1) // 2 if article_id.isdigit() else 0
    return HALVES[position % 2] == half


def evaluate(corpus: Path, half: str | None = None,
             leave_out: Callable[[str], bool] = lambda article_id: False) -> Score:
    """The half's articles scored, less those `leave_out` names (a blind tranche nothing may be fitted on)."""
    gold = read_gold(corpus / "gold.csv")
    score = Score()
    for article_id, expected in sorted(gold.items()):
        if not in_half(article_id, half) or leave_out(article_id):
            continue
        score.gold += len(expected)
        path = corpus / "articles" / f"{article_id}.txt"
        report = next(read_reports([path]), None)
        if report is None or isinstance(report, ReportError):
            score.refused.append(str(report))
            score.misses += expected
            score.gold_in_refused += len(expected)
            continue
        predicted = extract(report).incidents
        score.predicted += len(predicted)
        paired = pair_incidents(expected, predicted)
        score.pairs += [Pair(expected[gi], predicted[pi]) for gi, pi in paired]
        score.misses += [g for i, g in enumerate(expected) if i not in {gi for gi, _ in paired}]
        score.spurious += [p for i, p in enumerate(predicted) if i not in {pi for _, pi in paired}]
    return score
