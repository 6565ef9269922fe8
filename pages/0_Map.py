"""Frontline Watch — the map (home page): attacks in the filtered window, sectors shaded by their toll.

Layout only: filters, figures and the map are built by the `store`, `analysis` and `ui` packages (see ui/app.py).
"""
from __future__ import annotations

import hashlib
from dataclasses import replace

import folium
import streamlit as st
from streamlit_folium import st_folium

from analysis.tables import awaiting_delta, resting_on, rows_at
from analysis.labels import GROUP_LABELS
from incidents.model import VICTIM_GROUPS
from ui.app import (current_person, get_store, new_incidents, newest_new, opening_run, plain, selection, shorter,
                    stored_count)
from ui.link import hold_incident, query_incident, search_box, search_words, set_filter, shown_incident
from ui.sidebar import sidebar_filter
from ui.map_assets import stable_ids
from ui.mapping import base_map
from ui.newsmap import new_incidents_layer
from ui.symbols import COLOUR_BY
from ui.viewport import DETAIL_LIMIT, leaflet_bounds, sector_view, steady_bounds
from watch.records import visit_mark

FOCUS_ZOOM = 11  # the zoom an attack opened from the list or a link is shown at
HIGHLIGHT = "background-color: #fde2c8"  # rows of the marker last clicked
NEW_ROWS = 500  # incidents new since the last visit listed (all are counted)
SECTOR_VIEW = "sector_view"  # session key: the sectors last chosen (clicked, in the sidebar or by a link), their view
DRAWN_AREA = "drawn_area"  # session key: the area whose attacks were drawn one by one
LISTED = "event_list_shown"  # session key: the list beside the map as last drawn (its widget key, its incidents)
COLOUR, HEAT = "colour_by", "heat_map"  # widget keys of the map options
LINKED = "linked_incident"  # session key: the attack the opening link asked for
HEADLINE, MAP_TOOLS = "headline", "map-tools"  # the rows of tiles, and of the search box and map options
# On a phone Streamlit stacks columns: the three tiles then pushed the map about 560 px down. These two rows
# stay side by side there, the tiles' figures smaller.
NARROW_SCREEN_CSS = f"""<style>@media (max-width: 640px) {{
  .st-key-{HEADLINE} [data-testid="stHorizontalBlock"], .st-key-{MAP_TOOLS} [data-testid="stHorizontalBlock"] {{
    flex-wrap: nowrap; gap: 0.5rem; }}
  .st-key-{HEADLINE} [data-testid="stColumn"], .st-key-{MAP_TOOLS} [data-testid="stColumn"] {{
    min-width: 0; width: auto; flex: 1 1 0; }}
  .st-key-{MAP_TOOLS} [data-testid="stColumn"]:first-child {{ flex-grow: 2; }}
  .st-key-{HEADLINE} [data-testid="stMetricValue"] {{ font-size: 1.5rem; }}
}}</style>"""

TOOLS_ROW_SPACE = "<div style='height: 2.5rem'></div>"
LIST_TOP, LIST_ROW, LIST_HEIGHT = 38, 35, 560  # px: the list's header, a row, and its most (beside the map)

st.set_page_config(page_title="Map · Frontline Watch", page_icon="🗺️", layout="wide")
store = get_store()
linked = query_incident()  # an attack asked for by a link: read before the filters rewrite it
linked = None if linked == shown_incident() else linked  # the link holds the attack shown: not asked anew
# The page just opened: the figures and the map first; the filters, the search box and the map options come
# on the next run, which the map asks for once drawn.
opening = opening_run() and stored_count(store) > 0  # (an empty store shows no map to ask)
flt = sidebar_filter(store, draw=not opening, search=True)
filtered = selection(store, flt)  # computed by the database; narrowed by the search below

if stored_count(store) == 0:
    st.title("Frontline Watch")
    st.info("No incidents stored yet. Add reports on the Add reports page or with `frontline ingest PATH...` "
            "(the bundled seed reports are in `data/seeds/`).")
    st.stop()

# Read before the widgets are drawn (the analyst's last choices, or the link's): the figures above them follow
# the search too.
words = search_words()
colour_by, heat = st.session_state.get(COLOUR, next(iter(COLOUR_BY))), st.session_state.get(HEAT, False)
map_key = f"map-{colour_by}"
view = st.session_state.get(map_key) or {}  # the zoom and bounds the analyst left the map at
bounds = leaflet_bounds(view.get("bounds"))
ids = filtered.detail_ids(bounds, previous=st.session_state.get(DRAWN_AREA))
st.session_state[DRAWN_AREA] = steady_bounds(bounds, st.session_state.get(DRAWN_AREA))
details = store.incidents_by_id(ids) if ids is not None else None
shown = filtered  # after the search
if words:
    shown = selection(store, flt, words, details or ())
    details = [i for i in details if i.incident_id in set(shown.rows["incident_id"])] if details is not None else None

figures = shown.headline()
st.markdown(NARROW_SCREEN_CSS, unsafe_allow_html=True)  # st.html would load two more scripts first
for col, (label, key) in zip(st.container(key=HEADLINE).columns(3), [("Incidents", "incidents"),
                                                                      ("Killed", "killed"), ("Wounded", "wounded")]):
    col.metric(label, f"{figures[key]:,}", delta=awaiting_delta(figures, key), delta_color="off", delta_arrow="off",
               help=resting_on(figures) if key == "killed" else None)
# Killed per victim group, every group (unknown too), so the parts add up to the Killed tile; then what the
# Killed tile rests on, so an analyst knows what to check before quoting it.
st.caption("Killed by victim group: " + " · ".join(f"{GROUP_LABELS[g]} **{figures[f'killed_{g}']:,}**"
                                                    for g in VICTIM_GROUPS)
           + (f". Search “{plain(shorter(words))}”: {shown.count():,} of the filter's {filtered.count():,} attacks"
              if words else "") + f". {resting_on(figures)} Filters are in the link: share it to share this view.")

if opening:
    st.markdown(TOOLS_ROW_SPACE, unsafe_allow_html=True)  # their row's height: the map does not move when they come
else:
    searching, options = st.container(key=MAP_TOOLS).columns([4, 1], vertical_alignment="bottom")
    search_box(searching, "Search", placeholder="A place, or a word in the sources", label_visibility="collapsed",
               help="Places, governorates, districts and outlets; the sources' sentences of the attacks drawn one "
                    "by one. In the link, as the filters are")
    with options.popover("Map options", use_container_width=True):
        st.radio("Colour markers by", list(COLOUR_BY), format_func=COLOUR_BY.get, horizontal=True, key=COLOUR)
        st.toggle("Heat map", help="Where attacks and fatalities concentrate, over the markers", key=HEAT)
# The map is sent before the list beside it (the map takes the browser longest to draw, and the list's
# table script is the largest the page loads): the row picked in the list is read from the session.
if linked:  # said while the view is the one the link opened
    st.session_state[LINKED] = (linked, flt, words)
focus = linked or shown_incident()
list_key, listed_ids = st.session_state.get(LISTED, (None, []))  # the list as the analyst saw it
picked = (((st.session_state.get(list_key) or {}) if list_key else {}).get("selection") or {}).get("rows") or []
if picked and picked[0] < len(listed_ids):
    focus = listed_ids[picked[0]]
target = store.get(focus) if focus and shown.matching([focus]) else None
if focus and target is None:  # the link's attack is outside the view (not stored at all: the sidebar says so)
    if st.session_state.get(LINKED) != (focus, flt, words):  # one picked earlier, filtered out since
        focus = None
    elif filtered.matching([focus]):
        st.info(f"The attack this link opens is hidden by the search “{plain(shorter(words))}”: clear it to see it.")
    elif selection(store, replace(flt, date_from=None, date_to=None, sectors=(), area=None)).matching([focus]):
        st.info("The attack this link opens is outside the dates, sector or area chosen: widen them to see it.")
    else:  # not stored, or of a review status not shown: the sidebar says so, and the link drops it
        focus = None
hold_incident(focus)
# The base map is sent once; filter changes replace only its layers, so the view stays put.
# Cells are figures, as the tiles and the sectors: they count what those count (awaiting review only when counted).
layers = shown.layers(details, colour_by, view.get("zoom"), heat, focus if target is not None else None,
                      st.session_state[DRAWN_AREA])
since = visit_mark(store, current_person().name, st.session_state)  # new since this person's last visit
if ids:  # the new ones among the markers drawn one by one are ringed
    ringed = shown.searched(new_incidents(store, since, flt, ids))
    if not ringed.empty:
        layers.append(stable_ids(new_incidents_layer(ringed), "n"))
if target is not None and target.latitude is not None:  # the attack asked for, else a sector clicked
    centre, zoom = (float(target.latitude), float(target.longitude)), FOCUS_ZOOM
else:
    if flt.sectors and flt.sectors != st.session_state.get(SECTOR_VIEW, ((), None))[0]:  # newly chosen: framed
        st.session_state[SECTOR_VIEW] = (flt.sectors, sector_view(flt.sectors))
    centre, zoom = st.session_state.get(SECTOR_VIEW, ((), None))[1] or (None, None)
map_side, list_side = st.columns([5, 3])
with map_side:
    state = st_folium(base_map(colour_by=colour_by), height=600, use_container_width=True, key=map_key,
                      feature_group_to_add=layers, layer_control=folium.LayerControl(collapsed=True),
                      center=centre, zoom=zoom,
                      returned_objects=["last_active_drawing", "last_object_clicked", "zoom", "bounds"])

# The list beside the map: until the map has reported its view (it does once drawn, and the page reruns),
# a line stands in for it. The table's scripts are the largest the page loads: loaded beside the map's,
# they held the map back by about half a second.
with list_side:
    if not view:
        st.caption("Listing the attacks in view…")
    else:
        listed, in_sight = shown.in_view(bounds)  # the view the map reported, not the wider area drawn
        # Keyed by what it lists: a row ticked in one list is not carried to the row at its place in another.
        list_key = "event-list-" + hashlib.sha1(" ".join(listed["incident_id"]).encode()).hexdigest()[:12]
        st.session_state[LISTED] = (list_key, list(listed["incident_id"]))
        st.caption("No attack in view: pan, zoom out or widen the filters" if not in_sight else
                   f"{len(listed):,} attack(s) in view, latest first: click a row to show it on the map"
                   if len(listed) == in_sight else f"The latest {len(listed):,} of {in_sight:,} attacks "
                   "in view: zoom in to list them all, click a row to show it on the map")
        marked = rows_at(listed, view.get("last_object_clicked"))  # the marker the analyst clicked
        rows = listed.drop(columns=["incident_id", "latitude", "longitude"])
        if len(marked):  # styled only then: a Styler costs each run (its first, 0.3 s loading pandas' templates)
            rows = rows.style.apply(lambda row: [HIGHLIGHT if row.name in marked else ""] * len(row), axis=1)
        if len(listed):  # as tall as its rows, up to the map's height: an empty view drew fifteen blank rows
            st.dataframe(rows, hide_index=True, on_select="rerun",
                         height=min(LIST_TOP + LIST_ROW * len(listed), LIST_HEIGHT), selection_mode="single-row",
                         key=list_key, width="stretch")
if words:  # after the map
    new = shown.searched(new_incidents(store, since, flt))
    new_total = len(new)
else:
    new, new_total = newest_new(store, since, flt, NEW_ROWS)
clicked = ((state or {}).get("last_active_drawing") or {}).get("properties", {}).get("name")
if clicked and clicked != st.session_state.get("clicked_sector"):
    st.session_state["clicked_sector"] = clicked
    hold_incident(None)  # the next run frames the sector
    set_filter(replace(flt, sectors=(clicked,)))
if flt.sectors and not shown.count():
    st.warning(f"No attack in {', '.join(flt.sectors)} in this filter: widen the dates or the other filters.")
drawn = "each attack is a marker; click one for its sources" if ids is not None else (
    f"more than {DETAIL_LIMIT:,} attacks in view are grouped into circles per area; zoom in or filter to see "
    "each one")
st.caption(f"Click a sector to filter to it (a double-click zooms). {drawn.capitalize()}. Unlocated incidents "
           f"(place not in the gazetteer) are listed on the Places page; {shown.unlocated()} in "
           "this view.")
if not new.empty:
    with st.expander(f"{new_total} incident(s) new since your last visit (ringed on the map; feeds on the Feeds page)"):
        if view:  # like the list beside the map, its table waits until the map is drawn
            st.dataframe(new.drop(columns=["latitude", "longitude"]).head(NEW_ROWS), hide_index=True,
                         width="stretch")
        else:
            st.caption("Listed once the map is drawn…")
