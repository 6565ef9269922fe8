"""Places: names not located by their name (unknown to the gazetteer, or known but not where the reports put
them, each said to be which). Fix one by choosing a gazetteer entry or by clicking the map; the fix applies
to every incident with that name, and to later reports naming it. Before it is applied the page says how far
each incident moves and whether it changes governorate, and asks for a confirmation when the move is long or
crosses a governorate (analysis/placing.py)."""
from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from geo import get_gazetteer
from geo.gazetteer import place_at
from analysis.labels import NOT_GIVEN, column_labels, place_label
from analysis.placing import MOVE_LIMIT_KM, moves, preselected, why_unlocated
from store.access import Refused
from ui.app import current_person, get_store, plain, refused
from ui.link import keep_filter_in_link
from ui.mapping import CENTRE, base_map
from ui.placing import placing_layer

PLACES_MAP = "places-map"  # the map's widget key: its last click is read before it is drawn

st.set_page_config(page_title="Places · Frontline Watch", layout="wide")
store = get_store()
keep_filter_in_link()
person = current_person()
st.title("Places not located by their name")
rows = store.unresolved_places()
if not rows:
    st.success("Every stored place name is in the gazetteer.")
    st.stop()
names = [r["unresolved_place"] for r in rows]
carrying = store.carrying_unresolved(names)
why = why_unlocated(names, [s for i in carrying for s in i.sources if s.unresolved_place in names], get_gazetteer())
st.caption("Each name is either not in the gazetteer, or in it but not where its reports put it (another place "
           "of the name, or a range whose point lies elsewhere): its incidents are placed at the area the reports "
           "give. Placing a name here moves every incident that carries it.")
st.dataframe(pd.DataFrame([{"unresolved_place": r["unresolved_place"], "why": why[r["unresolved_place"]], **r,
                            "located_at": r["located_at"] or NOT_GIVEN} for r in rows]), hide_index=True,
             width="stretch", column_config={**column_labels(rows[0]), "why": st.column_config.TextColumn(
                 "Why not located by its name", width="large")})

name = st.selectbox("Name to place", names)
named = [i for i in carrying if any(s.unresolved_place == name for s in i.sources)]
where = sorted({place_label(i.location) + (f" ({i.admin1})" if i.admin1 else "") for i in named
                if i.location and i.geolocated})
unplaced = sum(not i.geolocated for i in named)
st.caption(f"{len(named)} incident(s) carry this name, placed for now at the area their reports give: "
           f"{', '.join(where) or 'nowhere'}" + (f"; {unplaced} not on the map (their reports give no area)"
                                                 if unplaced else "") + f". The name is {plain(why[name])}.")


def place_it(place, label: str) -> None:
    """Show what placing the name at `place` does; apply it, after a confirmation when it is a long move
    or crosses a governorate."""
    planned = moves(named, place.latitude, place.longitude, place.admin1)
    for move in planned:
        st.write(f"Incident {move.incident_id}: moves {move.describe()}")
    risky = any(m.needs_confirmation for m in planned)
    sure = st.checkbox(f"Yes, move them: more than {MOVE_LIMIT_KM:.0f} km or into another governorate",
                       key=f"confirm-{label}") if risky else True
    if risky:
        st.warning("This entry is far from where the reports put the name, or in another governorate: "
                   "it may be another place of the same name.")
    if st.button(label, disabled=not sure or not person.may("place"), help=person.why_not("place") or None):
        try:
            moved = store.fix_place(name, place, by=person)
        except Refused as exc:
            refused(exc)
            return
        st.success(f"'{plain(name)}' placed at {plain(place_label(place.name))} ({place.admin2}, {place.admin1}): "
                   f"{moved} incident(s) moved.")


how = st.radio("Place it by", ["Choosing a gazetteer entry", "Clicking the map"], horizontal=True)
if how == "Choosing a gazetteer entry":
    query = st.text_input("Search the gazetteer", value=name)
    candidates = get_gazetteer().search(query)
    entry = st.selectbox("Entry", candidates, index=preselected(candidates, named, name),
                         placeholder="Choose an entry (none lies in the area the reports give)",
                         format_func=lambda p: f"{place_label(p.name)} ({p.kind}; {p.admin2 or '-'}, "
                                               f"{p.admin1 or '-'}; {p.latitude:.4f}, {p.longitude:.4f})")
    if entry is not None:
        place_it(entry, "Use this entry")
else:  # drawn only when chosen: a map in a hidden tab opens at world zoom
    map_slot = st.container()  # the map above the coordinates, drawn after them: its pin is where they point
    clicked = (st.session_state.get(PLACES_MAP) or {}).get("last_clicked") or {}
    left, right = st.columns(2)
    latitude = left.number_input("Latitude", value=float(clicked.get("lat", CENTRE[0])), format="%.5f")
    longitude = right.number_input("Longitude", value=float(clicked.get("lng", CENTRE[1])), format="%.5f")
    chosen = (latitude, longitude) if clicked or (latitude, longitude) != CENTRE else None
    with map_slot:
        st.caption("Click where the name lies: a pin marks it, a dashed line joins it to each incident carrying the "
                   "name (blue rings, where they are now).")
        st_folium(base_map(colour_by=None), height=450, use_container_width=True, key=PLACES_MAP, center=CENTRE,
                  zoom=7, returned_objects=["last_clicked"], feature_group_to_add=placing_layer(named, chosen))
    place = place_at(name, latitude, longitude)
    if place.admin1 is None:
        st.error("That point is outside Iraq.")
    else:
        place_it(place, "Place it here")
