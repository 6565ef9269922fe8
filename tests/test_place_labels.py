"""The names shown zoomed in (tools/place_labels.py, shipped in data/basemap/places.csv), and the Places page's pin."""
import json
import re

import folium
import pandas as pd
import pytest

from geo import DATA_DIR
from geo.gazetteer import gazetteer_rows
from geo.romanize import ROMANIZED_SOURCE
from tools.place_labels import (
    LAST_ZOOM,
    TOWN_ZOOM,
    VILLAGE_ZOOM,
    Occupied,
    assign_zooms,
    known_spellings,
    label_box,
    label_width,
    place_labels,
)

SHIPPED = DATA_DIR / "basemap" / "places.csv"


def _row(place_id, name, kind, lat, lon, alt="", source=ROMANIZED_SOURCE, population=0):
    return {"place_id": place_id, "name": name, "alt_names": alt, "kind": kind, "geo_precision": "exact_place",
            "latitude": str(lat), "longitude": str(lon), "population": str(population), "source": source}


def test_a_label_shows_from_the_first_zoom_where_it_overlaps_nothing_and_keeps_showing():
    a = {"latitude": 35.0, "longitude": 44.0, "width": 80.0, "zoom": VILLAGE_ZOOM}
    b = {**a, "longitude": 44.004}  # about 360 m east: its label overlaps a's until zoomed well in
    far = {**a, "latitude": 36.0}
    placed = {p["longitude"] + p["latitude"]: p["min_zoom"] for p in assign_zooms([], [a, b, far])}
    assert placed[35.0 + 44.0] == VILLAGE_ZOOM and placed[36.0 + 44.0] == VILLAGE_ZOOM
    later = placed[35.0 + 44.004]
    assert VILLAGE_ZOOM < later <= LAST_ZOOM
    for zoom in range(later, LAST_ZOOM + 1):  # apart from its first zoom on
        assert _alone(label_box(35.0, 44.0, 80.0, zoom)).free(label_box(35.0, 44.004, 80.0, zoom))
    assert not _alone(label_box(35.0, 44.0, 80.0, later - 1)).free(label_box(35.0, 44.004, 80.0, later - 1))


def _alone(box) -> Occupied:
    occupied = Occupied()
    occupied.add(box)
    return occupied


def test_a_fixed_label_keeps_its_place_and_a_second_node_at_one_spot_is_left_out():
    capital = {"latitude": 35.0, "longitude": 44.0, "width": 60.0, "zoom": 6}
    village = {"latitude": 35.0, "longitude": 44.0, "width": 60.0, "zoom": VILLAGE_ZOOM}
    assert assign_zooms([capital], [village]) == []  # under the capital's name at every zoom
    shown_later = {"latitude": 35.0, "longitude": 44.0, "width": 60.0, "zoom": LAST_ZOOM}
    # a label shown only from a deeper zoom still takes its room there from one placed after it
    assert [p["min_zoom"] for p in assign_zooms([], [shown_later, {**village, "longitude": 44.0001}])] == [LAST_ZOOM]


def test_a_script_village_reads_in_its_script_with_the_spelling_analysts_know_or_a_marked_machine_reading():
    rows = [_row("osm:1", "Khdr Jija", "village", 35.7657, 43.679, "خدر جیجە"),
            _row("fw:khidrjija", "Khidrjija", "village", 35.7657, 43.679, "Khidr Jija",
                 "OpenStreetMap node 1 'خدر جیجە' (ODbL)."),
            _row("osm:2", "Lheban", "village", 35.2, 44.1, "لهيبان"),
            _row("osm:3", "Dquq", "village", 35.1395, 44.4492, "داقوق"),  # the town, as an OSM node
            _row("geonames:90220", "Daquq", "town", 35.13923, 44.44907, "Tauq", "GeoNames", 20000)]
    assert known_spellings(rows) == {"osm:1": "Khidrjija"}
    labels = {(label["script"], label["latin"]): label for label in place_labels(rows, [], {})}
    assert labels[("خدر جیجە", "Khidrjija")]["spelling"] == "known"  # once, at the OSM node, in both
    assert labels[("لهيبان", "Lheban")]["spelling"] == "machine"
    assert labels[("", "Daquq")]["kind"] == "town" and labels[("", "Daquq")]["min_zoom"] == TOWN_ZOOM
    assert len(labels) == 3  # داقوق is the town Daquq, labelled once by its English name


def test_the_shipped_names_never_overlap_at_any_zoom_and_stay_small():
    places = pd.read_csv(SHIPPED, keep_default_na=False)
    assert SHIPPED.stat().st_size < 1_000_000
    assert places["min_zoom"].between(TOWN_ZOOM, LAST_ZOOM).all()
    assert (places.loc[places["kind"] == "village", "min_zoom"] >= VILLAGE_ZOOM).all()
    around = places[places["latitude"].between(35.2, 35.7) & places["longitude"].between(44.0, 44.7)]
    for zoom in (10, 11, 13):
        occupied = Occupied()
        for label in around[around["min_zoom"] <= zoom].itertuples():
            box = label_box(label.latitude, label.longitude, label_width(label.script, label.latin), zoom)
            assert occupied.free(box), (zoom, label.latin)
            occupied.add(box)
    known = places[(places["spelling"] == "known") & (places["script"] != "")]
    assert {"Khidrjija", "Qara Salim", "Kocho"} <= set(known["latin"])
    machine = places[places["spelling"] == "machine"]
    assert machine["script"].map(lambda s: bool(re.search("[\u0600-\u06FF]", s))).all()


def test_the_shipped_names_are_rebuilt_the_same_from_the_gazetteer():
    from tools.build_basemap import build_labels
    from ui.basemap import TIER_MIN_ZOOM, basemap_data

    gazetteer = pd.DataFrame(gazetteer_rows()).astype({"latitude": float, "longitude": float})
    gazetteer["population"] = gazetteer["population"].astype(float).astype(int)
    tiers = build_labels(gazetteer)
    assert pd.DataFrame(tiers).shape == basemap_data()[2].shape
    rebuilt = pd.DataFrame(place_labels(gazetteer_rows(), tiers, TIER_MIN_ZOOM))
    pd.testing.assert_frame_equal(rebuilt, pd.read_csv(SHIPPED, keep_default_na=False), check_dtype=False)


def test_the_served_names_file_holds_every_shipped_name():
    from ui.place_labels import place_labels_file, place_labels_json

    rows = json.loads(place_labels_json())
    assert len(rows) == len(pd.read_csv(SHIPPED)) and len({len(r) for r in rows}) == 1
    assert re.fullmatch(r"places-[0-9a-f]{12}\.json", place_labels_file())


def test_the_places_map_pins_the_chosen_point_and_joins_each_incident_to_it(seeded_store):
    from ui.placing import LISTED_CLASS, MOVE_CLASS, PIN_CLASS, placing_layer

    incidents = seeded_store.incidents()
    unchosen = folium.Map().add_child(placing_layer(incidents, None)).get_root().render()
    assert unchosen.count(LISTED_CLASS) == len(incidents) and PIN_CLASS not in unchosen and MOVE_CLASS not in unchosen
    chosen = folium.Map().add_child(placing_layer(incidents, (35.05, 43.98))).get_root().render()
    assert chosen.count(PIN_CLASS) == 1 and chosen.count(MOVE_CLASS) == len(incidents)
    assert "35.05000, 43.98000" in chosen


@pytest.mark.parametrize("location", ["<img src=x onerror=alert(1)>", "`${alert(1)}`"])
def test_an_incidents_place_goes_into_the_places_map_as_text(seeded_store, location):
    from ui.placing import placing_layer

    incident = seeded_store.incidents()[0].model_copy(update={"location": location})
    page = folium.Map().add_child(placing_layer([incident], None)).get_root().render()
    assert "<img" not in page and "${alert" not in page and "`${" not in page


def test_the_kurdistan_regions_edge_is_one_line_with_the_region_on_its_left():
    import shapely

    from geo import get_boundaries
    from ui.basemap import KRI_GOVERNORATES, kri_edge

    boundaries = get_boundaries()
    lines = kri_edge(boundaries)
    assert len(lines) == 1 and lines[0].length == pytest.approx(10.07, abs=0.05)  # shared/geodata's README: 10.07°
    region = boundaries.admin1[boundaries.admin1["name"].isin(KRI_GOVERNORATES)].geometry.union_all()
    line = lines[0]
    for share in (0.1, 0.3, 0.7, 0.9):
        here, ahead = line.interpolate(share, normalized=True), line.interpolate(share + 0.005, normalized=True)
        length = here.distance(ahead) / 0.01  # a step of 0.01° (about 1 km) to either side
        dx, dy = (ahead.x - here.x) / length, (ahead.y - here.y) / length
        left, right = shapely.Point(here.x - dy, here.y + dx), shapely.Point(here.x + dy, here.y - dx)
        assert region.contains(left) and not region.contains(right), share
