"""Administrative areas, frontline sectors and the disputed-territories outline.

Point-in-polygon runs on shapely STRtrees built once per process, so locating a point costs
microseconds; geopandas reads the shipped GeoJSON and does the bulk joins.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from shapely import STRtree

from geo import DATA_DIR

BOUNDARY_DIR = DATA_DIR / "boundaries"

SECTOR_SHARE = 0.01  # of a governorate's area, for study_governorates


@dataclass(frozen=True)
class AdminInfo:
    admin1: str | None
    admin2: str | None
    admin3: str | None
    sector: str | None
    in_disputed: bool


class _Layer:
    """A polygon layer with one attribute looked up by point."""

    def __init__(self, frame: gpd.GeoDataFrame, column: str):
        self.frame = frame
        self.values = frame[column].to_numpy()
        self.tree = STRtree(frame.geometry.to_numpy())

    def value_at(self, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        points = shapely.points(lon, lat)
        point_idx, poly_idx = self.tree.query(points, predicate="within")
        out = np.full(len(points), None, dtype=object)
        # A point on a shared border belongs to the first polygon found.
        seen = set()
        for p, g in zip(point_idx, poly_idx):
            if p not in seen:
                out[p] = self.values[g]
                seen.add(p)
        return out


class Boundaries:
    def __init__(self, directory: Path = BOUNDARY_DIR):
        self.admin1 = gpd.read_file(directory / "admin1.geojson")
        self.admin2 = gpd.read_file(directory / "admin2.geojson")
        self.admin3 = gpd.read_file(directory / "admin3.geojson")
        self.sectors = gpd.read_file(DATA_DIR / "sectors.geojson")
        self.disputed = gpd.read_file(DATA_DIR / "disputed_territories.geojson")
        self._layers = {
            "admin1": _Layer(self.admin1, "name"),
            "admin2": _Layer(self.admin2, "name"),
            "admin3": _Layer(self.admin3, "name"),
            "sector": _Layer(self.sectors, "name"),
        }
        self._disputed_union = shapely.union_all(self.disputed.geometry.to_numpy())
        shapely.prepare(self._disputed_union)

    @cached_property
    def study_governorates(self) -> frozenset[str]:
        """The governorates a frontline sector covers part of (more than a border sliver, SECTOR_SHARE of the
        governorate): an attack known only to one of them may lie in the study area, one known only to another
        cannot (Duhok's 0.1 % along the Sinjar sector is such a sliver)."""
        governorates = self.admin1.geometry.to_numpy()  # a ratio of areas: degrees serve, no projection needed
        sectors = shapely.union_all(self.sectors.geometry.to_numpy())
        share = shapely.area(shapely.intersection(governorates, sectors)) / shapely.area(governorates)
        return frozenset(self.admin1["name"][share > SECTOR_SHARE])

    def locate_many(self, lat, lon) -> dict[str, np.ndarray]:
        lat = np.asarray(lat, dtype=float)
        lon = np.asarray(lon, dtype=float)
        found = {name: layer.value_at(lon, lat) for name, layer in self._layers.items()}
        found["in_disputed"] = shapely.contains_xy(self._disputed_union, lon, lat)
        return found

    def locate(self, lat: float, lon: float) -> AdminInfo:
        found = self.locate_many([lat], [lon])
        return AdminInfo(
            admin1=found["admin1"][0], admin2=found["admin2"][0], admin3=found["admin3"][0],
            sector=found["sector"][0], in_disputed=bool(found["in_disputed"][0]),
        )


@lru_cache(maxsize=1)
def get_boundaries() -> Boundaries:
    return Boundaries()
