"""The Places page's map: where the incidents carrying a name lie now, and, once the analyst has chosen a point (a
click, or typed coordinates), a pin there and a dashed line from each incident to it: the move the page lists."""
from __future__ import annotations

from collections.abc import Iterable
from html import escape

import folium

from analysis.labels import place_label
from incidents.model import Incident
from ui.map_assets import stable_ids

PIN_CLASS = "frontline-pin"
LISTED_CLASS = "frontline-listed"  # an incident carrying the name, where it lies now
MOVE_CLASS = "frontline-move"
PIN_COLOUR, LISTED_COLOUR = "#c0392b", "#1f4e79"
# A map pin drawn in SVG (no image to fetch): 22 x 32 px, its tip at the point.
PIN_SVG = (f"<svg xmlns='http://www.w3.org/2000/svg' width='22' height='32' viewBox='0 0 22 32'>"
           f"<path d='M11 31C11 31 1 18 1 11a10 10 0 0 1 20 0c0 7-10 20-10 20z' fill='{PIN_COLOUR}' "
           "stroke='#fff' stroke-width='1.5'/><circle cx='11' cy='11' r='3.5' fill='#fff'/></svg>")


def _text(text: str) -> str:
    """Text for a folium tooltip, which goes into the page as HTML inside a JavaScript template string."""
    return escape(text).replace("`", "&#96;").replace("$", "&#36;")


def placing_layer(incidents: Iterable[Incident], point: tuple[float, float] | None) -> folium.FeatureGroup:
    """The incidents on the map (a blue ring each, its date and place in the tooltip) and, when a point is
    chosen, the pin and the moves to it."""
    group = folium.FeatureGroup(name="The name's incidents, and where they would go")
    for incident in incidents:
        if not incident.geolocated:
            continue
        here = (incident.latitude, incident.longitude)
        if point is not None:
            folium.PolyLine([here, point], color=LISTED_COLOUR, weight=1.5, dash_array="5 5", opacity=0.8,
                            interactive=False, class_name=MOVE_CLASS).add_to(group)
        folium.CircleMarker(here, radius=7, color=LISTED_COLOUR, weight=2.5, fill=True, fill_color="#ffffff",
                            fill_opacity=0.6, class_name=LISTED_CLASS,
                            tooltip=_text(f"Incident {incident.incident_id}, {incident.event_date}: now at "
                                          f"{place_label(incident.location)}")).add_to(group)
    if point is not None:
        folium.Marker(point, tooltip=f"Place it here: {point[0]:.5f}, {point[1]:.5f}", icon=folium.DivIcon(
            html=PIN_SVG, icon_size=(22, 32), icon_anchor=(11, 31), class_name=PIN_CLASS)).add_to(group)
    return stable_ids(group, "p")  # the same layer renders the same script: the map component leaves it be
