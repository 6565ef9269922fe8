"""The folium map: attacks sized by fatalities and coloured by victim group, frontline sectors,
the disputed-territories outline, and an offline basemap of governorates and districts.

Online tiles are drawn only when a tile URL is configured (FRONTLINE_TILE_URL, e.g. an
organisation's own tile server); by default the map needs no tile server. Every text from a
report is HTML-escaped before it goes into a popup or tooltip.
"""
from __future__ import annotations

import math
import os
from html import escape
from typing import Iterable

import folium
import pandas as pd
from branca.colormap import LinearColormap
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from folium.plugins import HeatMap, MarkerCluster
from jinja2 import Template

from geo import Boundaries, get_boundaries
from incidents.analysis import main_victim_group, sector_figures
from incidents.map_assets import STATIC_URL, use_local_assets
from incidents.model import ATTACK_TYPES, VICTIM_GROUPS, Incident
from incidents.query import in_box

TILE_URL_ENV = "FRONTLINE_TILE_URL"
TILE_ATTRIBUTION_ENV = "FRONTLINE_TILE_ATTRIBUTION"
CENTRE = (35.4, 44.2)  # the disputed territories, Sinjar to Khanaqin
ATTACK_CLASS = "frontline-attack"  # CSS class of attack markers, for styling and browser tests
SECTOR_CLASS = "frontline-sector"
GROUP_COLOURS = {
    "peshmerga": "#d62728", "iraqi_army": "#2ca02c", "police": "#1f77b4", "pmf": "#9467bd",
    "civilians": "#ff7f0e", "unknown": "#7f7f7f",
}
GROUP_LABELS = {"peshmerga": "Peshmerga", "iraqi_army": "Iraqi army", "police": "Police", "pmf": "PMF",
                "civilians": "Civilians", "unknown": "Unknown / not stated"}
TYPE_COLOURS = dict(zip(ATTACK_TYPES, ["#7f7f7f", "#d62728", "#8c564b", "#1f77b4", "#ff7f0e", "#9467bd", "#2ca02c",
                                       "#e377c2", "#bcbd22"]))
COLOUR_BY = {"victims": "Victims", "attack_type": "Attack type"}
DATASET_LABELS = {"reports": "News reports", "acled": "ACLED (imported)", "ucdp": "UCDP GED (imported)"}
# Above this many markers on the map they are clustered (the cluster count says how many).
CLUSTER_FROM = 150
# Up to this many incidents in view each gets a marker and popup; above it, grid cells (see detail_ids).
DETAIL_LIMIT = 500
CELL_CLASS = "frontline-cell"
CELL_MAX_RADIUS = 18
HEAT_CELL_DEGREES = 0.02
SECTOR_SCALE = ["#fff5eb", "#fdae6b", "#e6550d", "#7f2704"]


def marker_radius(fatalities: int | None) -> float:
    """Area grows with fatalities, so the eye compares areas: 5 px for none, 5+3*sqrt(n)."""
    return 5 + 3 * math.sqrt(max(fatalities or 0, 0))


def _safe_url(url: str) -> str | None:
    return url if url.lower().startswith(("http://", "https://")) else None


def popup_html(incident: Incident) -> str:
    when = (incident.event_date.isoformat() if incident.date_precision == "day"
            else f"{incident.date_start} – {incident.date_end}")
    rows = [
        f"<b>{escape(incident.location or incident.place)}</b> ({escape(incident.geo_precision or 'not geocoded')})",
        f"Date: {escape(when)} ({escape(incident.date_precision)})",
        f"Place as written: {escape(incident.place)}",
        f"Type: {escape(incident.attack_type.replace('_', ' '))}; perpetrator: {escape(incident.perpetrator)}",
    ]
    for kind in ("killed", "wounded"):
        counts = getattr(incident, kind)
        parts = [f"{GROUP_LABELS[g]} {n}" for g, n in counts.as_dict().items() if n]
        rows.append(f"{kind.capitalize()}: {escape(', '.join(parts) or 'no number given')}")
    if incident.fatalities_low != incident.fatalities_high:
        rows.append(f"Fatalities low/best/high: {incident.fatalities_low}/{incident.fatalities_best}/"
                    f"{incident.fatalities_high}")
    sources = []
    for s in incident.sources:
        label = escape(f"{s.outlet or s.title or s.report_id}, {s.published}")
        url = _safe_url(s.url)
        link = f'<a href="{escape(url)}" target="_blank" rel="noopener noreferrer">{label}</a>' if url else label
        sources.append(f"<li>{link}: <i>“{escape(s.sentence)}”</i></li>")
    rows.append(f"Sources ({len(incident.sources)}):<ul style='margin:0;padding-left:1.2em'>{''.join(sources)}</ul>")
    if incident.origin != "reports":
        rows.append(f"Dataset: {escape(DATASET_LABELS.get(incident.origin, incident.origin))}, "
                    f"event {escape(incident.external_id or '')}")
    if incident.notes:
        rows.append(f"Notes: {escape(incident.notes)}")
    return "<div style='font-size:12px;max-width:360px'>" + "<br>".join(rows) + "</div>"


def marker_colours(table: pd.DataFrame, colour_by: str) -> pd.Series:
    """Each incident's marker colour (by main victim group, or by attack type), indexed like `table`."""
    if colour_by == "attack_type":
        return table["attack_type"].map(TYPE_COLOURS).fillna(TYPE_COLOURS["other"])
    return main_victim_group(table).map(GROUP_COLOURS)


def _legend(colour_by: str) -> folium.Element:
    entries = ([(TYPE_COLOURS[t], t.replace("_", " ")) for t in ATTACK_TYPES] if colour_by == "attack_type"
               else [(GROUP_COLOURS[g], GROUP_LABELS[g]) for g in VICTIM_GROUPS])
    items = "".join(
        f"<div><span style='display:inline-block;width:10px;height:10px;border-radius:50%;"
        f"background:{colour};margin-right:4px'></span>{escape(label)}</div>" for colour, label in entries)
    return folium.Element(
        "<div id='frontline-legend' style='position:absolute;bottom:28px;right:10px;z-index:1000;background:white;"
        "padding:6px 8px;border:1px solid #999;border-radius:4px;font-size:12px'>"
        f"<b>{COLOUR_BY[colour_by]} (colour)</b>{items}<div style='margin-top:4px'>Size: fatalities</div>"
        "<div>Sectors: shaded by fatalities</div></div>")


def _sector_layer(boundaries: Boundaries, table: pd.DataFrame) -> folium.GeoJson:
    """Sectors shaded by fatalities in the current filter, their figures in the tooltip."""
    figures = sector_figures(table)
    sectors = boundaries.sectors[["name", "description", "geometry"]].copy()
    for key in ("attacks", "fatalities", "wounded"):
        sectors[key] = [figures.get(name, {}).get(key, 0) for name in sectors["name"]]
    scale = LinearColormap(SECTOR_SCALE, vmin=0, vmax=max(1, int(sectors["fatalities"].max())))
    return folium.GeoJson(
        sectors, name="Frontline sectors",
        style_function=lambda f: {"color": "#8c2d04", "weight": 1.5, "fillOpacity": 0.45, "className": SECTOR_CLASS,
                                  "fillColor": scale(f["properties"]["fatalities"])},
        tooltip=folium.GeoJsonTooltip(["name", "attacks", "fatalities", "wounded", "description"],
                                      aliases=["Sector", "Attacks", "Fatalities", "Wounded", ""]),
    )


class _LayerAssets(JSCSSMixin, MacroElement):
    """Declares the marker-cluster and heat-map scripts on the base map: layers sent later may use them,
    and the dashboard's component loads only the scripts the base map declares."""

    default_js = MarkerCluster.default_js + HeatMap.default_js
    default_css = MarkerCluster.default_css


class _Attribution(MacroElement):
    """Credit the boundary data in the map's attribution control (CC BY requires it)."""

    _template = Template("""{% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.text|tojson }});
    {% endmacro %}""")

    def __init__(self, text: str):
        super().__init__()
        self.text = text


DATA_ATTRIBUTION = "Boundaries: OCHA COD-AB / Iraq CSO (CC BY 3.0 IGO); sectors: Frontline Watch"


def _add_basemap(fmap: folium.Map, boundaries: Boundaries, tile_url: str | None) -> None:
    """The bundled boundaries always draw: filled when there is no tile server, as outlines over the tiles
    when one is configured, so an unreachable tile server never leaves a blank map."""
    if tile_url:
        folium.TileLayer(tiles=tile_url, attr=os.environ.get(TILE_ATTRIBUTION_ENV, "Map tiles"),
                         name="Online basemap").add_to(fmap)
    outline = {"color": "#888", "weight": 1, "fillColor": "#f4f1ea", "fillOpacity": 0.0 if tile_url else 1.0}
    folium.GeoJson(boundaries.admin1[["name", "geometry"]], name="Governorates (offline basemap)",
                   style_function=lambda _: outline,
                   tooltip=folium.GeoJsonTooltip(["name"], aliases=["Governorate"])).add_to(fmap)
    folium.GeoJson(boundaries.admin2[["name", "admin1", "geometry"]], name="Districts",
                   style_function=lambda _: {"color": "#bbb", "weight": 0.6, "fillOpacity": 0}).add_to(fmap)


def base_map(boundaries: Boundaries | None = None, tile_url: str | None = None,
             asset_url: str = STATIC_URL, colour_by: str | None = "victims") -> folium.Map:
    """What does not change with the filter: basemap, disputed-territories outline, legend, attribution,
    framed on the disputed territories; scripts and styles from `asset_url` (never a CDN)."""
    boundaries = boundaries or get_boundaries()
    tile_url = tile_url if tile_url is not None else os.environ.get(TILE_URL_ENV) or None
    fmap = folium.Map(location=CENTRE, zoom_start=7, tiles=None, control_scale=True)
    _add_basemap(fmap, boundaries, tile_url)
    folium.GeoJson(
        boundaries.disputed[["name", "geometry"]], name="Disputed territories (UNAMI 2009)",
        style_function=lambda _: {"color": "#000", "weight": 2, "dashArray": "6 4", "fillOpacity": 0},
    ).add_to(fmap)
    fmap.add_child(_Attribution(DATA_ATTRIBUTION))
    fmap.add_child(_LayerAssets())
    west, south, east, north = boundaries.disputed.total_bounds
    fmap.fit_bounds([(south, west), (north, east)])
    if colour_by:  # the legend of the attack markers; a map without them has none
        fmap.get_root().html.add_child(_legend(colour_by))
    return use_local_assets(fmap, asset_url)


def cell_degrees(zoom: int | None) -> float:
    """Grid cell side for aggregated attacks: about 10 km at zoom 8, halving with each zoom level in
    (the map opens at about zoom 7, framed on the disputed territories)."""
    return 0.1 * 2 ** (8 - min(max(zoom or 7, 5), 12))


def located(table: pd.DataFrame) -> pd.DataFrame:
    return table[table["latitude"].notna() & table["longitude"].notna()]


def leaflet_bounds(bounds: dict | None) -> tuple[tuple[float, float], tuple[float, float]] | None:
    """((south, west), (north, east)) from the bounds Leaflet reports (as streamlit-folium returns them)."""
    try:
        return ((bounds["_southWest"]["lat"], bounds["_southWest"]["lng"]),
                (bounds["_northEast"]["lat"], bounds["_northEast"]["lng"]))
    except (KeyError, TypeError):
        return None


def in_view(table: pd.DataFrame, bounds: tuple[tuple[float, float], tuple[float, float]] | None) -> pd.DataFrame:
    """The located rows inside ((south, west), (north, east)); all located rows when there are no bounds."""
    rows = located(table)
    if not bounds:
        return rows
    (south, west), (north, east) = bounds
    return rows[in_box(rows, (west, south, east, north))]


def grid_cells(table: pd.DataFrame, degrees: float, colour_by: str = "victims") -> pd.DataFrame:
    """Located incidents aggregated to square cells: the mean point of each cell's incidents, their count,
    killed and wounded, first and last date, the commonest colour and the places most named."""
    rows = located(table)
    if rows.empty:
        return pd.DataFrame(columns=["latitude", "longitude", "attacks", "killed", "wounded", "first", "last",
                                     "colour", "places"])
    frame = pd.DataFrame({
        "cell_y": (rows["latitude"] // degrees).astype(int), "cell_x": (rows["longitude"] // degrees).astype(int),
        "latitude": rows["latitude"], "longitude": rows["longitude"], "event_date": pd.to_datetime(rows["event_date"]),
        "killed": rows["fatalities_best"].fillna(0), "wounded": rows["wounded_total"].fillna(0),
        "colour": marker_colours(rows, colour_by), "place": rows["location"].fillna(rows["place"])})
    keys = ["cell_y", "cell_x"]
    cells = frame.groupby(keys).agg(latitude=("latitude", "mean"), longitude=("longitude", "mean"),
                                    attacks=("latitude", "size"), killed=("killed", "sum"),
                                    wounded=("wounded", "sum"), first=("event_date", "min"),
                                    last=("event_date", "max"))
    commonest = frame.groupby([*keys, "colour"]).size().rename("n").reset_index() \
        .sort_values("n").drop_duplicates(keys, keep="last").set_index(keys)["colour"]
    places = frame.groupby([*keys, "place"]).size().rename("n").reset_index().sort_values("n", ascending=False) \
        .groupby(keys)["place"].agg(lambda names: ", ".join(names.head(3)))
    return cells.join(commonest).join(places.rename("places")).reset_index(drop=True)


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


def incident_layers(table: pd.DataFrame, details: Iterable[Incident] | None = None,
                    boundaries: Boundaries | None = None, colour_by: str = "victims", zoom: int | None = None,
                    heat: bool = False, asset_url: str = STATIC_URL) -> list[folium.FeatureGroup]:
    """What changes with the filter: the sectors shaded by the toll of `table` (the filtered incidents);
    its attacks, one marker with its popup per incident of `details` when given (few enough to draw,
    see `detail_ids`), else circles aggregated to grid cells sized for `zoom`; and, if asked, a heat map.
    Scripts, like the base map's, from `asset_url`."""
    boundaries = boundaries or get_boundaries()
    sectors = folium.FeatureGroup(name="Frontline sectors")
    _sector_layer(boundaries, table).add_to(sectors)
    attacks = folium.FeatureGroup(name="Attacks")
    if details is None:
        cells = grid_cells(table, cell_degrees(zoom), colour_by)
        if not cells.empty:
            _cell_layer(cells).add_to(attacks)
    else:
        details = [i for i in details if i.geolocated]
        shown = table[table["incident_id"].isin({i.incident_id for i in details})]  # zoomed in: a few of many
        colours = dict(zip(shown["incident_id"], marker_colours(shown, colour_by)))
        holder = MarkerCluster(options={"maxClusterRadius": 40}).add_to(attacks) if len(details) >= CLUSTER_FROM \
            else attacks
        for incident in details:
            colour = colours.get(incident.incident_id, GROUP_COLOURS["unknown"])
            folium.CircleMarker(
                location=(incident.latitude, incident.longitude), radius=marker_radius(incident.fatalities_best),
                color=colour, fill=True, fill_color=colour, fill_opacity=0.7, weight=1, class_name=ATTACK_CLASS,
                popup=folium.Popup(popup_html(incident), max_width=380),
                tooltip=escape(f"{incident.event_date} {incident.location or incident.place}: "
                               f"{incident.fatalities_best or 0} killed"),
            ).add_to(holder)
    layers = [sectors, attacks]
    points = grid_cells(table, HEAT_CELL_DEGREES) if heat else pd.DataFrame()
    if not points.empty:
        layers.append(folium.FeatureGroup(name="Heat map (attacks and fatalities)"))
        HeatMap([(c.latitude, c.longitude, c.attacks + c.killed) for c in points.itertuples()], radius=22,
                min_opacity=0.5, blur=18).add_to(layers[-1])
    return [use_local_assets(layer, asset_url) for layer in layers]


def detail_ids(table: pd.DataFrame, bounds=None, limit: int = DETAIL_LIMIT) -> list[str] | None:
    """The incidents to draw one by one (in view, or all when no view is known), or None when more than
    `limit` are: then the map draws grid cells, and the analyst zooms or filters down to see markers."""
    rows = in_view(table, bounds)
    return None if len(rows) > limit else list(rows["incident_id"])


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
    return fmap
