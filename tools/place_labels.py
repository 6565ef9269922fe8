"""Town and village names for the map zoomed in (data/basemap/places.csv, written by tools.build_basemap): the
gazetteer's towns from TOWN_ZOOM, its villages from VILLAGE_ZOOM, each shown from the first zoom at which its label
overlaps none already shown there, so that zooming in adds names and never piles them up.

A village OpenStreetMap names in Arabic or Kurdish script only is labelled in its script, with an English spelling:
the one an analyst knows where the curated list gives it (a row citing the village's OSM node), else the machine's
letter-by-letter reading (geo.romanize), marked as such ("machine") so the map shows it apart. One that is a
GeoNames or curated town already labelled (its name spells the script, within SAME_PLACE_KM) is left to the town.
"""
from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence

from analysis.labels import place_label
from geo.gazetteer import distance_km
from geo.normalize import name_key, plain_name
from geo.romanize import ROMANIZED_SOURCE, spells

TOWN_ZOOM, VILLAGE_ZOOM, LAST_ZOOM = 9, 10, 16  # LAST_ZOOM: the map's deepest (ui.mapping.MAX_ZOOM)
SAME_PLACE_KM = 3.0
OSM_NODE = re.compile(r"OpenStreetMap node (\d+)")
# Label boxes in screen pixels, as ui.place_labels draws them (font sizes there): a little wider than the
# browser's text, so that boxes apart here are apart on screen (tests/test_browser_labels.py measures them).
CHAR_PX = {"latin": 6.4, "script": 5.6}  # per character at 10 px
DOT_PX, HEIGHT_PX, GAP_PX = 8.0, 14.0, 3.0
TILE_PX = 256


def known_spellings(rows: Sequence[dict]) -> dict[str, str]:
    """The English names the curated list gives script-only villages: place_id of the OSM village -> name."""
    return {f"osm:{node}": row["name"] for row in rows if row["place_id"].startswith("fw:")
            and row["geo_precision"] == "exact_place" for node in OSM_NODE.findall(row["source"])}


def label_width(script: str, latin: str, scale: float = 1.0) -> float:
    """The label's width in pixels (estimated: Latin letters are wider than joined Arabic ones)."""
    return DOT_PX + scale * (len(script) * CHAR_PX["script"] + len(latin) * CHAR_PX["latin"]
                             + (CHAR_PX["latin"] * 2 if script and latin else 0))


def _pixels(latitude: float, longitude: float, zoom: int) -> tuple[float, float]:
    """Web Mercator pixel coordinates at `zoom`, as Leaflet computes them."""
    size = TILE_PX * 2 ** zoom
    sin = math.sin(math.radians(latitude))
    return (longitude + 180) / 360 * size, (0.5 - math.log((1 + sin) / (1 - sin)) / (4 * math.pi)) * size


class Occupied:
    """The label boxes shown at one zoom, on a grid of cells for quick overlap tests."""

    CELL = 128.0

    def __init__(self):
        self.cells: dict[tuple[int, int], list[tuple[float, float, float, float]]] = defaultdict(list)

    def _cells(self, box):
        x0, y0, x1, y1 = box
        for cx in range(int(x0 // self.CELL), int(x1 // self.CELL) + 1):
            for cy in range(int(y0 // self.CELL), int(y1 // self.CELL) + 1):
                yield cx, cy

    def free(self, box) -> bool:
        x0, y0, x1, y1 = box
        return not any(x0 < b[2] + GAP_PX and b[0] < x1 + GAP_PX and y0 < b[3] + GAP_PX and b[1] < y1 + GAP_PX
                       for cell in self._cells(box) for b in self.cells[cell])

    def add(self, box) -> None:
        for cell in self._cells(box):
            self.cells[cell].append(box)


def label_box(latitude: float, longitude: float, width: float, zoom: int, centred: bool = False,
              height: float = HEIGHT_PX) -> tuple[float, float, float, float]:
    """The label's box at `zoom`: beginning at its point (a place's dot), or centred on it (a country, a lake)."""
    x, y = _pixels(latitude, longitude, zoom)
    left = x - width / 2 if centred else x - 3
    return left, y - height / 2, left + width, y + height / 2


def assign_zooms(fixed: Iterable[dict], candidates: Sequence[dict]) -> list[dict]:
    """Each candidate ({latitude, longitude, width, zoom: the first it may show at}, in order of precedence) with
    `min_zoom`: the first zoom from its own at which, and at every deeper one, its box overlaps neither a `fixed`
    label shown there ({latitude, longitude, width, zoom, centred}) nor a candidate placed before it; so a label
    once shown stays as the analyst zooms in. Candidates that find no room by LAST_ZOOM (a second
    node at the same spot) are left out."""
    fixed = list(fixed)
    shown = {zoom: Occupied() for zoom in range(TOWN_ZOOM, LAST_ZOOM + 1)}
    for label in fixed:
        for zoom, occupied in shown.items():
            if zoom >= label["zoom"]:
                occupied.add(label_box(label["latitude"], label["longitude"], label["width"], zoom,
                                       label.get("centred", False)))
    placed = []
    for label in candidates:
        boxes = {zoom: label_box(label["latitude"], label["longitude"], label["width"], zoom)
                 for zoom in range(label["zoom"], LAST_ZOOM + 1)}
        # Free at this zoom and every deeper one: a label shown only from a deeper zoom may lie in its way there.
        free = [zoom for zoom in boxes if shown[zoom].free(boxes[zoom])]
        first = next((zoom for zoom in free if all(z in free for z in range(zoom, LAST_ZOOM + 1))), None)
        if first is not None:
            for zoom in range(first, LAST_ZOOM + 1):
                shown[zoom].add(boxes[zoom])
            placed.append({**label, "min_zoom": first})
    return placed


def _near(place: dict, others: Sequence[dict], km: float) -> list[dict]:
    return [o for o in others if abs(o["latitude"] - place["latitude"]) < km / 100
            and abs(o["longitude"] - place["longitude"]) < km / 80
            and distance_km(o["latitude"], o["longitude"], place["latitude"], place["longitude"]) <= km]


def place_labels(rows: Sequence[dict], tier_labels: Sequence[dict], tier_zooms: dict[int, int]) -> list[dict]:
    """The towns and villages to label zoomed in, with the zoom each shows from: `rows` are the gazetteer's (curated
    layer applied, tools.build_basemap), `tier_labels` those always labelled from their tier's zoom (labels.csv),
    which keep their place. Only exact places: a point placed by hand for an area would read as a village."""
    exact = [{**r, "latitude": float(r["latitude"]), "longitude": float(r["longitude"]),
              "population": int(float(r["population"] or 0))} for r in rows if r["geo_precision"] == "exact_place"]
    cited = known_spellings(rows)
    cited_ids = {r["place_id"] for r in rows if r["place_id"].startswith("fw:") and OSM_NODE.search(r["source"])}
    named = [{"latitude": float(t["latitude"]), "longitude": float(t["longitude"]), "name": t["name"]}
             for t in tier_labels if t["kind"] == "place"]
    towns = [r for r in exact if r["kind"] in ("town", "city") and not _near(r, named, 1.5)]
    towns.sort(key=lambda r: (-r["population"], r["place_id"]))
    latin_places = [r for r in exact if r["place_id"] not in cited_ids and (r["kind"] in ("town", "city") or (
        r["kind"] == "village" and r["source"] != ROMANIZED_SOURCE))]
    candidates = [{"latitude": r["latitude"], "longitude": r["longitude"], "kind": "town", "script": "",
                   "latin": place_label(r["name"]), "spelling": "known", "zoom": TOWN_ZOOM} for r in towns]
    villages = []
    for r in sorted((r for r in exact if r["kind"] == "village" and r["place_id"] not in cited_ids),
                    key=lambda r: r["place_id"]):
        if r["source"] != ROMANIZED_SOURCE:  # named in English letters (OSM's Latin-script villages)
            name = plain_name(r["name"])
            villages.append((1, {"script": "", "latin": name.title() if name.isupper() else name, "spelling": "known"},
                             r))
            continue
        script = r["alt_names"]
        if any(spells(name_key(n), script) for town in _near(r, latin_places, SAME_PLACE_KM)
               for n in (town["name"], *town["alt_names"].split("|")) if n):
            continue  # the town or village labelled by its English name
        latin, spelling = (cited[r["place_id"]], "known") if r["place_id"] in cited else (r["name"], "machine")
        villages.append((0 if spelling == "known" else 2, {"script": script, "latin": latin, "spelling": spelling}, r))
    villages.sort(key=lambda v: v[0])
    candidates += [{"latitude": r["latitude"], "longitude": r["longitude"], "kind": "village", **names,
                    "zoom": VILLAGE_ZOOM} for _, names, r in villages]
    for c in candidates:
        c["width"] = label_width(c["script"], c["latin"])
    fixed = [{"latitude": float(t["latitude"]), "longitude": float(t["longitude"]), "zoom": tier_zooms[int(t["tier"])],
              "centred": t["kind"] != "place",
              "width": label_width("", t["name"], 1.25) + (2 * len(t["name"]) if t["kind"] == "country" else 0)}
             for t in tier_labels]  # larger type (ui.basemap's CSS), countries spaced out
    return [{"script": c["script"], "latin": c["latin"], "spelling": c["spelling"], "kind": c["kind"],
             "latitude": round(c["latitude"], 4), "longitude": round(c["longitude"], 4), "min_zoom": c["min_zoom"]}
            for c in assign_zooms(fixed, candidates)]
