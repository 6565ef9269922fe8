"""Detail when zoomed in: the names of the towns and villages in view, and the Kurdistan Region's edge labelled
along its line.

The 9,000 names (data/basemap/places.csv, built by tools.build_basemap with the zoom each shows from) go out as one
file served beside the map's scripts, named by its content, and fetched only once the analyst zooms in to where they
show: the opening page never loads them. A few lines of Leaflet keep a marker for each name in view at the zoom,
and none for the others, so the map holds tens of names, never thousands. A village named in Arabic or Kurdish
script only reads in its script, then in English: the spelling an analyst knows where one is (curated, GeoNames),
else the machine's letter-by-letter reading in grey italics after "≈", which the legend explains.
"""
from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

import pandas as pd
from branca.element import MacroElement
from jinja2 import Template

from geo import DATA_DIR

PLACES_CSV = DATA_DIR / "basemap" / "places.csv"
PLACE_CLASS = "frontline-place"  # a town's or village's name (+ "-town", "-village"); "-machine": a machine reading
EDGE_CLASS = "frontline-edge"  # the Kurdistan Region's edge: its line's path, and its labels (+ "-label")
EDGE_COLOUR = "#a0196b"
EDGE_LABEL = "Kurdistan Region · governorate line"
EDGE_SPACING = 800  # pixels between two of its labels along the line
EDGE_FIRST_LABEL = 110  # pixels from its north-western end: north of Mosul, where few attacks are drawn
EDGE_PANE, PLACES_PANE = "frontline-edge", "frontline-places"  # over the sectors, under the markers' groups
FIRST_ZOOM = 9  # no name of the file shows before (tools.place_labels.TOWN_ZOOM)
CSS = f"""<style>
.{PLACE_CLASS} span {{ position: absolute; white-space: nowrap; font-size: 10px; line-height: 14px; color: #333;
  pointer-events: none; transform: translate(-3px, -50%);
  text-shadow: 0 0 2px #fff, 0 0 2px #fff, 0 0 3px #fff; }}
.{PLACE_CLASS} span::before {{ content: ""; display: inline-block; width: 3px; height: 3px; margin-right: 3px;
  border-radius: 50%; background: #555; vertical-align: 2px; }}
.{PLACE_CLASS}-town span {{ color: #222; font-weight: 600; }}
.{PLACE_CLASS} i {{ margin-left: 4px; }}
.{PLACE_CLASS}-machine {{ color: #6b6b6b; }}
.{PLACE_CLASS} b {{ font-weight: inherit; margin-left: 4px; }}
.{EDGE_CLASS}-label span {{ position: absolute; white-space: nowrap; font: italic 600 10px system-ui, sans-serif;
  color: {EDGE_COLOUR}; pointer-events: none; text-shadow: 0 0 2px #fff, 0 0 2px #fff, 0 0 3px #fff; }}
</style>"""
# The legend's lines about the basemap (ui.symbols.legend).
LEGEND = (
    f"<div><span style='display:inline-block;width:14px;height:0;border-top:3px solid {EDGE_COLOUR};"
    "margin-right:4px;vertical-align:3px'></span>Kurdistan Region's edge: its three governorates' boundary "
    "(COD-AB), not the 2003 Green Line nor today's line of control</div>"
    "<div>Towns from zoom 9, villages from 10: a village in its script, then in English; "
    f"<i class='{PLACE_CLASS}-machine'>≈grey italics</i>: a machine reading of its letters (short vowels "
    "missing), not a known spelling</div>"
    "<div>No roads: no offline source of Iraq's roads exists; an online tile server (FRONTLINE_TILE_URL) "
    "adds them</div>")


@lru_cache(maxsize=1)
def place_labels_json(path: Path = PLACES_CSV) -> str:
    """The names as [latitude, longitude, first zoom, village?, script name, English name, machine reading?]."""
    places = pd.read_csv(path, keep_default_na=False)
    rows = [[r.latitude, r.longitude, int(r.min_zoom), int(r.kind == "village"), r.script, r.latin,
             int(r.spelling == "machine")] for r in places.itertuples()]
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":"))


def served_name(prefix: str, text: str) -> str:
    """A served file's name, by its content: a browser may keep it as long as it likes, and changed content is a
    new file (the names here, the basemap in ui.basemap)."""
    return f"{prefix}-{hashlib.sha256(text.encode()).hexdigest()[:12]}.json"


def install_served(folder: Path, name: str, text: str) -> Path:
    """Write a served file where the map's scripts are served (ui.map_assets.install_static_assets), once."""
    target = folder / name
    if not target.exists():
        partial = target.with_suffix(".partial")  # a page loading meanwhile never gets half a file
        partial.write_text(text, encoding="utf-8")
        partial.replace(target)
    return target


def place_labels_file() -> str:
    return served_name("places", place_labels_json())


def install_place_labels(folder: Path) -> Path:
    return install_served(folder, place_labels_file(), place_labels_json())


class PlaceLabels(MacroElement):
    """The names in view at the zoom, fetched once the map is first zoomed to FIRST_ZOOM; and the Kurdistan Region's
    edge (drawn by ui.basemap in `edge`) labelled every EDGE_SPACING pixels along its line, rotated to it."""

    _template = Template("""{% macro script(this, kwargs) %}
    (function (map, edge) {
        [["{{ this.edge_pane }}", 410], ["{{ this.places_pane }}", 450]].forEach(function (pane) {
            var made = map.getPane(pane[0]) || map.createPane(pane[0]);
            made.style.zIndex = pane[1]; made.style.pointerEvents = "none";
        });
        var places = null, asked = false, shown = {}, names = L.layerGroup().addTo(map);
        var edgeLabels = L.layerGroup().addTo(edge);
        function text(tag, content, className) {
            var element = document.createElement(tag);
            element.textContent = content;
            if (className) { element.className = className; }
            return element;
        }
        function marker(p) {
            var span = document.createElement("span");
            if (p[4]) { span.appendChild(text("bdi", p[4])); }
            if (p[5]) {
                span.appendChild(p[6] ? text("i", "≈" + p[5], "{{ this.place_class }}-machine")
                                 : text(p[4] ? "b" : "bdi", p[5]));
            }
            return L.marker([p[0], p[1]], {pane: "{{ this.places_pane }}", interactive: false, keyboard: false,
                icon: L.divIcon({className: "{{ this.place_class }} {{ this.place_class }}-"
                    + (p[3] ? "village" : "town") + (p[6] ? " {{ this.place_class }}-machine" : ""),
                    html: span, iconSize: null})});
        }
        function showPlaces() {
            var zoom = map.getZoom(), view = map.getBounds().pad(0.2), keep = {};
            if (!places) {
                if (zoom >= {{ this.first_zoom }} && !asked) {
                    asked = true;
                    fetch({{ this.url|tojson }}).then(function (r) { return r.json(); })
                        .then(function (rows) { places = rows; showPlaces(); })
                        .catch(function (error) { console.warn("place names not loaded:", error); });
                }
                return;
            }
            for (var i = 0; i < places.length; i++) {
                var p = places[i];
                if (p[2] <= zoom && view.contains([p[0], p[1]])) {
                    keep[i] = true;
                    if (!shown[i]) { shown[i] = marker(p); names.addLayer(shown[i]); }
                }
            }
            Object.keys(shown).forEach(function (i) {
                if (!keep[i]) { names.removeLayer(shown[i]); delete shown[i]; }
            });
        }
        function at(points, lengths, s) {  // the point `s` pixels along a line
            var i = 1;
            while (i < lengths.length - 1 && lengths[i] < s) { i++; }
            var t = Math.max(0, Math.min(1, (s - lengths[i - 1]) / ((lengths[i] - lengths[i - 1]) || 1)));
            return L.point(points[i - 1].x + (points[i].x - points[i - 1].x) * t,
                           points[i - 1].y + (points[i].y - points[i - 1].y) * t);
        }
        function labelEdge() {
            var view = map.getBounds(), lines = [];
            edgeLabels.clearLayers();
            edge.eachLayer(function (layer) {
                if (layer.eachLayer && layer !== edgeLabels) {
                    layer.eachLayer(function (line) { if (line.getLatLngs) { lines.push(line.getLatLngs()); } });
                }
            });
            lines.forEach(function (latlngs) {
                var points = latlngs.map(function (ll) { return map.latLngToLayerPoint(ll); }), lengths = [0];
                for (var i = 1; i < points.length; i++) {
                    lengths.push(lengths[i - 1] + points[i].distanceTo(points[i - 1]));
                }
                var total = lengths[lengths.length - 1], spacing = {{ this.spacing }};
                for (var s = Math.min({{ this.first_label }}, total / 2); s < total; s += spacing) {
                    var a = at(points, lengths, s - 40), b = at(points, lengths, s + 40);
                    var length = a.distanceTo(b) || 1, left = L.point((b.y - a.y) / length, (a.x - b.x) / length);
                    // on the Region's side (the line runs with it on its left), clear of the line
                    var where = map.layerPointToLatLng(at(points, lengths, s).add(left.multiplyBy(9)));
                    if (!view.contains(where)) { continue; }
                    var angle = Math.atan2(b.y - a.y, b.x - a.x) * 180 / Math.PI;
                    angle = angle > 90 ? angle - 180 : angle < -90 ? angle + 180 : angle;
                    var span = text("span", {{ this.edge_label|tojson }});
                    span.style.transform = "translate(-50%, -50%) rotate(" + angle.toFixed(1) + "deg)";
                    edgeLabels.addLayer(L.marker(where, {pane: "{{ this.edge_pane }}", interactive: false,
                        keyboard: false, icon: L.divIcon({className: "{{ this.edge_class }}-label", html: span,
                                                          iconSize: null})}));
                }
            });
        }
        map.on("zoomend moveend", function () { showPlaces(); labelEdge(); });
        map.on("frontline:basemap", labelEdge);
        showPlaces();
    })({{ this._parent.get_name() }}, {{ this.edge.get_name() }});
    {% endmacro %}""")

    def __init__(self, url: str, edge):
        super().__init__()
        self.url, self.edge, self.first_zoom, self.spacing = url, edge, FIRST_ZOOM, EDGE_SPACING
        self.first_label = EDGE_FIRST_LABEL
        self.place_class, self.edge_class, self.edge_label = PLACE_CLASS, EDGE_CLASS, EDGE_LABEL
        self.edge_pane, self.places_pane = EDGE_PANE, PLACES_PANE
