"""The map as drawn for the dashboard (ui.mapping and friends), on real stores: markers, clusters, grid cells, the
area drawn one by one, the basemap and its switcher, the scripts it needs."""
import re

from bench.synthetic import synthetic_incidents
from ui.mapping import CELL_CLASS, build_map
from ui.popups import popup_html
from ui.symbols import (CLUSTER_CLASS, CLUSTER_FILL, CLUSTER_RING, COLOUR_BY, GROUP_COLOURS, TYPE_COLOURS, legend,
                        marker_radius)
from ui.viewport import cell_degrees, detail_ids, grid_cells, leaflet_bounds, steady_bounds


def test_map_has_one_marker_per_located_incident_and_escapes_text(seeded_store):
    incidents = seeded_store.incidents()
    html = build_map(seeded_store.table(), incidents).get_root().render()
    assert html.count("L.circleMarker(") == 4
    assert "Frontline sectors" in html and "Disputed territories" in html
    incident = incidents[0]
    incident.sources[0].sentence = "<img src=x onerror=alert(1)>"
    assert "<img" not in popup_html(incident) and "&lt;img" in popup_html(incident)


def test_dense_maps_cluster(seeded_store):
    incidents = seeded_store.incidents() * 40
    assert "L.markerClusterGroup(" in build_map(seeded_store.table(), incidents).get_root().render()
    assert "L.markerClusterGroup(" not in build_map(seeded_store.table(), incidents[:4]).get_root().render()


def test_groups_of_attacks_are_white_and_in_the_legend(seeded_store):
    """A group's symbol takes no victim or type colour, adds up the killed it holds, and the legend shows it."""
    html = build_map(seeded_store.table(), seeded_store.incidents() * 40).get_root().render()
    assert html.count("iconCreateFunction") == 1 and CLUSTER_CLASS in html and '"killed": ' in html
    assert CLUSTER_FILL not in {*GROUP_COLOURS.values(), *TYPE_COLOURS.values()}
    for colour_by in COLOUR_BY:
        assert "A group of attacks" in legend(colour_by).render() and CLUSTER_RING in legend(colour_by).render()


def test_many_incidents_are_drawn_as_grid_cells_that_keep_every_count(store):
    report, incidents = synthetic_incidents(3000, seed=2)
    store.add_incidents(report, incidents)
    table = store.table()
    assert detail_ids(table) is None  # too many to draw one by one
    cells = grid_cells(table, cell_degrees(7))
    assert cells["attacks"].sum() == len(table)
    assert cells["killed"].sum() == table["fatalities_best"].sum()
    assert len(cells) < len(table) / 10
    html = build_map(table).get_root().render()
    assert html.count("L.circleMarker(") == 0 and html.count(CELL_CLASS) >= 1
    finer = grid_cells(table, cell_degrees(11))
    assert len(finer) > len(cells) and finer["attacks"].sum() == len(table)


def test_zoomed_in_view_draws_each_incident_in_it(store):
    report, incidents = synthetic_incidents(3000, seed=2)
    store.add_incidents(report, incidents)
    table = store.table()
    kirkuk = ((35.3, 44.2), (35.6, 44.6))
    ids = detail_ids(table, kirkuk)
    assert ids and len(ids) < len(table)
    inside = table[table["incident_id"].isin(ids)]
    (south, west), (north, east) = steady_bounds(kirkuk)  # the view and a margin, so a small pan redraws nothing
    assert south <= 35.3 - 0.075 and north >= 35.6 + 0.075 and north - south < 0.6
    assert inside["latitude"].between(south, north).all() and inside["longitude"].between(west, east).all()
    nudged = ((35.33, 44.24), (35.59, 44.58))  # a popup panning the map a little
    assert steady_bounds(nudged) == steady_bounds(((35.32, 44.23), (35.58, 44.57)))
    leaflet = {"_southWest": {"lat": 35.3, "lng": 44.2}, "_northEast": {"lat": 35.6, "lng": 44.6}}
    assert leaflet_bounds(leaflet) == kirkuk
    assert leaflet_bounds(None) is None


def test_the_area_drawn_stays_while_a_popup_pans_the_map_and_follows_a_zoom():
    view = ((33.66, 45.23), (34.01, 45.62))  # zoom 11, as the analyst clicked a marker
    drawn = steady_bounds(view)
    panned = ((33.79, 45.23), (34.14, 45.62))  # the popup's autopan: past the margin, across a grid line
    assert steady_bounds(panned) != drawn and steady_bounds(panned, drawn) == drawn  # nothing redrawn
    away = ((34.3, 45.23), (34.65, 45.62))  # the analyst panned on
    assert steady_bounds(away, drawn) == steady_bounds(away)
    zoomed_in = ((33.8, 45.35), (33.9, 45.45))  # inside, but far fewer attacks are in view now
    assert steady_bounds(zoomed_in, drawn) == steady_bounds(zoomed_in)


def test_marker_area_grows_with_fatalities():
    assert marker_radius(0) < marker_radius(4) < marker_radius(13)


def test_a_configured_tile_server_is_a_second_basemap_in_the_switcher(seeded_store):
    from ui.basemap import OFFLINE_NAME, ONLINE_NAME

    html = build_map(seeded_store.table().head(0), tile_url="http://tiles.example.org/{z}/{x}/{y}.png").get_root() \
        .render()
    assert "tiles.example.org" in html and ONLINE_NAME in html and OFFLINE_NAME in html
    offline = build_map(seeded_store.table().head(0)).get_root().render()
    assert "tiles.example.org" not in offline and "L.tileLayer" not in offline and OFFLINE_NAME in offline


def test_the_offline_basemap_has_water_borders_and_place_names_by_zoom():
    from ui.basemap import TIER_MIN_ZOOM, basemap_data

    water, borders, labels = basemap_data()
    assert {"river", "lake"} <= set(water["kind"]) and len(borders) > 0
    by_name = labels.set_index("name")["tier"]
    assert by_name["Kirkuk"] == 1 and by_name["Erbil"] == 1  # governorate capitals first
    assert by_name["Makhmour"] == 2 and by_name["Kifri"] == 2  # then district seats, named as their incidents are
    assert TIER_MIN_ZOOM[1] < TIER_MIN_ZOOM[2] < TIER_MIN_ZOOM[3]
    dukan = water[water["kind"] == "lake"].cx[44.8:45.1, 35.8:36.2]
    assert len(dukan) >= 1  # Lake Dukan is drawn


def test_the_maps_need_no_jquery(seeded_store, tmp_path):
    """jQuery is left out of the map's scripts (ui.map_assets): no map the dashboard draws may call it."""
    from ui.map_assets import BUNDLE, install_static_assets

    table, details = seeded_store.table(), seeded_store.incidents()
    for html in (build_map(table, details, heat=True).get_root().render(), build_map(table, None).get_root().render(),
                 build_map(table, details, colour_by="attack_type").get_root().render()):
        assert not re.search(r"\$[.(]", html) and "jquery" not in html.lower()  # $(...), $.ajax, $.extend
        assert BUNDLE in html
    bundle = (install_static_assets(tmp_path) / BUNDLE).read_text()
    assert "L.MarkerClusterGroup" in bundle and "L.heatLayer" in bundle and "jQuery" not in bundle


def test_a_view_frames_every_sector_chosen():
    from ui.viewport import sector_view

    (lat, lon), zoom = sector_view("Sinjar")
    (both_lat, both_lon), both_zoom = sector_view(("Sinjar", "Garmian (Kifri–Kalar)"))
    assert both_lon > lon + 1 and both_zoom < zoom  # from Sinjar to Kifri: wider, so zoomed out
    assert sector_view(("No such sector",)) is None
