"""Build the offline basemap in data/basemap/ from open data, once, when its sources change:

    apt-get install gmt-gshhg-high          # GSHHG 2.3.7: shorelines, WDBII rivers and borders (LGPL 3)
    python -m tools.build_basemap [--gshhg /usr/share/gmt-gshhg]

It writes, clipped to a box around Iraq and simplified so the map stays light:
  water.geojson   rivers (WDBII permanent rivers; the Tigris, Great and Little Zab and Diyala traced whole and
                  named, the Great Zab from WDBII's minor rivers), lakes and reservoirs (GSHHS lakes, named
                  after the hand-placed water labels on them), the Gulf coast
  borders.geojson the international borders (WDBII), so the neighbouring countries read as such
  labels.csv      place labels from the gazetteer (with its curated names) by tier: governorate capitals, district seats, towns;
                  and the neighbouring countries and main rivers and lakes (points placed by hand)
  places.csv      the other towns and the villages, each with the zoom it shows from (tools.place_labels)
`--only labels` rebuilds the last two from the gazetteer alone (no GSHHG needed).
The GSHHG files are GMT's binned netCDF-4 (HDF5) files, read with h5py; rivers are traced with networkx
(build-time dependencies only: `pip install -e ".[build]"`). The shipped files need neither.
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
from shapely.geometry import LineString, Point, box

from geo import DATA_DIR
from geo.gazetteer import gazetteer_rows
from geo.normalize import name_key
from analysis.labels import place_label
from tools.place_labels import place_labels
from ui.basemap import TIER_MIN_ZOOM

BASEMAP_DIR = DATA_DIR / "basemap"
GSHHG_DIR = Path("/usr/share/gmt-gshhg")
BOX = (38.3, 28.8, 49.2, 38.3)  # west, south, east, north: Iraq and a margin of its neighbours
GSHHG = "GSHHG 2.3.7 (Wessel & Smith; WDBII rivers and borders, GSHHS shorelines), LGPL 3, via Debian gmt-gshhg"
RIVER_LEVELS = (1, 2, 3)  # WDBII: 1 permanent major rivers, 2 additional major rivers, 3 additional rivers
TRACED_LEVELS = (0, 1, 2, 3, 4)  # and 0 double-lined rivers (the Tigris through Baghdad), 4 minor rivers (the Great Zab)
# The rivers the analysts name, each traced along the WDBII network through gazetteer places on its banks,
# upstream first; a tributary's last place lies downstream on the river it flows into, and its line stops
# where it meets that river.
NAMED_RIVERS = {
    # Mosul, Tikrit, Samarra, Baghdad, Kut (below Kut WDBII's Tigris breaks up in the marshes)
    "Tigris": (None, ("geonames:99072", "geonames:90150", "geonames:91597", "geonames:98182", "geonames:99131")),
    "Great Zab": ("Tigris", ("adm3:IQG11Q01N01", "geonames:96833", "geonames:90150")),  # Barzan, Kalak; Tikrit
    "Little Zab": ("Tigris", ("geonames:96953", "fw:prde", "geonames:90150")),  # Dukan, Prde; Tikrit
    "Diyala": ("Tigris", ("adm2:IQG06Q03", "geonames:97990", "geonames:99131")),
    # Darbandikhan (the Sirwan above Lake Hamrin), Baqubah; Kut
}
GAP_DEGREES = 0.003  # about 300 m
SNAP_KM = 8.0  # a river's place must lie this near the traced network
BORDER_LEVELS = (1,)  # WDBII: national boundaries
# Governorate capitals (seat of each governorate's government), as the gazetteer names them.
CAPITALS = ("Baghdad", "Mosul", "Erbil", "Kirkuk", "Sulaymaniyah", "Duhok", "Basrah", "Karbala", "Najaf",
            "Al Hillah", "Nasiriyah", "Al Amarah", "Al Diwaniyah", "Al-Kut", "Ramadi", "Baqubah", "Tikrit",
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
SEAT_NOTE = re.compile(r"marked at its seat, .+? \((?:geonames|osm|fw)")  # see tools.build_data
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


def _river_graph(lines: list[LineString]):
    """The river network as a graph: every vertex a node, every stretch between two vertices an edge
    weighted by its length. Lines are noded where they meet, and a loose end is joined to the nearest
    vertex within GAP_DEGREES (WDBII leaves gaps of tens of metres, one where the Great Zab meets the Tigris)."""
    import networkx as nx  # build time only

    graph = nx.Graph()
    noded = shapely.union_all(shapely.set_precision(lines, 1e-4))
    for line in getattr(noded, "geoms", [noded]):
        coords = [tuple(c) for c in line.coords]
        graph.add_edges_from((a, b, {"weight": LineString([a, b]).length}) for a, b in zip(coords, coords[1:]))
    nodes = np.array(list(graph.nodes))
    for end in [n for n in graph.nodes if graph.degree(n) == 1]:
        distance = np.hypot(nodes[:, 0] - end[0], nodes[:, 1] - end[1])
        distance[[i for i, n in enumerate(map(tuple, nodes)) if n == end or graph.has_edge(n, end)]] = np.inf
        if distance.min() <= GAP_DEGREES:
            graph.add_edge(end, tuple(nodes[distance.argmin()]), weight=float(distance.min()))
    return graph


def trace_rivers(lines: list[LineString], places: dict[str, tuple[float, float]],
                 rivers: dict = NAMED_RIVERS) -> dict[str, LineString]:
    """The rivers (NAMED_RIVERS) traced along the network: the shortest path through each river's places in turn, a
    tributary cut where it reaches the river it flows into. A place farther than SNAP_KM from the network
    stops the build: the river would be guessed, not traced."""
    import networkx as nx  # build time only

    graph = _river_graph(lines)
    nodes = np.array(list(graph.nodes))
    traced: dict[str, LineString] = {}
    for name, (into, place_ids) in rivers.items():
        stops = []
        for place_id in place_ids:
            lon, lat = places[place_id]
            distance = np.hypot((nodes[:, 0] - lon) * 91, (nodes[:, 1] - lat) * 111)  # km, near 35°N
            if distance.min() > SNAP_KM:
                raise ValueError(f"{name}: {place_id} lies {distance.min():.0f} km from any river")
            stops.append(tuple(nodes[distance.argmin()]))
        path = [stops[0]]
        for a, b in zip(stops, stops[1:]):
            for node in nx.shortest_path(graph, a, b, weight="weight")[1:]:
                if len(path) > 1 and path[-2] == node:  # back from a place snapped onto a side stream
                    path.pop()
                else:
                    path.append(node)
        if into is not None:
            receiving = set(traced[into].coords)
            path = path[:next(i for i, node in enumerate(path) if node in receiving) + 1]
        traced[name] = LineString(path)
    return traced


def name_lakes(lakes: list, labels: list[tuple[str, float, float, str]]) -> list[str]:
    """Each lake's name: the hand-placed water label on it or within about 10 km of its shore, else ''."""
    names = []
    for lake in lakes:
        near = [(lake.distance(Point(lon, lat)), name) for name, lat, lon, kind in labels
                if kind == "water" and lake.distance(Point(lon, lat)) < 0.1]
        names.append(min(near)[1] if near else "")
    return names


def build_water(gshhg: Path, places: dict[str, tuple[float, float]]) -> gpd.GeoDataFrame:
    network = [line for _, line in _bin_segments(gshhg / "binned_river_h.nc", TRACED_LEVELS)]
    named = trace_rivers(network, places)
    covered = shapely.union_all(list(named.values())).buffer(GAP_DEGREES)  # traced lines are rounded
    rest = shapely.union_all(_merged([line for level, line in _bin_segments(gshhg / "binned_river_h.nc",
                                                                           RIVER_LEVELS)])).difference(covered)
    rivers = [g for g in getattr(shapely.line_merge(rest), "geoms", [rest]) if not g.is_empty]  # the unnamed
    shore = _bin_segments(gshhg / "binned_GSHHS_h.nc", (1, 2), shoreline=True)
    lakes = list(shapely.polygonize(_merged([line for level, line in shore if level == 2])).geoms)
    coast = _merged([line for level, line in shore if level == 1])
    named_lines = [line.intersection(box(*BOX)) for line in named.values()]
    frame = gpd.GeoDataFrame(
        {"kind": ["river"] * (len(named_lines) + len(rivers)) + ["lake"] * len(lakes) + ["coast"] * len(coast),
         "name": [*named, *[""] * len(rivers), *name_lakes(lakes, HAND_PLACED), *[""] * len(coast)]},
        geometry=named_lines + rivers + lakes + coast, crs=4326)
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


def _write_csv(rows: list[dict], path: Path) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gshhg", type=Path, default=GSHHG_DIR, help="folder of GSHHG's binned_*_h.nc files")
    parser.add_argument("--only", choices=["labels"], help="rebuild labels.csv and places.csv only")
    args = parser.parse_args(argv)
    BASEMAP_DIR.mkdir(parents=True, exist_ok=True)
    written = {}
    rows = gazetteer_rows()
    gazetteer = pd.DataFrame(rows).astype({"latitude": float, "longitude": float})
    gazetteer["population"] = gazetteer["population"].astype(float).astype(int)
    places = {row.place_id: (row.longitude, row.latitude) for row in gazetteer.itertuples()}
    if args.only is None:
        for name, frame in (("water", build_water(args.gshhg, places)), ("borders", build_borders(args.gshhg))):
            frame = frame.assign(source=GSHHG)
            (BASEMAP_DIR / f"{name}.geojson").write_text(frame.to_json(drop_id=True), encoding="utf-8")
            written[name] = len(frame)
    labels = build_labels(gazetteer)
    _write_csv(labels, BASEMAP_DIR / "labels.csv")
    zoomed = place_labels(rows, labels, TIER_MIN_ZOOM)
    _write_csv(zoomed, BASEMAP_DIR / "places.csv")
    written.update(labels=len(labels), places=len(zoomed))
    print(json.dumps(written))


if __name__ == "__main__":
    main()
