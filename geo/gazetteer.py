"""The embedded offline gazetteer: GeoNames/COD-AB/OSM-derived entries plus a curated local layer.

Lookup folds transliteration (geo.normalize.name_key), falls back to fuzzy matching (rapidfuzz),
and ranks several entries sharing a name by the type the text gives ("district", "village"), by
closeness to the other places named in the same sentence, and by a bias toward the disputed
territories, which is where our reports come from.
"""
from __future__ import annotations

import csv
import math
from collections import defaultdict
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Sequence

import numpy as np
from rapidfuzz import fuzz, process

from geo import DATA_DIR
from geo.boundaries import get_boundaries
from geo.normalize import name_key
from geo.places import GeoMatch, GeoPrecision, Place
from geo.romanize import ROMANIZED_SOURCE, spells

if TYPE_CHECKING:
    from geo.online import OnlineGeocoder

# Measured by `./run bench geocoding` (leave-one-out over the gazetteer's 1,071 spellings): at 86 a
# missing spelling finds its own place 39.8% of the time and another place 2.1%; 84 gives 47.5%/3.5%,
# 88 gives 34.9%/2.0%. 86 keeps wrong placements at the floor. Short keys match exactly or not at all.
FUZZY_THRESHOLD = 86.0
FUZZY_MIN_LENGTH = 5
# Reports come from the disputed territories and the Kurdistan Region: a fuzzy match elsewhere must be
# near-exact, since a transliteration that happens to resemble a name in Basra is no match.
FOCUS_ADMIN1 = ("Erbil", "Al-Sulaymaniyah", "Duhok")
FUZZY_THRESHOLD_OUTSIDE_FOCUS = 95.0
# Entries of one name this close to nesting are one place at two levels, not an ambiguity.
NESTING_SLACK_KM = 5.0
# Preference when the text gives no type: a settlement over an area of the same name.
KIND_ORDER = ("city", "town", "village", "mountain", "sub_district", "district", "region", "governorate")
# Type hints a text can give, mapped to the kinds they select.
# A village known only by its Arabic or Kurdish script name is met only inside the area the text gives it: a
# sub-district, district or governorate, or within this distance of a town ("Hliwa, west of Tuz Khurmatu").
SCRIPT_VILLAGE_TOWN_REACH_KM = 20.0
# Several villages one spelling meets this close together are one cluster (Upper and Lower X): the nearest is meant.
SCRIPT_VILLAGE_CLUSTER_KM = 5.0
SCRIPT_VILLAGE_MIN_KEY = 4  # shorter keys spell too many names
SPELT_NAMES_KEPT = 20_000  # name keys whose script-named villages are remembered (a few MB)
HINT_KINDS = {
    "village": {"village", "town"}, "town": {"town", "city", "village"}, "city": {"city", "town"},
    "sub_district": {"sub_district"}, "district": {"district"}, "governorate": {"governorate"},
    "mountain": {"mountain"}, "region": {"region"},
}


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


def place_distance(a: Place, b: Place) -> float:
    return distance_km(a.latitude, a.longitude, b.latitude, b.longitude)


def contains(area: Place, other: Place, slack_km: float = 0.0) -> bool:
    """Whether `other` lies inside `area` (same admin unit, or within its radius)."""
    if area.kind == "district" and other.admin2:
        return other.admin2 == area.admin2
    if area.kind == "governorate" and other.admin1:
        return other.admin1 == area.admin1
    return place_distance(area, other) <= area.radius_km + slack_km


def in_focus(place: Place) -> bool:
    """In the disputed territories or the Kurdistan Region, where our reports come from."""
    return place.in_disputed or place.admin1 in FOCUS_ADMIN1


def _read_rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _split(names: str) -> tuple[str, ...]:
    return tuple(n.strip() for n in (names or "").split("|") if n.strip())


def gazetteer_rows(data_dir: Path = DATA_DIR) -> list[dict]:
    """The derived gazetteer with the curated layer applied. A curated row without coordinates extends the
    entry with its place_id: its spellings are added and, when it gives a name, that name is the one shown
    (the English name analysts know, "Makhmour" for GeoNames' "Mexmur"; the old name stays a spelling and
    is kept as `derived_name`, the name incidents stored before carry). Any other curated row is a place."""
    rows = {r["place_id"]: {**r, "derived_name": r["name"]} for r in _read_rows(data_dir / "gazetteer.csv")}
    for r in _read_rows(data_dir / "curated_places.csv"):
        base = rows.get(r["place_id"])
        if base is not None and not r["latitude"]:
            names = set(_split(base["alt_names"])) | set(_split(r["alt_names"]))
            if r["name"]:
                names.add(base["name"])
                base["name"] = r["name"]
            base["alt_names"] = "|".join(sorted(names))
        else:
            rows[r["place_id"]] = {**r, "population": r.get("population") or 0, "derived_name": r["name"]}
    return list(rows.values())


def _distances_km(points: np.ndarray, latitude: float, longitude: float) -> np.ndarray:
    """Haversine distances from one point to many (radians, as rows of latitude, longitude)."""
    lat, lon = math.radians(latitude), math.radians(longitude)
    dlat, dlon = points[:, 0] - lat, points[:, 1] - lon
    a = np.sin(dlat / 2) ** 2 + math.cos(lat) * np.cos(points[:, 0]) * np.sin(dlon / 2) ** 2
    return 6371.0 * 2 * np.arcsin(np.sqrt(a))


def located_places(records: Sequence[dict]) -> list[Place]:
    """Gazetteer rows as places, each located in its admin areas, sector and the disputed territories."""
    admin = get_boundaries().locate_many([float(r["latitude"]) for r in records],
                                         [float(r["longitude"]) for r in records])
    return [Place(
        place_id=r["place_id"], name=r["name"], kind=r["kind"],
        latitude=float(r["latitude"]), longitude=float(r["longitude"]),
        geo_precision=GeoPrecision(r["geo_precision"]), radius_km=float(r["radius_km"]),
        alt_names=_split(r["alt_names"]), admin1=admin["admin1"][i], admin2=admin["admin2"][i],
        sector=admin["sector"][i], in_disputed=bool(admin["in_disputed"][i]),
        population=int(float(r["population"] or 0)), source=r["source"],
    ) for i, r in enumerate(records)]


class Gazetteer:
    def __init__(self, places: Iterable[Place], online: "OnlineGeocoder | None" = None,
                 script_records: Sequence[dict] = ()):
        """`places` named in English letters are matched by name anywhere; those named only in Arabic or Kurdish
        script (their source says so; or `script_records`, gazetteer rows located on first use) are kept apart, in
        `script_villages`, and met only inside a given area."""
        self.online = online
        places = list(places)
        self.places: dict[str, Place] = {p.place_id: p for p in places if p.source != ROMANIZED_SOURCE}
        self._script_places = [p for p in places if p.source == ROMANIZED_SOURCE]
        self._script_records = script_records
        # name key -> the script-named villages it spells, wherever they lie: once per name, the most recent kept
        # (a watcher running for months meets new names every day)
        self._spelt = lru_cache(maxsize=SPELT_NAMES_KEPT)(self._villages_spelt)
        self._by_key: dict[str, list[Place]] = defaultdict(list)
        for place in self.places.values():
            for key in {name_key(n) for n in (place.name, *place.alt_names)}:
                if key:
                    self._by_key[key].append(place)
        self._keys = list(self._by_key)
        self.max_name_words = max(len(n.split()) for p in self.places.values() for n in (p.name, *p.alt_names))
        self._areas = [p for p in self.places.values() if p.geo_precision != GeoPrecision.EXACT_PLACE]
        self._area_points = np.radians([[p.latitude, p.longitude] for p in self._areas]).reshape(-1, 2)
        self._area_radii = np.array([p.radius_km or 0.0 for p in self._areas])

    def areas_around(self, latitude: float, longitude: float) -> list[Place]:
        """The areas (sub-districts, districts, mountains...) whose extent reaches this point."""
        distance = _distances_km(self._area_points, latitude, longitude)
        return [self._areas[i] for i in np.flatnonzero(distance <= self._area_radii)]

    def script_village_within(self, name: str, area: Place) -> GeoMatch | None:
        """The village named only in Arabic or Kurdish script that `name` spells (geo.romanize) inside `area`: the
        only one, or the nearest to the area's point of one cluster; None when none is, or several far apart."""
        key = name_key(name)
        if len(key) < SCRIPT_VILLAGE_MIN_KEY or not self.script_villages:
            return None
        if area.kind in ("district", "governorate"):
            inside = [v for v in self._spelt(key) if contains(area, v)]
        else:
            reach = area.radius_km if area.geo_precision != GeoPrecision.EXACT_PLACE else max(
                area.radius_km, SCRIPT_VILLAGE_TOWN_REACH_KM)
            inside = [v for v in self._spelt(key) if distance_km(v.latitude, v.longitude, area.latitude,
                                                                    area.longitude) <= reach]
        spelt = sorted(inside, key=lambda v: place_distance(v, area))
        if not spelt or any(place_distance(a, b) > SCRIPT_VILLAGE_CLUSTER_KM for a in spelt for b in spelt):
            return None
        return GeoMatch(query=name, place=spelt[0], score=100.0, method="romanized")

    def _villages_spelt(self, key: str) -> list[Place]:
        return [v for v in self.script_villages if any(spells(key, n) for n in v.alt_names)]

    @cached_property
    def script_villages(self) -> list[Place]:
        """The villages named in Arabic or Kurdish script only, located when first asked for: most runs never
        need them, and locating 9,000 points would double the gazetteer's load time."""
        return self._script_places + located_places(self._script_records)

    @classmethod
    def load(cls, data_dir: Path = DATA_DIR, online: "OnlineGeocoder | None" = None) -> "Gazetteer":
        """Read the derived gazetteer, apply the curated layer, and locate every entry named in English letters."""
        records = gazetteer_rows(data_dir)
        script = [r for r in records if r["source"] == ROMANIZED_SOURCE]
        return cls(located_places([r for r in records if r["source"] != ROMANIZED_SOURCE]), online=online,
                   script_records=script)

    def namesakes(self, place: Place) -> list[Place]:
        """Entries sharing one of the place's names ("Kirkuk": the city, the district, the governorate)."""
        keys = {name_key(n) for n in (place.name, *place.alt_names)}
        return list({p.place_id: p for k in keys for p in self._by_key.get(k, [])}.values())

    def containing_namesake(self, area: Place, other: Place, slack_km: float = 0.0) -> Place | None:
        """`area` if `other` lies in it, else the smallest area of the same name that holds it ("in Kirkuk"
        may mean the city, the district or the governorate), else None."""
        if contains(area, other, slack_km):
            return area
        holding = [p for p in self.namesakes(area) if contains(p, other, slack_km)]
        return min(holding, key=lambda p: p.radius_km) if holding else None

    def contains_by_name(self, area: Place, other: Place, slack_km: float = 0.0) -> bool:
        return self.containing_namesake(area, other, slack_km) is not None

    def search(self, text: str, limit: int = 10) -> list[Place]:
        """Entries whose names resemble `text`, best first, for an analyst choosing a place by hand."""
        key = name_key(text)
        if not key:
            return []
        found: list[Place] = []
        for other, _, _ in process.extract(key, self._keys, scorer=fuzz.WRatio, limit=limit):
            found += [p for p in self._by_key[other] if p not in found]
        return found[:limit]

    def spellings(self, text: str) -> frozenset[str]:
        """The keys (name_key) of every name of the places named `text` ("Kolajo": kulajo, kolajo, golajo...),
        so that a search by one spelling finds the others; none for a text of under three letters."""
        key = name_key(text)
        if len(key) < 3:
            return frozenset()
        return frozenset(k for p in self._by_key.get(key, ()) for n in (p.name, *p.alt_names) if (k := name_key(n)))

    def has_key(self, key: str) -> bool:
        return key in self._by_key

    def candidates(self, name: str, fuzzy: bool = True) -> tuple[list[Place], float, str]:
        """Entries for a name: exact key first, then the best fuzzy key above the threshold."""
        key = name_key(name)
        if not key:
            return [], 0.0, "none"
        if key in self._by_key:
            return self._by_key[key], 100.0, "exact"
        if fuzzy and len(key) >= FUZZY_MIN_LENGTH:
            for other, score, _ in process.extract(key, self._keys, scorer=fuzz.ratio, limit=5,
                                                   score_cutoff=FUZZY_THRESHOLD):
                places = [p for p in self._by_key[other]
                          if in_focus(p) or score >= FUZZY_THRESHOLD_OUTSIDE_FOCUS]
                if places:
                    return places, float(score), "fuzzy"
        return [], 0.0, "none"

    def lookup(self, name: str, kind_hint: str | None = None, near: Sequence[Place] = (),
               fuzzy: bool = True) -> GeoMatch | None:
        """Resolve one name; None when nothing matches (the caller keeps it as unresolved).

        The embedded gazetteer answers first; a configured online geocoder only for names it lacks.
        """
        found, score, method = self.candidates(name, fuzzy=fuzzy)
        if not found and self.online is not None:
            place = self.online.geocode(name)
            return GeoMatch(query=name, place=place, score=100.0, method="online") if place else None
        if not found:
            return None
        ranked = sorted(found, key=lambda p: self._rank(p, kind_hint, near))
        best = ranked[0]
        # Same-named entries elsewhere (not the same place at another level) make the match ambiguous.
        others = tuple(p for p in ranked[1:] if not (contains(p, best, NESTING_SLACK_KM)
                                                    or contains(best, p, NESTING_SLACK_KM)))
        return GeoMatch(query=name, place=best, score=score, method=method, alternatives=others)

    @staticmethod
    def _rank(place: Place, kind_hint: str | None, near: Sequence[Place]) -> tuple:
        hint_miss = 0 if kind_hint is None or place.kind in HINT_KINDS.get(kind_hint, ()) else 1
        context_km = min((place_distance(place, c) for c in near), default=0.0)
        return (
            hint_miss,
            round(min(context_km, 300.0) / 25),  # coarse bands, so population still decides near ties
            0 if in_focus(place) else 1,
            KIND_ORDER.index(place.kind) if place.kind in KIND_ORDER else len(KIND_ORDER),
            0 if place.place_id.startswith("fw:") else 1,
            -place.population,
        )


@lru_cache(maxsize=1)
def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer, with the online geocoder only if the user configured one."""
    from geo.online import configured_online_geocoder

    return Gazetteer.load(online=configured_online_geocoder())


def place_at(name: str, latitude: float, longitude: float) -> Place:
    """A place an analyst puts on the map by hand, located in admin areas and sectors like any other."""
    found = get_boundaries().locate(latitude, longitude)
    return Place(place_id=f"analyst:{latitude:.5f},{longitude:.5f}", name=name, kind="village",
                 latitude=latitude, longitude=longitude, geo_precision=GeoPrecision.EXACT_PLACE, radius_km=1.5,
                 admin1=found.admin1, admin2=found.admin2, sector=found.sector, in_disputed=found.in_disputed,
                 source="placed by an analyst on the map")
