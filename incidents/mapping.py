"""The folium map: attacks sized by fatalities, coloured by victim group and drawn by how precisely
their place is known, frontline sectors, the disputed-territories outline, over the offline basemap
(incidents/basemap.py). Every text from a report is HTML-escaped before it goes into a popup or tooltip.
"""
from __future__ import annotations

import json
import math
from functools import lru_cache
from html import escape
from typing import Iterable
from urllib.parse import urlparse

import folium
import pandas as pd
from branca.colormap import LinearColormap
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from folium.plugins import HeatMap, MarkerCluster
from jinja2 import Template

from geo import Boundaries, get_boundaries
from incidents.basemap import add_basemap
from incidents.analysis import main_victim_group, sector_figures
from incidents.map_assets import STATIC_URL, stable_ids, use_local_assets
from incidents.labels import (DATASET_LABELS, DATE_PRECISION_LABELS, GROUP_LABELS, PERPETRATOR_LABELS,
                              TYPE_LABELS, days_label, label, place_label)
from incidents.model import ATTACK_TYPES, FIGURE_GUARDRAIL, VICTIM_GROUPS, Incident, SourceRef
from incidents.query import in_box

CENTRE = (35.4, 44.2)  # the disputed territories, Sinjar to Khanaqin
MAX_ZOOM = 16  # no tiles set one, and clustering needs it: village level
ATTACK_CLASS = "frontline-attack"  # CSS class of attack markers, for styling and browser tests
SECTOR_CLASS = "frontline-sector"
PRECISION_CLASS = "frontline-precision"  # + "-exact_place" etc.: how well the marker's point is known
LEGEND_ID = "frontline-legend"
GROUP_COLOURS = {
    "peshmerga": "#d62728", "iraqi_army": "#2ca02c", "police": "#1f77b4", "pmf": "#9467bd",
    "civilians": "#ff7f0e", "unknown": "#7f7f7f",
}
TYPE_COLOURS = dict(zip(ATTACK_TYPES, ["#7f7f7f", "#d62728", "#8c564b", "#1f77b4", "#ff7f0e", "#9467bd", "#2ca02c",
                                       "#e377c2", "#bcbd22"]))
COLOUR_BY = {"victims": "Victims", "attack_type": "Attack type"}
# Above this many markers on the map they are clustered (the cluster count says how many).
CLUSTER_FROM = 150
# Up to this many incidents in view each gets a marker and popup; above it, grid cells (see detail_ids).
DETAIL_LIMIT = 500
CELL_CLASS = "frontline-cell"
CELL_MAX_RADIUS = 18
HEAT_CELL_DEGREES = 0.02
SECTOR_SCALE = ["#fff5eb", "#fdae6b", "#e6550d", "#7f2704"]


def marker_radius(fatalities: int | None) -> float:
    """Area grows with fatalities, so the eye compares areas: 5 px for none, 5+3*sqrt(n), and no larger
    than FIGURE_GUARDRAIL's (an absurd figure, 9999, is flagged for review, never drawn at full size)."""
    return 5 + 3 * math.sqrt(min(max(fatalities or 0, 0), FIGURE_GUARDRAIL))


# How sure the point is, drawn in the symbol: a solid disc for an exact place, fainter discs with dashed
# rings for a sub-district or district seat, a hollow dotted ring for a governorate.
PRECISION_STYLES = {
    "exact_place": {"fill_opacity": 0.75, "weight": 1, "dash_array": None},
    "sub_district": {"fill_opacity": 0.3, "weight": 2, "dash_array": "5 3"},
    "district": {"fill_opacity": 0.15, "weight": 2, "dash_array": "2 3"},
    "governorate": {"fill_opacity": 0.0, "weight": 3, "dash_array": "1 4"},
}
# Shown in brackets after the place's name: no brackets of their own ("Tuz Khurmatu (district seat, not the village)").
PRECISION_NOTES = {"exact_place": "exact place", "sub_district": "sub-district seat, not the village",
                   "district": "district seat, not the village", "governorate": "governorate capital, place unknown"}


def _safe_url(url: str) -> str | None:
    return url if url.lower().startswith(("http://", "https://")) else None


def source_name(source) -> str:
    """The outlet the analyst knows: the outlet, else the site of its URL, else its title; never the hash."""
    site = urlparse(source.url).hostname if _safe_url(source.url or "") else None
    return source.outlet or (site.removeprefix("www.") if site else "") or source.title or "Unnamed report"


def distinct_sources(incident: Incident) -> list[tuple[SourceRef, int]]:
    """The sources of an incident, the same sentence from the same outlet once (with how many reports
    carried it): a re-published wire story is one source, not two."""
    seen: dict[tuple[str, str], list] = {}
    for s in incident.sources:
        key = (source_name(s), " ".join(s.sentence.split()))
        if key in seen:
            seen[key][1] += 1
        else:
            seen[key] = [s, 1]
    return [(s, n) for s, n in seen.values()]


def popup_html(incident: Incident) -> str:
    when = (incident.event_date.isoformat() if incident.date_precision == "day"
            else f"{incident.date_start} – {incident.date_end}")
    precision = PRECISION_NOTES.get(incident.geo_precision or "", "not geocoded")
    rows = [
        f"<b>{escape(place_label(incident.location or incident.place))}</b> ({escape(precision)})",
        f"Date: {escape(when)} ({escape(label(DATE_PRECISION_LABELS, incident.date_precision))})",
        f"Place as written: {escape(incident.place)}; {escape(label({}, incident.admin2))}, "
        f"{escape(label({}, incident.admin1))}",
        f"Type: {escape(label(TYPE_LABELS, incident.attack_type))}; perpetrator: "
        f"{escape(label(PERPETRATOR_LABELS, incident.perpetrator))}",
    ]
    if incident.geolocated and incident.sector is None and incident.geo_precision != "governorate":
        rows.append("<b>Outside the disputed territories and the Kurdistan Region's edge</b> (not in a sector)")
    for kind in ("killed", "wounded"):
        counts = getattr(incident, kind)
        parts = [f"{GROUP_LABELS[g]} {n}" for g, n in counts.as_dict().items() if n]
        rows.append(f"{kind.capitalize()}: {escape(', '.join(parts) or 'no number given')}")
    if incident.fatalities_low != incident.fatalities_high:
        rows.append(f"Fatalities low/best/high: {incident.fatalities_low}/{incident.fatalities_best}/"
                    f"{incident.fatalities_high}")
    if incident.confidence is not None or incident.review_reason:
        trust = [f"confidence {incident.confidence:.2f}"] if incident.confidence is not None else []
        trust += [f"to review: {incident.review_reason}"] if incident.review_reason else []
        rows.append(f"<span class='frontline-confidence'>{escape('; '.join(trust))}</span>")
    sources = []
    for s, times in distinct_sources(incident):
        text = escape(f"{source_name(s)}, {s.published}" + (f" ({times} reports)" if times > 1 else ""))
        url = _safe_url(s.url)
        link = f'<a href="{escape(url)}" target="_blank" rel="noopener noreferrer">{text}</a>' if url else text
        sources.append(f"<li>{link}: <i>“{escape(s.sentence)}”</i></li>")
    rows.append(f"Sources ({len(sources)}):<ul style='margin:0;padding-left:1.2em'>{''.join(sources)}</ul>")
    if incident.origin != "reports":
        rows.append(f"Dataset: {escape(label(DATASET_LABELS, incident.origin))}, "
                    f"event {escape(incident.external_id or '')}")
    if incident.notes:
        rows.append(f"Notes: {escape(incident.notes)}")
    return ("<div style='font:12px system-ui,-apple-system,Segoe UI,sans-serif;max-width:360px'>"
            + "<br>".join(rows) + "</div>")


def marker_colours(table: pd.DataFrame, colour_by: str) -> pd.Series:
    """Each incident's marker colour (by main victim group, or by attack type), indexed like `table`."""
    if colour_by == "attack_type":
        return table["attack_type"].map(TYPE_COLOURS).fillna(TYPE_COLOURS["other"])
    return main_victim_group(table).map(GROUP_COLOURS)


def _legend(colour_by: str) -> folium.Element:
    entries = ([(TYPE_COLOURS[t], TYPE_LABELS[t]) for t in ATTACK_TYPES] if colour_by == "attack_type"
               else [(GROUP_COLOURS[g], GROUP_LABELS[g]) for g in VICTIM_GROUPS])
    swatch = "display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:4px;vertical-align:-1px;"
    items = "".join(f"<div><span style='{swatch}background:{colour}'></span>{escape(text)}</div>"
                    for colour, text in entries)
    rings = {"exact_place": "background:#555;border:1px solid #555",
             "sub_district": "background:rgba(85,85,85,.3);border:2px dashed #555",
             "district": "background:rgba(85,85,85,.15);border:2px dotted #555",
             "governorate": "border:2px dotted #555"}
    precision = "".join(f"<div><span style='{swatch}box-sizing:border-box;{css}'></span>"
                        f"{escape(PRECISION_NOTES[p].capitalize())}</div>" for p, css in rings.items())
    return folium.Element(
        f"<details id='{LEGEND_ID}' open style='position:absolute;bottom:28px;right:10px;z-index:1000;"
        "background:rgba(255,255,255,.92);padding:4px 8px;border:1px solid #999;border-radius:4px;"
        "font:12px system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:220px'>"
        f"<summary style='cursor:pointer'><b>Legend</b></summary><b>{COLOUR_BY[colour_by]} (colour)</b>{items}"
        f"<b>Place known to</b>{precision}<div style='margin-top:4px'>Size: fatalities (capped at "
        f"{FIGURE_GUARDRAIL}); a number: attacks at one point, click to spread them</div>"
        "<div>Sectors: shaded by fatalities</div></details>")


class _FoldLegend(MacroElement):
    """On a phone or a narrow map the legend starts folded, so it does not cover the map (a script in the
    map's own code: the dashboard's component does not run scripts placed in the page)."""

    _template = Template(f"""{{% macro script(this, kwargs) %}}
        if (window.innerWidth < 900) {{ var legend = document.getElementById("{LEGEND_ID}");
            if (legend) {{ legend.open = false; }} }}
    {{% endmacro %}}""")


@lru_cache(maxsize=2)
def _sector_features(boundaries: Boundaries) -> list[dict]:
    """The sectors as GeoJSON features, simplified for drawing, built once (folium takes them as they are)."""
    sectors = boundaries.sectors[["name", "description", "geometry"]].copy()
    sectors["geometry"] = sectors.geometry.simplify(0.003, preserve_topology=True).set_precision(1e-3)
    return json.loads(sectors.to_json(drop_id=True))["features"]


def _sector_layer(boundaries: Boundaries, table: pd.DataFrame, faint: bool = False) -> folium.GeoJson:
    """Sectors shaded by fatalities in the current filter, their figures in the tooltip; `faint` under a
    heat map, which would otherwise vanish into the shading."""
    figures = sector_figures(table)
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


def base_map(boundaries: Boundaries | None = None, tile_url: str | None = None,
             asset_url: str = STATIC_URL, colour_by: str | None = "victims") -> folium.Map:
    """What does not change with the filter: basemap, disputed-territories outline, legend, attribution,
    framed on the disputed territories; scripts and styles from `asset_url` (never a CDN)."""
    boundaries = boundaries or get_boundaries()
    fmap = folium.Map(location=CENTRE, zoom_start=7, tiles=None, control_scale=True)
    fmap.options["maxZoom"] = MAX_ZOOM
    add_basemap(fmap, tile_url)
    fmap.add_child(_LayerAssets())
    west, south, east, north = boundaries.disputed.total_bounds
    fmap.fit_bounds([(south, west), (north, east)])
    if colour_by:  # the legend of the attack markers; a map without them has none
        fmap.get_root().html.add_child(_legend(colour_by))
        fmap.add_child(_FoldLegend())
    return use_local_assets(stable_ids(fmap, "b"), asset_url)


def sector_view(name: str, boundaries: Boundaries | None = None, width_px: int = 700,
                height_px: int = 600) -> tuple[tuple[float, float], int]:
    """The centre and zoom that frame a frontline sector in a map of about this size."""
    sectors = (boundaries or get_boundaries()).sectors
    west, south, east, north = sectors[sectors["name"] == name].total_bounds
    fits = min(width_px / 256 * 360 / max(east - west, 1e-3),
               height_px / 256 * 360 / max((north - south) * 1.25, 1e-3))  # latitude stretches ~1.25x here
    return (float(south + north) / 2, float(west + east) / 2), int(min(max(math.floor(math.log2(fits)), 6), 12))


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


def _tooltip(incident: Incident) -> str:
    when = days_label(incident.date_start, incident.date_end)  # a week is never shown as one day
    return escape(f"{when} {place_label(incident.location or incident.place)}: "
                  + (f"{incident.fatalities_best} killed" if incident.fatalities_best is not None
                     else "killed not known"))


def _marker(incident: Incident, colour: str) -> folium.CircleMarker:
    """The attack's marker; _Popups binds its popup and tooltip (by the incident id in its class)."""
    style = PRECISION_STYLES.get(incident.geo_precision or "", PRECISION_STYLES["governorate"])
    return folium.CircleMarker(
        location=(incident.latitude, incident.longitude), radius=marker_radius(incident.fatalities_best),
        color=colour, fill=True, fill_color=colour, fill_opacity=style["fill_opacity"], weight=style["weight"],
        dash_array=style["dash_array"],
        class_name=f"{ATTACK_CLASS} {PRECISION_CLASS}-{incident.geo_precision} {ATTACK_CLASS}-{incident.incident_id}",
    )


class _Popups(MacroElement):
    """Every attack marker's popup (popup_html) and tooltip, bound in the browser from one table keyed by
    incident id, rather than a folium Popup and Tooltip per marker: folium compiles each rendered element
    as a Jinja template of its own, which took 0.28 s of every rerun for 140 markers (about a second at
    DETAIL_LIMIT). The marker of `focus`, if drawn, opens its popup: the attack the analyst asked to see."""

    _template = Template("""{% macro script(this, kwargs) %}
    (function (layer) {
        var popups = {{ this.popups|tojson }}, tooltips = {{ this.tooltips|tojson }}, focus = {{ this.focus|tojson }};
        function bind(item) {
            var named = item.options && /{{ this.attack_class }}-(\\S+)/.exec(item.options.className || "");
            var id = named && named[1];
            if (id && popups[id]) {
                item.bindPopup(popups[id], {maxWidth: 380});
                item.bindTooltip("<div>" + tooltips[id] + "</div>", {sticky: true});
                if (id === focus) { setTimeout(function () { if (item._map) { item.openPopup(); } }, 600); }
            } else if (item.eachLayer) {
                item.eachLayer(bind);
            }
        }
        layer.eachLayer(bind);
    })({{ this._parent.get_name() }});
    {% endmacro %}""")

    def __init__(self, details: list[Incident], focus: str | None):
        super().__init__()
        self.popups = {i.incident_id: popup_html(i) for i in details}
        self.tooltips = {i.incident_id: _tooltip(i) for i in details}
        self.focus = focus
        self.attack_class = ATTACK_CLASS


def _add_markers(attacks: folium.FeatureGroup, details: list[Incident], colours: dict[str, str],
                 focus: str | None = None) -> None:
    """One marker per incident. Markers that share a point (attacks placed at the same seat town) are
    grouped under a count that spreads them out when clicked; above CLUSTER_FROM every marker is clustered."""
    if len(details) >= CLUSTER_FROM:
        dense = MarkerCluster(options={"maxClusterRadius": 40}).add_to(attacks)
        holders = {i.incident_id: dense for i in details}
    else:
        at_point: dict[tuple[float, float], list[Incident]] = {}
        for incident in details:
            at_point.setdefault((incident.latitude, incident.longitude), []).append(incident)
        shared = {i.incident_id for group in at_point.values() if len(group) > 1 for i in group}
        stack = MarkerCluster(name="Attacks at one point", options={
            "maxClusterRadius": 1, "showCoverageOnHover": False, "spiderfyDistanceMultiplier": 1.5}) \
            if shared else None
        if stack:
            stack.add_to(attacks)
        holders = {i.incident_id: stack if i.incident_id in shared else attacks for i in details}
    for incident in details:
        _marker(incident, colours.get(incident.incident_id, GROUP_COLOURS["unknown"])).add_to(
            holders[incident.incident_id])
    attacks.add_child(_Popups(details, focus))  # after the markers: it binds them


def incident_layers(table: pd.DataFrame, details: Iterable[Incident] | None = None,
                    boundaries: Boundaries | None = None, colour_by: str = "victims", zoom: int | None = None,
                    heat: bool = False, asset_url: str = STATIC_URL, focus: str | None = None
                    ) -> list[folium.FeatureGroup]:
    """What changes with the filter: the sectors shaded by the toll of `table` (the filtered incidents);
    its attacks, one marker with its popup per incident of `details` when given (few enough to draw,
    see `detail_ids`), else circles aggregated to grid cells sized for `zoom`; and, if asked, a heat map.
    The marker of incident `focus`, if drawn, opens its popup.
    Scripts, like the base map's, from `asset_url`."""
    boundaries = boundaries or get_boundaries()
    sectors = folium.FeatureGroup(name="Frontline sectors")
    _sector_layer(boundaries, table, faint=heat).add_to(sectors)
    attacks = folium.FeatureGroup(name="Attacks")
    if details is None:
        cells = grid_cells(table, cell_degrees(zoom), colour_by)
        if not cells.empty:
            _cell_layer(cells).add_to(attacks)
    else:
        details = [i for i in details if i.geolocated]
        shown = table[table["incident_id"].isin({i.incident_id for i in details})]  # zoomed in: a few of many
        colours = dict(zip(shown["incident_id"], marker_colours(shown, colour_by)))
        _add_markers(attacks, details, colours, focus)
    layers = [sectors, attacks]
    points = grid_cells(table, HEAT_CELL_DEGREES) if heat else pd.DataFrame()
    if not points.empty:
        layers.append(folium.FeatureGroup(name="Heat map (attacks and fatalities)"))
        HeatMap([(c.latitude, c.longitude, c.attacks + c.killed) for c in points.itertuples()], radius=25,
                min_opacity=0.55, blur=15, gradient={0.2: "#2c7bb6", 0.45: "#abd9e9", 0.65: "#fdae61",
                                                     0.85: "#d7191c", 1.0: "#7f0000"}).add_to(layers[-1])
    return [use_local_assets(stable_ids(layer, f"l{n}x"), asset_url) for n, layer in enumerate(layers)]


VIEW_GRID = 0.1  # degrees: the view snapped out to this grid, so a small pan draws the same attacks


def steady_bounds(bounds, previous=None):
    """The view, widened by a quarter of its size on each side and snapped out to VIEW_GRID: a popup that
    pans the map a little (or the analyst nudging it) keeps the same attacks drawn, so nothing is redrawn
    and the open popup stays. The area drawn before (`previous`) is kept while the view, at about the same
    zoom, stays in it or sticks out by less than a quarter of its size (a tall popup pans the map further
    than the margin): such a pan redraws nothing either, and the next one draws the edge's attacks."""
    if not bounds:
        return bounds
    (south, west), (north, east) = bounds
    pad_y, pad_x = (north - south) / 4, (east - west) / 4
    down = lambda value: round(math.floor(value / VIEW_GRID) * VIEW_GRID, 6)  # noqa: E731
    up = lambda value: round(math.ceil(value / VIEW_GRID) * VIEW_GRID, 6)  # noqa: E731
    fresh = (down(south - pad_y), down(west - pad_x)), (up(north + pad_y), up(east + pad_x))
    if previous:
        (kept_south, kept_west), (kept_north, kept_east) = previous
        inside = (kept_south - pad_y <= south and kept_west - pad_x <= west and north <= kept_north + pad_y
                  and east <= kept_east + pad_x)
        same_zoom = (kept_north - kept_south) <= 1.25 * (fresh[1][0] - fresh[0][0]) and \
            (kept_east - kept_west) <= 1.25 * (fresh[1][1] - fresh[0][1])  # zoomed in, fewer are in view
        if inside and same_zoom:
            return tuple(map(tuple, previous))
    return fresh


def detail_ids(table: pd.DataFrame, bounds=None, limit: int = DETAIL_LIMIT, previous=None) -> list[str] | None:
    """The incidents to draw one by one: all of them when there are at most `limit` (so a pan, such as a
    popup opening near the edge, changes nothing on the map), else those in view (steady_bounds, which keeps
    the `previous` area drawn while the view stays in it); None when more than `limit` are in view: then
    the map draws grid cells, and the analyst zooms or filters down to see markers."""
    rows = located(table)
    if len(rows) > limit:
        rows = in_view(rows, steady_bounds(bounds, previous))
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
    return use_local_assets(fmap, asset_url)  # once more over the whole: each script declared once
