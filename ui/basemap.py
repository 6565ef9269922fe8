"""The offline basemap the attacks are drawn on, built from the files in data/ (tools/build_basemap.py):
Iraq's governorates and districts, its rivers, lakes and borders with the neighbouring countries, the Kurdistan
Region's edge (its governorates' line, not the 2003 Green Line), and place names that appear as the analyst zooms in
(governorate capitals first, then district seats, then towns; the other towns and the villages in view:
ui.place_labels). An online tile server (FRONTLINE_TILE_URL) is a second choice in the layer control's switcher,
never the only one, so an unreachable server never leaves a blank map.
"""
from __future__ import annotations

import json
import os
from functools import lru_cache
from html import escape
from pathlib import Path

import folium
import geopandas as gpd
import pandas as pd
import shapely
from branca.element import MacroElement
from jinja2 import Template

from geo import DATA_DIR
from ui.place_labels import CSS as PLACE_CSS
from ui.place_labels import (EDGE_CLASS, EDGE_COLOUR, EDGE_PANE, PlaceLabels, install_served, place_labels_file,
                             served_name)

TILE_URL_ENV = "FRONTLINE_TILE_URL"
TILE_ATTRIBUTION_ENV = "FRONTLINE_TILE_ATTRIBUTION"
BASEMAP_DIR = DATA_DIR / "basemap"
KRI_EDGE = DATA_DIR / "kri_edge.geojson"  # tools.build_data, from ../shared/geodata/lines
EDGE_NAME = "Kurdistan Region's edge (governorate line, not the Green Line)"
OFFLINE_NAME = "Offline map (bundled)"
ONLINE_NAME = "Online tiles"
LABEL_CLASS = "frontline-label"
# Label tier -> the zoom from which it shows (the map opens at about 7 on the disputed territories).
TIER_MIN_ZOOM = {0: 0, 1: 6, 2: 8, 3: 9}
NEIGHBOURS = "#e4e1da"  # land outside Iraq: the map's background
IRAQ = "#faf8f3"
WATER = "#5b9bd5"
DATA_ATTRIBUTION = ("OCHA COD-AB / Iraq CSO (CC BY 3.0 IGO) · GSHHG (LGPL 3) · GeoNames (CC BY 4.0) · "
                    "sectors: Frontline Watch")
_CSS = f"""<style>
.leaflet-container {{ background: {NEIGHBOURS};
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }}
.leaflet-control-attribution {{ font-size: 10px; }}
.{LABEL_CLASS} span {{ position: absolute; white-space: nowrap; font-size: 11px; color: #333; pointer-events: none;
  text-shadow: 0 0 2px #fff, 0 0 2px #fff, 0 0 3px #fff; transform: translate(-3px, -50%); }}
.{LABEL_CLASS}-place span::before {{ content: ""; display: inline-block; width: 4px; height: 4px; margin-right: 3px;
  border-radius: 50%; background: #444; vertical-align: 1px; }}
.{LABEL_CLASS}-tier-1 span {{ font-size: 12px; font-weight: 600; }}
.{LABEL_CLASS}-tier-3 span {{ font-size: 10px; color: #555; }}
.{LABEL_CLASS}-country span {{ transform: translate(-50%, -50%); color: #888; letter-spacing: 2px; font-size: 12px; }}
.{LABEL_CLASS}-water span {{ transform: translate(-50%, -50%); color: #2b6cb0; font-style: italic; }}
</style>"""


class _Attribution(MacroElement):
    """Credit the data in the map's attribution control (CC BY requires it)."""

    _template = Template("""{% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.text|tojson }});
    {% endmacro %}""")

    def __init__(self, text: str):
        super().__init__()
        self.text = text


class _ZoomLabels(MacroElement):
    """Place names as text markers, each tier shown from its zoom (TIER_MIN_ZOOM): a few inline lines of
    Leaflet, no plugin to fetch. Names are HTML-escaped here."""

    _template = Template("""{% macro script(this, kwargs) %}
    (function (map) {
        var labels = {{ this.labels|tojson }}, minZoom = {{ this.min_zoom|tojson }};
        var layer = L.layerGroup().addTo(map), markers = labels.map(function (l) {
            return [l[3], L.marker([l[0], l[1]], {interactive: false, keyboard: false, icon: L.divIcon({
                className: "{{ this.css_class }} {{ this.css_class }}-" + l[4] + " {{ this.css_class }}-tier-" + l[3],
                html: "<span>" + l[2] + "</span>", iconSize: null})})];
        });
        function update() {
            var zoom = map.getZoom();
            markers.forEach(function (m) {
                if (zoom >= minZoom[m[0]]) { layer.addLayer(m[1]); } else { layer.removeLayer(m[1]); }
            });
        }
        map.on("zoomend", update);
        update();
    })({{ this._parent.get_name() }});
    {% endmacro %}""")

    def __init__(self, labels: pd.DataFrame):
        super().__init__()
        self.css_class = LABEL_CLASS
        self.min_zoom = {str(k): v for k, v in TIER_MIN_ZOOM.items()}
        self.labels = [[r.latitude, r.longitude, escape(r.name), str(r.tier), r.kind] for r in labels.itertuples()]


@lru_cache(maxsize=1)
def basemap_data() -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame, pd.DataFrame]:
    """Water, borders and labels as shipped in data/basemap/."""
    return (gpd.read_file(BASEMAP_DIR / "water.geojson"), gpd.read_file(BASEMAP_DIR / "borders.geojson"),
            pd.read_csv(BASEMAP_DIR / "labels.csv", keep_default_na=False))


DISPLAY_TOLERANCE = 0.005  # degrees (about 500 m): outlines drawn lighter than the boundaries used for lookups
BASEMAP_PANE = "frontline-basemap"  # under the sectors and attacks (Leaflet's overlay pane is at z-index 400)


KRI_GOVERNORATES = ("Duhok", "Erbil", "Al-Sulaymaniyah")


def kri_edge(boundaries) -> list[shapely.LineString]:
    """The Kurdistan Region's edge as whole lines (its pieces joined, to be labelled along their length), each
    running with the Region on its left: its labels are put on that side (ui.place_labels)."""
    merged = shapely.line_merge(gpd.read_file(KRI_EDGE).geometry.union_all())
    region = boundaries.admin1[boundaries.admin1["name"].isin(KRI_GOVERNORATES)].geometry.union_all()
    lines = []
    for line in getattr(merged, "geoms", [merged]):
        middle, ahead = line.interpolate(0.5, normalized=True), line.interpolate(0.51, normalized=True)
        dx, dy = ahead.x - middle.x, ahead.y - middle.y
        left = shapely.Point(middle.x - dy * 0.3, middle.y + dx * 0.3)  # a little to the left of its way
        lines.append(line if region.contains(left) else line.reverse())
    return lines


@lru_cache(maxsize=1)
def basemap_json() -> str:
    """The basemap's layers as one GeoJSON document per layer, simplified for drawing, built once per process."""
    from geo import get_boundaries

    boundaries = get_boundaries()
    water, borders, _ = basemap_data()
    iraq = gpd.GeoDataFrame(geometry=[boundaries.admin1.geometry.union_all()], crs=4326)
    edge = gpd.GeoDataFrame(geometry=kri_edge(boundaries), crs=4326)

    def light(frame: gpd.GeoDataFrame, columns: list[str]) -> dict:
        frame = frame[[*columns, "geometry"]].copy()
        frame["geometry"] = frame.geometry.simplify(DISPLAY_TOLERANCE, preserve_topology=True).set_precision(1e-3)
        return json.loads(frame.to_json(drop_id=True))

    return json.dumps({"iraq": light(iraq, []), "water": light(water, ["kind"]), "borders": light(borders, []),
                       "admin2": light(boundaries.admin2, ["name"]), "admin1": light(boundaries.admin1, ["name"]),
                       "disputed": light(boundaries.disputed, ["name"]), "edge": light(edge, [])},
                      separators=(",", ":"))


def basemap_file() -> str:
    return served_name("basemap", basemap_json())


def install_basemap(folder: Path) -> Path:
    return install_served(folder, basemap_file(), basemap_json())


class _FetchedBasemap(MacroElement):
    """The basemap's outlines, fetched by the browser from the served file (basemap_file) and drawn in a pane
    of their own under the attacks: sent inline, its 235 KB went out on every page load and every rerun, and
    folium compiled them as a template each time (about 0.2 s of server time per run)."""

    _template = Template("""{% macro script(this, kwargs) %}
    (function (map) {
        var groups = {iraq: {{ this.offline.get_name() }}, water: {{ this.offline.get_name() }},
                      borders: {{ this.offline.get_name() }}, admin2: {{ this.admin.get_name() }},
                      admin1: {{ this.admin.get_name() }}, disputed: {{ this.disputed.get_name() }},
                      edge: {{ this.edge.get_name() }}};
        var styles = {
            iraq: {stroke: false, fillColor: "{{ this.iraq }}", fillOpacity: 1},
            borders: {color: "#555", weight: 1.6, dashArray: "8 3 2 3", fill: false},
            admin2: {color: "#b9b4a9", weight: 0.6, fillOpacity: 0},
            admin1: {color: "#8a8479", weight: 1.2, fillOpacity: 0},
            disputed: {color: "#000", weight: 2, dashArray: "6 4", fillOpacity: 0},
            edge: {color: "{{ this.edge_colour }}", weight: 2.5, opacity: 0.9, className: "{{ this.edge_class }}"}};
        function water(feature) {
            var kind = feature.properties.kind;
            return kind === "lake" ? {color: "{{ this.water }}", weight: 0.8, fillColor: "#a8c8e8", fillOpacity: 1}
                : {color: "{{ this.water }}", weight: kind === "river" ? 1.4 : 1, opacity: 0.9, fill: false};
        }
        (map.getPane("{{ this.pane }}") || map.createPane("{{ this.pane }}")).style.zIndex = 350;
        fetch({{ this.url|tojson }}).then(function (response) { return response.json(); }).then(function (layers) {
            Object.keys(groups).forEach(function (name) {
                L.geoJSON(layers[name], {pane: name === "edge" ? "{{ this.edge_pane }}" : "{{ this.pane }}",
                                         interactive: false, style: name === "water" ? water : styles[name]})
                    .addTo(groups[name]);
            });
            map.fire("frontline:basemap");  // the edge is labelled along its line (ui.place_labels)
        }).catch(function (error) { console.warn("basemap not loaded:", error); });
    })({{ this._parent.get_name() }});
    {% endmacro %}""")

    def __init__(self, url: str, offline: folium.FeatureGroup, admin: folium.FeatureGroup,
                 disputed: folium.FeatureGroup, edge: folium.FeatureGroup):
        super().__init__()
        self.url, self.offline, self.admin, self.disputed, self.edge = url, offline, admin, disputed, edge
        self.pane, self.iraq, self.water = BASEMAP_PANE, IRAQ, WATER
        self.edge_pane, self.edge_colour, self.edge_class = EDGE_PANE, EDGE_COLOUR, EDGE_CLASS


def add_basemap(fmap: folium.Map, tile_url: str | None, asset_url: str) -> None:
    """The switcher's base layers (the bundled map, and the online tiles when configured, shown first), the
    administrative outlines over either, and the place names. The outlines come from the served basemap
    file under `asset_url` (written there by ui.map_assets.install_static_assets)."""
    tile_url = tile_url if tile_url is not None else os.environ.get(TILE_URL_ENV) or None
    fmap.get_root().header.add_child(folium.Element(_CSS + PLACE_CSS))
    if tile_url:
        folium.TileLayer(tiles=tile_url, attr=os.environ.get(TILE_ATTRIBUTION_ENV, "Map tiles"), name=ONLINE_NAME,
                         overlay=False).add_to(fmap)
    offline = folium.FeatureGroup(name=OFFLINE_NAME, overlay=False, show=not tile_url).add_to(fmap)
    admin = folium.FeatureGroup(name="Governorates and districts").add_to(fmap)
    disputed = folium.FeatureGroup(name="Disputed territories (UNAMI 2009)").add_to(fmap)
    edge = folium.FeatureGroup(name=EDGE_NAME).add_to(fmap)
    fmap.add_child(_FetchedBasemap(f"{asset_url}/{basemap_file()}", offline, admin, disputed, edge))
    fmap.add_child(_ZoomLabels(basemap_data()[2]))
    fmap.add_child(PlaceLabels(f"{asset_url}/{place_labels_file()}", edge))
    fmap.add_child(_Attribution(DATA_ATTRIBUTION))
