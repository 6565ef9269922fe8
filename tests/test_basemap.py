"""The offline basemap as shipped in data/basemap/ (built by tools/build_basemap.py) and its river tracing."""
import pytest
from shapely.geometry import LineString, Point

from geo import get_gazetteer
from ui.basemap import basemap_data

KM = 1 / 111  # a degree of latitude is about 111 km


def _rivers() -> dict:
    water = basemap_data()[0]
    return {row.name: row.geometry for row in water[(water["kind"] == "river") & (water["name"] != "")].itertuples()}


@pytest.mark.parametrize("river, place_ids", [
    ("Tigris", ["geonames:99072", "geonames:90150", "geonames:91597", "geonames:98182"]),  # Mosul, Tikrit, Samarra,
    # Baghdad
    ("Great Zab", ["geonames:96833"]),  # Eski Kalak
    ("Little Zab", ["fw:prde", "geonames:96953"]),  # Altun Kupri, Dukan
    ("Diyala", ["geonames:97990"]),  # Baqubah
])
def test_the_rivers_analysts_name_are_drawn_whole_and_named(river, place_ids):
    line = _rivers()[river]
    assert line.geom_type == "LineString"  # one line, not pieces
    for place_id in place_ids:
        place = get_gazetteer().places[place_id]
        assert line.distance(Point(place.longitude, place.latitude)) < 4 * KM, place.name  # through the town
    if river != "Tigris":  # a tributary reaches the Tigris
        tigris = _rivers()["Tigris"]
        assert min(tigris.distance(Point(line.coords[0])), tigris.distance(Point(line.coords[-1]))) < 1 * KM


def test_the_lakes_are_drawn_as_named_water_and_the_reservoirs_gshhg_lacks_are_named_on_the_map():
    water, _, labels = basemap_data()
    lakes = water[water["kind"] == "lake"].set_index("name")
    for name in ("Lake Dukan", "Darbandikhan", "Lake Tharthar"):
        assert lakes.loc[name].geometry.geom_type == "Polygon"
    dukan = lakes.loc["Lake Dukan"].geometry
    assert dukan.distance(Point(44.96, 35.93)) < 10 * KM  # beside Dukan town
    named = set(labels[labels["kind"] == "water"]["name"])
    assert {"Lake Hamrin", "Mosul Dam Lake", "Tigris", "Great Zab", "Little Zab", "Diyala"} <= named


def test_map_labels_are_plain_english_names_as_popups_show_them():
    from analysis.labels import place_label

    labels = basemap_data()[2]
    assert labels["name"].map(str.isascii).all()
    places = labels[labels["kind"] == "place"]
    assert (places["name"].map(place_label) == places["name"]).all()  # a label reads as the popup does
    assert {"Tuz Khurmatu", "Makhmour", "Kifri", "Daquq", "Tal Afar", "Chamchamal", "Hawija"} <= set(places["name"])
    assert not places["name"].isin(["Tooz Khurmato", "Mexmur", "Jamjamal"]).any()


def test_a_river_is_traced_through_its_places_across_gaps_and_a_tributary_stops_at_its_river():
    from tools.build_basemap import trace_rivers

    main = [LineString([(0, 0), (0.5, 0)]), LineString([(0.5005, 0), (1, 0)])]  # a 50 m gap, as WDBII has
    tributary = [LineString([(0.6, 0.5), (0.6, 0.2)]), LineString([(0.6, 0.2), (0.7, 0)])]
    side = LineString([(0.3, 0), (0.3, -0.4)])
    places = {"a": (0.0, 0.0), "b": (1.0, 0.0), "c": (0.6, 0.5), "far": (0.0, 1.0)}
    rivers = {"Main": (None, ("a", "b")), "Branch": ("Main", ("c", "b"))}
    traced = trace_rivers(main + tributary + [side], places, rivers)
    assert traced["Main"].length == pytest.approx(1.0, abs=0.01)
    assert list(traced["Branch"].coords)[-1] == (0.7, 0.0)  # cut where it meets the main river
    with pytest.raises(ValueError, match="far"):  # a place off the network is not guessed onto it
        trace_rivers(main, places, {"Far": (None, ("a", "far"))})
