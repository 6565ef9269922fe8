"""The offline basemap the attacks are drawn on, built from the files in data/ (geo/build_basemap.py):
Iraq's governorates and districts, its rivers, lakes and borders with the neighbouring countries, and
place names that appear as the analyst zooms in (governorate capitals first, then district seats, then
towns). An online tile server (FRONTLINE_TILE_URL) is a second choice in the layer control's switcher,
never the only one, so an unreachable server never leaves a blank map.
"""
from __future__ import annotations

import json
import os
from functools import lru_cache
from html import escape

import folium
import geopandas as gpd
import pandas as pd
from branca.element import MacroElement
from jinja2 import Template

from geo import DATA_DIR

TILE_URL_ENV = "FRONTLINE_TILE_URL"
TILE_ATTRIBUTION_ENV = "FRONTLINE_TILE_ATTRIBUTION"
BASEMAP_DIR = DATA_DIR / "basemap"
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


def _water_style(feature: dict) -> dict:
    if feature["properties"]["kind"] == "lake":
        return {"color": WATER, "weight": 0.8, "fillColor": "#a8c8e8", "fillOpacity": 1}
    return {"color": WATER, "weight": 1.4 if feature["properties"]["kind"] == "river" else 1, "opacity": 0.9}


DISPLAY_TOLERANCE = 0.005  # degrees (about 500 m): outlines drawn lighter than the boundaries used for lookups


@lru_cache(maxsize=1)
def display_geojson() -> dict[str, dict]:
    """The basemap's layers as GeoJSON, simplified for drawing and built once per process: folium takes a
    dict as it is, where a GeoDataFrame would be converted again on every rerun."""
    from geo import get_boundaries

    boundaries = get_boundaries()
    water, borders, _ = basemap_data()
    iraq = gpd.GeoDataFrame(geometry=[boundaries.admin1.geometry.union_all()], crs=4326)

    def light(frame: gpd.GeoDataFrame, columns: list[str]) -> dict:
        frame = frame[[*columns, "geometry"]].copy()
        frame["geometry"] = frame.geometry.simplify(DISPLAY_TOLERANCE, preserve_topology=True).set_precision(1e-3)
        return json.loads(frame.to_json(drop_id=True))

    return {"iraq": light(iraq, []), "water": light(water, ["kind"]), "borders": light(borders, []),
            "admin1": light(boundaries.admin1, ["name"]), "admin2": light(boundaries.admin2, ["name"]),
            "disputed": light(boundaries.disputed, ["name"])}


def add_basemap(fmap: folium.Map, tile_url: str | None = None) -> None:
    """The switcher's base layers (the bundled map, and the online tiles when configured, shown first), the
    administrative outlines over either, and the place names."""
    tile_url = tile_url if tile_url is not None else os.environ.get(TILE_URL_ENV) or None
    fmap.get_root().header.add_child(folium.Element(_CSS))
    if tile_url:
        folium.TileLayer(tiles=tile_url, attr=os.environ.get(TILE_ATTRIBUTION_ENV, "Map tiles"), name=ONLINE_NAME,
                         overlay=False).add_to(fmap)
    layers, labels = display_geojson(), basemap_data()[2]
    offline = folium.FeatureGroup(name=OFFLINE_NAME, overlay=False, show=not tile_url).add_to(fmap)
    folium.GeoJson(layers["iraq"], style_function=lambda _: {"stroke": False, "fillColor": IRAQ, "fillOpacity": 1},
                   interactive=False).add_to(offline)
    folium.GeoJson(layers["water"], style_function=_water_style, interactive=False).add_to(offline)
    folium.GeoJson(layers["borders"], style_function=lambda _: {
        "color": "#555", "weight": 1.6, "dashArray": "8 3 2 3"}, interactive=False).add_to(offline)
    admin = folium.FeatureGroup(name="Governorates and districts").add_to(fmap)
    folium.GeoJson(layers["admin2"], style_function=lambda _: {
        "color": "#b9b4a9", "weight": 0.6, "fillOpacity": 0}, interactive=False).add_to(admin)
    folium.GeoJson(layers["admin1"], style_function=lambda _: {
        "color": "#8a8479", "weight": 1.2, "fillOpacity": 0}, interactive=False).add_to(admin)
    folium.GeoJson(layers["disputed"], name="Disputed territories (UNAMI 2009)", style_function=lambda _: {
        "color": "#000", "weight": 2, "dashArray": "6 4", "fillOpacity": 0}, interactive=False).add_to(fmap)
    fmap.add_child(_ZoomLabels(labels))
    fmap.add_child(_Attribution(DATA_ATTRIBUTION))
