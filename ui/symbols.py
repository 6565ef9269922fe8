"""How an attack is drawn: its colour (by victim group or attack type), its size (fatalities), its ring
(how precisely its place is known), and the legend that explains them."""
from __future__ import annotations

import functools
import math
from html import escape

import folium
import pandas as pd
from branca.element import MacroElement
from jinja2 import Template

from analysis.tables import main_victim_group
from analysis.labels import GROUP_LABELS, TYPE_LABELS
from incidents.model import ATTACK_TYPES, FIGURE_GUARDRAIL, VICTIM_GROUPS
from ui.place_labels import LEGEND as BASEMAP_LEGEND

LEGEND_ID = "frontline-legend"
GROUP_COLOURS = {
    "peshmerga": "#d62728", "iraqi_army": "#2ca02c", "police": "#1f77b4", "pmf": "#9467bd",
    "civilians": "#ff7f0e", "unknown": "#7f7f7f",
}
TYPE_COLOURS = dict(zip(ATTACK_TYPES, ["#7f7f7f", "#d62728", "#8c564b", "#1f77b4", "#ff7f0e", "#9467bd", "#2ca02c",
                                       "#e377c2", "#bcbd22"]))
COLOUR_BY = {"victims": "Victims", "attack_type": "Attack type"}
# A group of attacks (markercluster) is a white disc with a near-black ring: no victim or type colour is white,
# so the colours keep their meaning where most attacks sit in groups (markercluster's own green, yellow and
# orange read as the Iraqi army and civilians). Its area grows with the attacks it holds.
CLUSTER_CLASS = "frontline-cluster"
CLUSTER_FILL, CLUSTER_RING = "#ffffff", "#222222"
# The icon of a group: its attacks, and under them the killed they hold (each marker's options.killed), with a †.
CLUSTER_ICON = f"""function (cluster) {{
    var attacks = cluster.getChildCount(), killed = 0;
    cluster.getAllChildMarkers().forEach(function (marker) {{ killed += marker.options.killed || 0; }});
    var size = Math.round(26 + 6 * Math.log2(attacks));
    return L.divIcon({{className: "marker-cluster {CLUSTER_CLASS}", iconSize: L.point(size, size),
        html: "<div title='" + attacks + " attacks, " + killed + " killed' style='width:" + size + "px;height:"
            + size + "px;margin:0;box-sizing:border-box;"
            + "border-radius:50%;background:{CLUSTER_FILL};border:2px solid {CLUSTER_RING};"
            + "box-shadow:0 0 0 1px {CLUSTER_FILL};display:flex;flex-direction:column;align-items:center;"
            + "justify-content:center;font:bold 12px/1.1 system-ui,sans-serif;color:{CLUSTER_RING}'>"
            + "<span>" + attacks + "</span>"
            + (killed ? "<small style='font:9px/1 system-ui,sans-serif'>" + killed + "†</small>" : "")
            + "</div>"}});
}}"""


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
                   "district": "district seat, not the village",
                   "governorate": "somewhere in the governorate, place unknown"}
# An attack awaiting review (incidents.confidence.awaiting_review): its ring grey, its disc fainter.
AWAITING_STYLE = {"color": "#777777", "fill_opacity_share": 0.4}


def marker_colours(table: pd.DataFrame, colour_by: str) -> pd.Series:
    """Each incident's marker colour (by main victim group, or by attack type), indexed like `table`."""
    if colour_by == "attack_type":
        return table["attack_type"].map(TYPE_COLOURS).fillna(TYPE_COLOURS["other"])
    return main_victim_group(table).map(GROUP_COLOURS)


def legend(colour_by: str) -> folium.Element:
    """The key to the attack markers (colours, rings: place known to, size, sector shading) and to the basemap."""
    element = folium.Element()
    element._template = _legend_template(colour_by)  # as branca's Element sets it from a template string
    return element


@functools.cache
def _legend_template(colour_by: str) -> Template:
    """The legend's HTML, compiled once per colouring: compiled on each run (folium.Element(html)), it cost 0.2-0.3 s
    of every run of the map page."""
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
    return Template(
        f"<details id='{LEGEND_ID}' open style='position:absolute;bottom:28px;right:10px;z-index:1000;"
        "background:rgba(255,255,255,.92);padding:4px 8px;border:1px solid #999;border-radius:4px;"
        "font:12px system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:220px'>"
        f"<summary style='cursor:pointer'><b>Legend</b></summary><b>{COLOUR_BY[colour_by]} (colour)</b>{items}"
        f"<b>Place known to</b>{precision}<div style='margin-top:4px'>Size: fatalities (capped at "
        f"{FIGURE_GUARDRAIL})</div>"
        f"<div><span style='{swatch}box-sizing:border-box;background:{CLUSTER_FILL};"
        f"border:2px solid {CLUSTER_RING}'></span>A group of attacks: how many; under it, the killed (†) they "
        "hold; click to zoom in or spread them</div>"
        f"<div><span style='{swatch}box-sizing:border-box;border:2px solid {AWAITING_STYLE['color']}'></span>"
        "Grey ring: awaiting review, not in the figures</div>"
        "<div>Sectors: shaded by fatalities; a dashed outline: a governorate with attacks known only to it</div>"
        f"<b>Map</b>{BASEMAP_LEGEND}</details>")


class FoldLegend(MacroElement):
    """On a phone or a narrow map the legend starts folded, so it does not cover the map (a script in the
    map's own code: the dashboard's component does not run scripts placed in the page)."""

    _template = Template(f"""{{% macro script(this, kwargs) %}}
        if (window.innerWidth < 900) {{ var legend = document.getElementById("{LEGEND_ID}");
            if (legend) {{ legend.open = false; }} }}
    {{% endmacro %}}""")
