"""The folium map: the attacks (ui.symbols draws each, ui.popups says what it is, ui.viewport chooses
markers or grid cells), frontline sectors shaded by their toll, and the disputed-territories outline, over
the offline basemap (ui.basemap)."""
from __future__ import annotations

import json
import math
from functools import lru_cache
from html import escape
from typing import Iterable

import folium
import pandas as pd
from branca.colormap import LinearColormap
from branca.element import MacroElement
from jinja2 import Template
from folium.elements import JSCSSMixin
from folium.plugins import HeatMap, MarkerCluster

from geo import Boundaries, get_boundaries
from analysis.tables import counted, sector_figures
from incidents.confidence import awaiting_review
from incidents.model import Incident
from ui.basemap import add_basemap
from ui.map_assets import STATIC_URL, stable_ids, use_local_assets
from ui.popups import ATTACK_CLASS, BoundPopups
from ui.symbols import (AWAITING_STYLE, CLUSTER_ICON, GROUP_COLOURS, PRECISION_STYLES, FoldLegend, legend,
                        marker_colours, marker_radius)
from ui.viewport import cell_degrees, grid_cells

CENTRE = (35.4, 44.2)  # the disputed territories, Sinjar to Khanaqin
OPENING_ZOOM = 7  # the disputed territories fit a desktop's map at it
SINJAR_TO_KHANAQIN = ((34.2, 41.75), (36.45, 45.5))  # the frontline's towns, west to east: a phone's map at zoom 7
MAX_ZOOM = 16  # no tiles set one, and clustering needs it: village level
SECTOR_CLASS = "frontline-sector"
DOUBLE_CLICK_MS = 450  # a second click within this is a double-click (browsers take 400-500 ms)
PRECISION_CLASS = "frontline-precision"  # + "-exact_place" etc.: how well the marker's point is known
# Above this many markers on the map they are clustered (the cluster count says how many).
CLUSTER_FROM = 150
CELL_CLASS = "frontline-cell"
AWAITING_CLASS = "frontline-awaiting"  # an attack's marker, awaiting review
GOVERNORATE_CLASS = "frontline-governorate"  # the outline of a governorate holding governorate-wide attacks
CELL_MAX_RADIUS = 18
HEAT_CELL_DEGREES = 0.02
SECTOR_SCALE = ["#fff5eb", "#fdae6b", "#e6550d", "#7f2704"]


@lru_cache(maxsize=2)
def _sector_features(boundaries: Boundaries) -> list[dict]:
    """The sectors as GeoJSON features, simplified for drawing, built once (folium takes them as they are)."""
    sectors = boundaries.sectors[["name", "description", "geometry"]].copy()
    sectors["geometry"] = sectors.geometry.simplify(0.003, preserve_topology=True).set_precision(1e-3)
    return json.loads(sectors.to_json(drop_id=True))["features"]


def _sector_layer(boundaries: Boundaries, figures: dict[str, dict[str, int]], faint: bool = False) -> folium.GeoJson:
    """Sectors shaded by fatalities in the current filter (`figures`: analysis.tables.sector_figures), their figures
    in the tooltip; `faint` under a heat map, which would otherwise vanish into the shading."""
    features = [{**f, "properties": {**f["properties"], **{key: figures.get(f["properties"]["name"], {}).get(key, 0)
                                                            for key in ("attacks", "fatalities", "wounded")}}}
                for f in _sector_features(boundaries)]
    most = max([1, *(f["properties"]["fatalities"] for f in features)])
    scale = LinearColormap(SECTOR_SCALE, vmin=0, vmax=most)
    return folium.GeoJson(
        {"type": "FeatureCollection", "features": features}, name="Frontline sectors",
        style_function=lambda f: {"color": "#8c2d04", "weight": 1.5, "fillOpacity": 0.08 if faint else 0.4,
                                  "className": SECTOR_CLASS,
                                  "fillColor": scale(f["properties"]["fatalities"])},
        tooltip=folium.GeoJsonTooltip(["name", "attacks", "fatalities", "wounded", "description"],
                                      aliases=["Sector", "Attacks", "Fatalities", "Wounded", ""], sticky=False),
    )


class _LayerAssets(JSCSSMixin, MacroElement):
    """Declares the marker-cluster and heat-map scripts on the base map: layers sent later may use them,
    and the dashboard's component loads only the scripts the base map declares."""

    default_js = MarkerCluster.default_js + HeatMap.default_js
    default_css = MarkerCluster.default_css


class SectorClickWait(MacroElement):
    """A click on a sector filters to it, but a double-click zooms, and the browser sends two clicks first: the
    map component reports a click at once, so the sector clicked is held back until no second click follows
    (DOUBLE_CLICK_MS), then reported as the component reports a drawing. A script in the map's own code."""

    _template = Template("""{% macro script(this, kwargs) %}
    (function (map) {
        var sent = null, timer = null;
        map.on("click", function (event) {  // after the component's own handler on the sector
            var data = window.__GLOBAL_DATA__, target = event.originalEvent && event.originalEvent.target;
            if (!data || !target || !L.DomUtil.hasClass(target, "{{ this.sector_class }}")) { return; }
            var clicked = data.last_active_drawing;
            data.last_active_drawing = sent;
            clearTimeout(timer);
            timer = setTimeout(function () {
                sent = clicked;
                map.fire("draw:created", {layer: {toGeoJSON: function () { return clicked; }},
                                          latlng: event.latlng});
            }, {{ this.wait }});
        });
        map.on("dblclick", function () { clearTimeout(timer); });
    })({{ this._parent.get_name() }});
    {% endmacro %}""")

    def __init__(self):
        super().__init__()
        self.sector_class, self.wait = SECTOR_CLASS, DOUBLE_CLICK_MS


class OpeningView(MacroElement):
    """The map opens framed on the disputed territories; a phone's map is too narrow for them at OPENING_ZOOM, and
    framing them there zoomed out so far that they sat small at the top of a tall map, Najaf and Samawah under
    them: a narrow map frames the frontline's towns, Sinjar to Khanaqin, instead (a script in the map's own code:
    it knows the map's size)."""

    _template = Template("""{% macro script(this, kwargs) %}
    (function (map) {
        var whole = L.latLngBounds({{ this.whole }});
        map.fitBounds(map.getBoundsZoom(whole) < {{ this.zoom }} ? {{ this.narrow }} : whole);
    })({{ this._parent.get_name() }});
    {% endmacro %}""")

    def __init__(self, boundaries: Boundaries):
        super().__init__()
        west, south, east, north = (round(float(v), 5) for v in boundaries.disputed.total_bounds)
        self.whole, self.narrow = json.dumps([(south, west), (north, east)]), json.dumps(SINJAR_TO_KHANAQIN)
        self.zoom = OPENING_ZOOM


def base_map(boundaries: Boundaries | None = None, tile_url: str | None = None,
             asset_url: str = STATIC_URL, colour_by: str | None = "victims") -> folium.Map:
    """What does not change with the filter: basemap, disputed-territories outline, legend, attribution,
    framed on the disputed territories; scripts and styles from `asset_url` (never a CDN)."""
    boundaries = boundaries or get_boundaries()
    fmap = folium.Map(location=CENTRE, zoom_start=OPENING_ZOOM, tiles=None, control_scale=True)
    fmap.options["maxZoom"] = MAX_ZOOM
    add_basemap(fmap, tile_url, asset_url)
    fmap.add_child(_LayerAssets())
    fmap.add_child(SectorClickWait())
    fmap.add_child(OpeningView(boundaries))
    if colour_by:  # the legend of the attack markers; a map without them has none
        fmap.get_root().html.add_child(legend(colour_by))
        fmap.add_child(FoldLegend())
    return use_local_assets(stable_ids(fmap, "b"), asset_url)


def _cell_layer(cells: pd.DataFrame) -> folium.GeoJson:
    """One GeoJSON layer of circles, one per cell: a few hundred features where markers would be 100,000.
    Areas compare the cells' tolls (the largest is CELL_MAX_RADIUS px), so dense areas do not cover the map."""
    most = max(float(cells["killed"].max()), 1.0)
    features = [{
        "type": "Feature", "geometry": {"type": "Point", "coordinates": [round(c.longitude, 4), round(c.latitude, 4)]},
        "properties": {
            "radius": round(3 + (CELL_MAX_RADIUS - 3) * math.sqrt(c.killed / most), 1), "colour": c.colour,
            "label": escape(f"{c.attacks} attacks, {int(c.killed)} killed, {int(c.wounded)} wounded, "
                            f"{c.first:%Y-%m-%d} – {c.last:%Y-%m-%d}: {c.places}")}}
        for c in cells.itertuples()]
    return folium.GeoJson(
        {"type": "FeatureCollection", "features": features}, name="Attacks (grouped)",
        marker=folium.CircleMarker(radius=6, fill=True, fill_opacity=0.7, weight=1),
        style_function=lambda f: {"radius": f["properties"]["radius"], "color": f["properties"]["colour"],
                                  "fillColor": f["properties"]["colour"], "className": CELL_CLASS},
        tooltip=folium.GeoJsonTooltip(["label"], labels=False),
    )


def _marker(incident: Incident, colour: str, count_awaiting: bool = False) -> folium.CircleMarker:
    """The attack's marker; BoundPopups binds its popup and tooltip (by the incident id in its class). One
    awaiting review has a grey ring and a fainter disc (AWAITING_STYLE). Its killed, as the figures count them,
    are in its options: the group it is in (CLUSTER_ICON) adds them up."""
    style = PRECISION_STYLES.get(incident.geo_precision or "", PRECISION_STYLES["governorate"])
    awaiting = awaiting_review(incident)
    marker = folium.CircleMarker(
        location=(incident.latitude, incident.longitude), radius=marker_radius(incident.fatalities_best),
        color=AWAITING_STYLE["color"] if awaiting else colour, fill=True, fill_color=colour,
        fill_opacity=style["fill_opacity"] * (AWAITING_STYLE["fill_opacity_share"] if awaiting else 1),
        weight=style["weight"], dash_array=style["dash_array"],
        class_name=f"{ATTACK_CLASS} {PRECISION_CLASS}-{incident.geo_precision} {ATTACK_CLASS}-{incident.incident_id}"
                   + (f" {AWAITING_CLASS}" if awaiting else ""),
    )
    marker.options["killed"] = 0 if awaiting and not count_awaiting else incident.fatalities_best or 0
    return marker


def _governorate_outlines(boundaries: Boundaries, names: list[str]) -> folium.GeoJson | None:
    """The governorates that hold attacks known only to them (`names`), outlined (dashed, not filled, not clickable:
    the sectors under them stay clickable), so their rings read as 'somewhere in this governorate'."""
    named = boundaries.admin1[boundaries.admin1["name"].isin(set(names))]
    if named.empty:
        return None
    outlines = named[["name", "geometry"]].copy()
    outlines["geometry"] = outlines.geometry.simplify(0.01, preserve_topology=True)
    return folium.GeoJson(outlines.__geo_interface__, name="Governorate-wide attacks", interactive=False,
                          style_function=lambda f: {"color": "#5e3c99", "weight": 2, "dashArray": "6 6",
                                                    "fill": False, "className": GOVERNORATE_CLASS})


def _add_markers(attacks: folium.FeatureGroup, details: list[Incident], colours: dict[str, str],
                 focus: str | None = None, count_awaiting: bool = False) -> None:
    """One marker per incident. Markers that share a point (attacks placed at the same seat town) are
    grouped under a count that spreads them out when clicked; above CLUSTER_FROM every marker is clustered.
    Groups are drawn as CLUSTER_ICON."""
    if len(details) >= CLUSTER_FROM:
        dense = MarkerCluster(options={"maxClusterRadius": 40}, icon_create_function=CLUSTER_ICON).add_to(attacks)
        holders = {i.incident_id: dense for i in details}
    else:
        at_point: dict[tuple[float, float], list[Incident]] = {}
        for incident in details:
            at_point.setdefault((incident.latitude, incident.longitude), []).append(incident)
        shared = {i.incident_id for group in at_point.values() if len(group) > 1 for i in group}
        stack = MarkerCluster(name="Attacks at one point", options={
            "maxClusterRadius": 1, "showCoverageOnHover": False, "spiderfyDistanceMultiplier": 1.5},
            icon_create_function=CLUSTER_ICON) if shared else None
        if stack:
            stack.add_to(attacks)
        holders = {i.incident_id: stack if i.incident_id in shared else attacks for i in details}
    for incident in details:
        _marker(incident, colours.get(incident.incident_id, GROUP_COLOURS["unknown"]), count_awaiting).add_to(
            holders[incident.incident_id])
    attacks.add_child(BoundPopups(details, focus))  # after the markers: it binds them


def incident_layers(table: pd.DataFrame, details: Iterable[Incident] | None = None,
                    boundaries: Boundaries | None = None, colour_by: str = "victims", zoom: int | None = None,
                    heat: bool = False, asset_url: str = STATIC_URL, focus: str | None = None,
                    count_awaiting: bool = False) -> list[folium.FeatureGroup]:
    """drawn_layers for the incidents of `table` (the filtered incidents; those awaiting review count only with
    `count_awaiting`, as the figures count them): markers for `details` when given, else grid cells sized for
    `zoom` (the dashboard computes the same in the database: ui.views.Selection)."""
    figures = counted(table, count_awaiting)  # what the shading, cells and heat count; markers show every row
    wide = table[(table["geo_precision"] == "governorate") & table["latitude"].notna()]
    drawn, colours = None, {}
    if details is not None:
        drawn = [i for i in details if i.geolocated]
        shown = table[table["incident_id"].isin({i.incident_id for i in drawn})]  # zoomed in: a few of many
        colours = dict(zip(shown["incident_id"], marker_colours(shown, colour_by)))
    return drawn_layers(sector_figures(figures), sorted(set(wide["admin1"].dropna())), drawn, colours,
                        grid_cells(figures, cell_degrees(zoom), colour_by) if drawn is None else None,
                        grid_cells(figures, HEAT_CELL_DEGREES) if heat else None, boundaries, asset_url, focus,
                        count_awaiting)


def drawn_layers(sectors: dict[str, dict[str, int]], governorates: list[str], details: list[Incident] | None,
                 colours: dict[str, str], cells: pd.DataFrame | None, heat: pd.DataFrame | None = None,
                 boundaries: Boundaries | None = None, asset_url: str = STATIC_URL, focus: str | None = None,
                 count_awaiting: bool = False) -> list[folium.FeatureGroup]:
    """What changes with the filter: the sectors shaded by their toll (`sectors`: attacks, fatalities and wounded
    per sector) and the `governorates` outlined where attacks are known only to them; the attacks, one marker with
    its popup per located incident of `details` (few enough to draw, see ui.viewport.detail_ids; coloured by
    `colours`, by incident id) or else the grid `cells`; and the `heat` map's points when given. The marker of
    incident `focus`, if drawn, opens its popup. Scripts, like the base map's, from `asset_url`."""
    boundaries = boundaries or get_boundaries()
    layer = folium.FeatureGroup(name="Frontline sectors")
    _sector_layer(boundaries, sectors, faint=heat is not None).add_to(layer)
    outlines = _governorate_outlines(boundaries, governorates)
    if outlines is not None:
        outlines.add_to(layer)
    attacks = folium.FeatureGroup(name="Attacks")
    if details is None:
        if cells is not None and not cells.empty:
            _cell_layer(cells).add_to(attacks)
    else:
        _add_markers(attacks, details, colours, focus, count_awaiting)
    layers = [layer, attacks]
    if heat is not None and not heat.empty:
        layers.append(folium.FeatureGroup(name="Heat map (attacks and fatalities)"))
        HeatMap([(c.latitude, c.longitude, c.attacks + c.killed) for c in heat.itertuples()], radius=25,
                min_opacity=0.55, blur=15, gradient={0.2: "#2c7bb6", 0.45: "#abd9e9", 0.65: "#fdae61",
                                                     0.85: "#d7191c", 1.0: "#7f0000"}).add_to(layers[-1])
    return [use_local_assets(stable_ids(layer, f"l{n}x"), asset_url) for n, layer in enumerate(layers)]


def build_map(table: pd.DataFrame, details: Iterable[Incident] | None = None, boundaries: Boundaries | None = None,
              tile_url: str | None = None, asset_url: str = STATIC_URL, colour_by: str = "victims",
              heat: bool = False) -> folium.Map:
    """The whole map in one document (for export, benchmarks and tests); the dashboard sends the base once
    and the layers on each filter change, so the view stays where the analyst left it."""
    boundaries = boundaries or get_boundaries()
    fmap = base_map(boundaries, tile_url, asset_url, colour_by)
    for layer in incident_layers(table, details, boundaries, colour_by, heat=heat, asset_url=asset_url):
        layer.add_to(fmap)
    folium.LayerControl(collapsed=True).add_to(fmap)
    return use_local_assets(fmap, asset_url)  # once more over the whole: each script declared once
