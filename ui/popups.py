"""What an attack's popup and tooltip say: its place and how precisely it is known, date, toll, and every
distinct source quoted; bound to the markers in the browser from one table. Every text from a report is
HTML-escaped before it goes into a popup or tooltip."""
from __future__ import annotations

from html import escape
from urllib.parse import quote, urlparse

from branca.element import MacroElement
from jinja2 import Template

from analysis.labels import (DATASET_LABELS, DATE_PRECISION_LABELS, GROUP_LABELS, PERPETRATOR_LABELS,
                              TYPE_LABELS, days_label, label, place_label)
from incidents.confidence import awaiting_review
from incidents.model import Incident, SourceRef
from ui.symbols import PRECISION_NOTES

PERMALINK_CLASS = "frontline-permalink"  # the popup's link to the attack: this view, the popup open
ATTACK_CLASS = "frontline-attack"  # CSS class of attack markers (+ "-<incident id>"), for styling and tests


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
    area = ", ".join(a for a in (incident.admin2, incident.admin1) if a)  # a district not known is left out
    rows = [
        f"<b>{escape(place_label(incident.location or incident.place))}</b> ({escape(precision)})",
        f"Date: {escape(when)} ({escape(label(DATE_PRECISION_LABELS, incident.date_precision))})",
        f"Place as written: {escape(incident.place)}" + (f"; {escape(area)}" if area else ""),
        f"Type: {escape(label(TYPE_LABELS, incident.attack_type))}; perpetrator: "
        f"{escape(label(PERPETRATOR_LABELS, incident.perpetrator))}",
    ]
    if incident.geolocated and incident.sector is None and incident.geo_precision != "governorate":
        rows.append("<b>Outside the disputed territories and the Kurdistan Region's edge</b> (not in a sector)")
    for kind in ("killed", "wounded"):
        counts = getattr(incident, kind)
        parts = [f"{GROUP_LABELS[g]} {n}" for g, n in counts.as_dict().items() if n]
        said = "0" if counts.total == 0 else "no number given"  # "no casualties were reported" is a 0, as listed
        rows.append(f"{kind.capitalize()}: {escape(', '.join(parts) or said)}")
    if incident.fatalities_low != incident.fatalities_high:
        rows.append(f"Fatalities low/best/high: {incident.fatalities_low}/{incident.fatalities_best}/"
                    f"{incident.fatalities_high}")
    if awaiting_review(incident):
        rows.append("<b>Awaiting review</b>: left out of the figures until an analyst accepts it")
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
    # the page's own link once the popup opens (BoundPopups); this one, should the page's be out of reach
    rows.append(f"<a class='{PERMALINK_CLASS}' href='/?incident={quote(incident.incident_id)}' target='_blank' "
                "rel='noopener'>Link to this attack</a>")
    # at most the map's width (the frame's 100vw) less the popup's margins: a phone's map is about 360 px wide
    return ("<div style='font:12px system-ui,-apple-system,Segoe UI,sans-serif;"
            "max-width:min(360px,calc(100vw - 72px))'>"
            + "<br>".join(rows) + "</div>")


def tooltip_text(incident: Incident) -> str:
    when = days_label(incident.date_start, incident.date_end)  # a week is never shown as one day
    where = place_label(incident.location or incident.place)
    if incident.geo_precision == "governorate":
        where = f"somewhere in {where} governorate"
    return escape(f"{when} {where}: " + ("awaiting review, " if awaiting_review(incident) else "")
                  + (f"{incident.fatalities_best} killed" if incident.fatalities_best is not None
                     else "killed not known"))


class BoundPopups(MacroElement):
    """Every attack marker's popup (popup_html) and tooltip, bound in the browser from one table keyed by
    incident id, rather than a folium Popup and Tooltip per marker: folium compiles each rendered element
    as a Jinja template of its own, which took 0.28 s of every rerun for 140 markers (about a second at
    DETAIL_LIMIT). The marker of `focus`, if drawn, opens its popup: the attack the analyst asked to see;
    when it sits in a marker cluster (attacks at one point, or every marker above CLUSTER_FROM) it is not on
    the map until its cluster is spread, so the map zooms in on it and spreads its stack first. The map is
    scrolled into view (on a phone the list beside it sits below it)."""

    _template = Template("""{% macro script(this, kwargs) %}
    (function (layer) {
        var popups = {{ this.popups|tojson }}, tooltips = {{ this.tooltips|tojson }}, focus = {{ this.focus|tojson }};
        function open(item, cluster) {  // once the view has settled: the marker, else the stack it is in, spread
            if (cluster._inZoomAnimation) { cluster.once("animationend", function () { open(item, cluster); }); }
            else if (item._map) { item.openPopup(); }
            else {
                var stack = cluster.getVisibleParent(item);
                if (stack && stack.spiderfy) {
                    cluster.once("spiderfied", function () { item.openPopup(); });
                    stack.spiderfy();
                }
            }
        }
        function show(item, cluster) {
            if (item._map) { item.openPopup(); return; }
            if (!cluster || !cluster._map || !item.__parent) { return; }
            var map = cluster._map, stack = cluster.getVisibleParent(item);
            var bounds = stack && stack.getBounds && stack.getBounds();
            if (bounds && bounds.getNorthEast().equals(bounds.getSouthWest())) {
                open(item, cluster);  // attacks at one point: spread where they are, at this zoom
            } else {
                // Centred on it, at the zoom its cluster splits at, then spread if it still shares its point
                // (markercluster's zoomToShowLayer zooms to the cluster's bounds, not to the marker)
                map.once("moveend", function () { open(item, cluster); });
                var splits = item.__parent._zoom + 1;
                map.setView(item.getLatLng(), Math.min(map.getMaxZoom(), Math.max(map.getZoom(), splits)));
            }
        }
        function into_view() {  // on a phone the list sits under the map: a row picked there brings the map up
            var frame = null;
            try { frame = window.frameElement; } catch (error) {}  // none if the page were of another origin
            if (frame) { frame.scrollIntoView({block: "nearest", behavior: "smooth"}); }
        }
        function permalink(popup, id) {  // the page's link as it is now (its filters), naming this attack
            var link = popup.getElement() && popup.getElement().querySelector("a.{{ this.permalink_class }}");
            try {
                var url = new URL(window.parent.location.href);
                url.searchParams.set("incident", id);
                if (link) { link.href = url.href; }
            } catch (error) {}  // the page out of reach: the link keeps the attack alone
        }
        function bind(item, cluster) {
            var named = item.options && /{{ this.attack_class }}-(\\S+)/.exec(item.options.className || "");
            var id = named && named[1];
            if (id && popups[id]) {
                item.bindPopup(popups[id], {maxWidth: 380, maxHeight: 440});  // a longer one scrolls in the map
                item.bindTooltip("<div>" + tooltips[id] + "</div>", {sticky: true});
                item.on("popupopen", function (event) { permalink(event.popup, id); });
                if (id === focus) { into_view(); setTimeout(function () { show(item, cluster); }, 600); }
            } else if (item.eachLayer) {
                var holder = (L.MarkerClusterGroup && item instanceof L.MarkerClusterGroup) ? item : cluster;
                item.eachLayer(function (child) { bind(child, holder); });
            }
        }
        layer.eachLayer(function (child) { bind(child, null); });
    })({{ this._parent.get_name() }});
    {% endmacro %}""")

    def __init__(self, details: list[Incident], focus: str | None):
        super().__init__()
        self.popups = {i.incident_id: popup_html(i) for i in details}
        self.tooltips = {i.incident_id: tooltip_text(i) for i in details}
        self.focus = focus
        self.attack_class, self.permalink_class = ATTACK_CLASS, PERMALINK_CLASS
