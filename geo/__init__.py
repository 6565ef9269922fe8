"""Places and geometry for Frontline Watch: gazetteer, boundaries, sectors, online geocoders.

Public API:
    get_gazetteer()      -> Gazetteer (offline, embedded; cached)
    get_boundaries()     -> Boundaries (admin areas, sectors, disputed outline; cached)
    Place, GeoMatch      -> typed results

Imports nothing of the project's: every stage above may use it. The data files it reads are built by `tools/`.
"""
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

from geo.places import GeoPrecision, Place, GeoMatch  # noqa: E402
from geo.boundaries import Boundaries, get_boundaries  # noqa: E402
from geo.gazetteer import Gazetteer, get_gazetteer  # noqa: E402

__all__ = [
    "DATA_DIR", "GeoPrecision", "Place", "GeoMatch",
    "Boundaries", "get_boundaries", "Gazetteer", "get_gazetteer",
]
