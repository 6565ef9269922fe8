"""Typed place records: one schema for a gazetteer entry, one for a match."""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class GeoPrecision(str, Enum):
    """How exactly a location is known (ACLED geo_precision 1-3, spelled out)."""

    EXACT_PLACE = "exact_place"
    SUB_DISTRICT = "sub_district"
    DISTRICT = "district"
    GOVERNORATE = "governorate"

    @property
    def rank(self) -> int:
        """0 is the finest."""
        return list(GeoPrecision).index(self)

    def coarsest(self, other: "GeoPrecision") -> "GeoPrecision":
        return self if self.rank >= other.rank else other


# Kinds of gazetteer feature and the precision an incident located there gets.
KIND_PRECISION = {
    "city": GeoPrecision.EXACT_PLACE,
    "town": GeoPrecision.EXACT_PLACE,
    "village": GeoPrecision.EXACT_PLACE,
    "sub_district": GeoPrecision.SUB_DISTRICT,
    "mountain": GeoPrecision.SUB_DISTRICT,
    "district": GeoPrecision.DISTRICT,
    "region": GeoPrecision.GOVERNORATE,
    "governorate": GeoPrecision.GOVERNORATE,
}


@dataclass(frozen=True)
class Place:
    """One gazetteer entry. radius_km is the extent used to decide whether it contains a point."""

    place_id: str
    name: str
    kind: str
    latitude: float
    longitude: float
    geo_precision: GeoPrecision
    radius_km: float
    alt_names: tuple[str, ...] = ()
    admin1: str | None = None
    admin2: str | None = None
    sector: str | None = None
    in_disputed: bool = False
    population: int = 0
    source: str = ""

    def as_dict(self) -> dict:
        return {
            "place_id": self.place_id, "name": self.name, "kind": self.kind,
            "latitude": self.latitude, "longitude": self.longitude,
            "geo_precision": self.geo_precision.value, "radius_km": self.radius_km,
            "admin1": self.admin1, "admin2": self.admin2, "sector": self.sector,
            "source": self.source,
        }


@dataclass(frozen=True)
class GeoMatch:
    """The answer to a lookup: the chosen place, how it was found, and what else it could be."""

    query: str
    place: Place
    score: float
    method: str  # exact | fuzzy | romanized (a village named in Arabic or Kurdish script only) | online
    alternatives: tuple[Place, ...] = field(default=())

    @property
    def ambiguous(self) -> bool:
        return bool(self.alternatives)
