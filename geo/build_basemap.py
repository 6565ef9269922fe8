"""Build the offline basemap in data/basemap/ from open data, once, when its sources change:

    apt-get install gmt-gshhg-high          # GSHHG 2.3.7: shorelines, WDBII rivers and borders (LGPL 3)
    python -m geo.build_basemap [--gshhg /usr/share/gmt-gshhg]

It writes, clipped to a box around Iraq and simplified so the map stays light:
  water.geojson   rivers (WDBII permanent rivers), lakes and reservoirs (GSHHS lakes), the Gulf coast
  borders.geojson the international borders (WDBII), so the neighbouring countries read as such
  labels.csv      place labels from data/gazetteer.csv by tier: governorate capitals, district seats, towns;
                  and the neighbouring countries and main rivers and lakes (points placed by hand)
The GSHHG files are GMT's binned netCDF-4 (HDF5) files, read with h5py (a build-time dependency only:
`pip install -e ".[build]"`). The shipped files need neither.
"""
from __future__ import annotations

import argparse
import csv
import json
import re
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import LineString, box

from geo import DATA_DIR
from geo.normalize import name_key
from incidents.labels import place_label

BASEMAP_DIR = DATA_DIR / "basemap"
GSHHG_DIR = Path("/usr/share/gmt-gshhg")
BOX = (38.3, 28.8, 49.2, 38.3)  # west, south, east, north: Iraq and a margin of its neighbours
GSHHG = "GSHHG 2.3.7 (Wessel & Smith; WDBII rivers and borders, GSHHS shorelines), LGPL 3, via Debian gmt-gshhg"
RIVER_LEVELS = (1, 2, 3)  # WDBII: 1 permanent major rivers, 2 additional major rivers, 3 additional rivers
BORDER_LEVELS = (1,)  # WDBII: national boundaries
# Governorate capitals (seat of each governorate's government), as named in the gazetteer's GeoNames rows.
CAPITALS = ("Baghdad", "Mosul", "Erbil", "Kirkuk", "Sulaymaniyah", "Dihok", "Basrah", "Karbala", "Najaf",
            "Al Hillah", "Nasiriyah", "Al ‘Amārah", "Al Diwaniyah", "Al-Kut", "Ramadi", "Baqubah", "Tikrīt",
            "As Samawah")
# Names of what the shapes cannot name: neighbouring countries, rivers and lakes, placed by hand on the
# GSHHG lines (tier 0: always shown; kind says how the label is drawn).
HAND_PLACED = [
    ("TURKEY", 37.75, 41.2, "country"), ("SYRIA", 35.3, 39.6, "country"), ("IRAN", 34.3, 47.6, "country"),
    ("JORDAN", 31.7, 38.7, "country"), ("SAUDI ARABIA", 29.6, 42.5, "country"), ("KUWAIT", 29.35, 47.6, "country"),
    ("Tigris", 35.02, 43.55, "water"), ("Euphrates", 34.43, 41.4, "water"), ("Great Zab", 36.15, 43.6, "water"),
    ("Little Zab", 35.65, 44.02, "water"), ("Diyala", 33.9, 44.85, "water"), ("Lake Dukan", 35.95, 44.95, "water"),
    ("Darbandikhan", 35.15, 45.75, "water"), ("Lake Hamrin", 34.18, 44.98, "water"),
    ("Mosul Dam Lake", 36.78, 42.88, "water"), ("Lake Tharthar", 33.98, 43.2, "water"),
]
TOWN_MIN_POPULATION = 10_000
SEAT_NOTE = re.compile(r"marked at its seat, (.+?) \((?:geonames|osm|fw)")  # see geo.build_data
LABEL_SPACING_KM = {1: 25.0, 2: 8.0, 3: 4.0}  # a label closer than this to one of a higher tier is dropped


def _bin_segments(path: Path, wanted: tuple[int, ...], shoreline: bool = False) -> list[tuple[int, LineString]]:
    """(level, line) of every segment of a GSHHG binned file in BOX. Each bin stores its segments as
    16-bit offsets from the bin's south-west corner."""
    import h5py  # build time only

    with h5py.File(path) as f:
        degrees = int(f["Bin_size_in_minutes"][0]) / 60
        bins_across = int(f["N_bins_in_360_longitude_range"][0])
        first, count = f["Id_of_first_segment_in_a_bin"][:], f["N_segments_in_a_bin"][:].astype(int)
        if shoreline:
            info = f["Embedded_npts_levels_exit_entry_for_a_segment"][:].astype(np.int64)
            points, levels = info >> 9, (info >> 6) & 7
        else:
            points, levels = (f["N_points_for_a_segment"][:].astype(int),
                              f["Hierarchial_level_of_a_segment"][:].astype(int))
        start = f["Id_of_first_point_in_a_segment"][:]
        dx = f["Relative_longitude_from_SW_corner_of_bin"][:].view(np.uint16) * (degrees / 65535)
        dy = f["Relative_latitude_from_SW_corner_of_bin"][:].view(np.uint16) * (degrees / 65535)
    west_box, south_box, east_box, north_box = BOX
    out = []
    for b in range(len(first)):
        row, col = divmod(b, bins_across)
        west, south = col * degrees, 90 - (row + 1) * degrees
        if west > east_box or west + degrees < west_box or south > north_box or south + degrees < south_box:
            continue
        for s in range(first[b], first[b] + count[b]):
            p, n = start[s], points[s]
            if levels[s] in wanted and n >= 2:
                out.append((int(levels[s]), LineString(np.column_stack([west + dx[p:p + n], south + dy[p:p + n]]))))
    return out


def _merged(lines: list[LineString]) -> list[LineString]:
    """Segments cut at bin edges joined back into whole lines, clipped to BOX."""
    merged = shapely.line_merge(shapely.union_all(lines)).intersection(box(*BOX))
    return [g for g in getattr(merged, "geoms", [merged]) if not g.is_empty]


def build_water(gshhg: Path) -> gpd.GeoDataFrame:
    rivers = _merged([line for _, line in _bin_segments(gshhg / "binned_river_h.nc", RIVER_LEVELS)])
    shore = _bin_segments(gshhg / "binned_GSHHS_h.nc", (1, 2), shoreline=True)
    lakes = list(shapely.polygonize(_merged([line for level, line in shore if level == 2])).geoms)
    coast = _merged([line for level, line in shore if level == 1])
    frame = gpd.GeoDataFrame(
        {"kind": ["river"] * len(rivers) + ["lake"] * len(lakes) + ["coast"] * len(coast)},
        geometry=rivers + lakes + coast, crs=4326)
    frame["geometry"] = frame.geometry.simplify(0.004, preserve_topology=True).set_precision(1e-4)
    return frame[~frame.geometry.is_empty & (frame.geometry.length > 0.02)]


def build_borders(gshhg: Path) -> gpd.GeoDataFrame:
    lines = _merged([line for _, line in _bin_segments(gshhg / "binned_border_h.nc", BORDER_LEVELS)])
    frame = gpd.GeoDataFrame({"kind": ["international"] * len(lines)}, geometry=lines, crs=4326)
    frame["geometry"] = frame.geometry.simplify(0.004).set_precision(1e-4)
    return frame


def build_labels(gazetteer: pd.DataFrame) -> list[dict]:
    """Tiered labels: 0 hand-placed countries and water, 1 governorate capitals, 2 district seats (the
    districts the gazetteer marks at their seat town), 3 towns of TOWN_MIN_POPULATION or more. A label too
    near one already placed (LABEL_SPACING_KM of its tier) is dropped, so one town is one label."""
    capitals = {name_key(n) for n in CAPITALS}
    towns = gazetteer[gazetteer["kind"].isin(["city", "town"])]
    seats = gazetteer[(gazetteer["kind"] == "district") & gazetteer["source"].str.contains(SEAT_NOTE.pattern)]
    # A seat is labelled with the name the dashboard shows for the incidents placed there (labels.place_label).
    seats = seats.assign(name=seats["name"].map(place_label))
    tiers = [
        (1, towns[towns["name"].map(name_key).isin(capitals)].sort_values("population", ascending=False)),
        (2, seats),
        (3, towns[towns["population"] >= TOWN_MIN_POPULATION].sort_values("population", ascending=False)),
    ]
    labels = [{"name": name, "latitude": lat, "longitude": lon, "tier": 0, "kind": kind}
              for name, lat, lon, kind in HAND_PLACED]
    placed: list[tuple[float, float]] = []
    for tier, rows in tiers:
        for row in rows.itertuples():
            near = [(lat, lon) for lat, lon in placed
                    if abs(lat - row.latitude) * 111 < LABEL_SPACING_KM[tier]
                    and abs(lon - row.longitude) * 91 < LABEL_SPACING_KM[tier]]
            if near:
                continue
            placed.append((row.latitude, row.longitude))
            labels.append({"name": place_label(row.name), "latitude": round(row.latitude, 4),
                           "longitude": round(row.longitude, 4), "tier": tier, "kind": "place"})
    return labels


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gshhg", type=Path, default=GSHHG_DIR, help="folder of GSHHG's binned_*_h.nc files")
    args = parser.parse_args(argv)
    BASEMAP_DIR.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, frame in (("water", build_water(args.gshhg)), ("borders", build_borders(args.gshhg))):
        frame = frame.assign(source=GSHHG)
        (BASEMAP_DIR / f"{name}.geojson").write_text(frame.to_json(drop_id=True), encoding="utf-8")
        written[name] = len(frame)
    labels = build_labels(pd.read_csv(DATA_DIR / "gazetteer.csv", keep_default_na=False,
                                      dtype={"population": int}))
    with open(BASEMAP_DIR / "labels.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(labels[0]))
        writer.writeheader()
        writer.writerows(labels)
    written["labels"] = len(labels)
    print(json.dumps(written))


if __name__ == "__main__":
    main()
