"""Places: names the gazetteer could not resolve. Fix one by choosing a gazetteer entry or by clicking the
map; the fix applies to every incident with that name, and to later reports naming it."""
from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from app_ui import current_analyst, get_store, plain
from geo import get_gazetteer
from geo.gazetteer import place_at
from incidents.mapping import base_map

st.set_page_config(page_title="Places · Frontline Watch", layout="wide")
store = get_store()
st.title("Places the gazetteer does not know")
rows = store.unresolved_places()
if not rows:
    st.success("Every stored place name is in the gazetteer.")
    st.stop()
st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")

name = st.selectbox("Name to place", [r["unresolved_place"] for r in rows])
by_entry, by_map = st.tabs(["Choose a gazetteer entry", "Click the map"])
with by_entry:
    query = st.text_input("Search the gazetteer", value=name)
    candidates = get_gazetteer().search(query)
    entry = st.selectbox("Entry", candidates, format_func=lambda p: f"{p.name} ({p.kind}; {p.admin2 or '-'}, "
                         f"{p.admin1 or '-'}; {p.latitude:.4f}, {p.longitude:.4f})")
    if st.button("Use this entry", disabled=entry is None):
        moved = store.fix_place(name, entry, analyst=current_analyst())
        st.success(f"'{plain(name)}' placed at {plain(entry.name)}: {moved} incident(s) moved.")
with by_map:
    clicked = (st_folium(base_map(colour_by=None), height=450, use_container_width=True, key="places-map",
                         returned_objects=["last_clicked"]) or {}).get("last_clicked") or {}
    left, right = st.columns(2)
    latitude = left.number_input("Latitude", value=float(clicked.get("lat", 35.4)), format="%.5f")
    longitude = right.number_input("Longitude", value=float(clicked.get("lng", 44.2)), format="%.5f")
    if st.button("Place it here"):
        place = place_at(name, latitude, longitude)
        if place.admin1 is None:
            st.error("That point is outside Iraq.")
        else:
            moved = store.fix_place(name, place, analyst=current_analyst())
            st.success(f"'{plain(name)}' placed at {latitude:.5f}, {longitude:.5f} ({place.admin2}, {place.admin1}): "
                       f"{moved} incident(s) moved.")
