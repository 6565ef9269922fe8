"""Frontline Watch — the map (home page): attacks in the filtered window, sectors shaded by their toll.

Layout only: filters, figures and the map are built by the `incidents` package (see app_ui.py).
"""
from __future__ import annotations

from dataclasses import replace

import folium
import streamlit as st
from streamlit_folium import st_folium

from app_ui import get_store, filtered_incidents, set_filter, sidebar_filter
from incidents.analysis import headline_figures
from incidents.mapping import COLOUR_BY, base_map, incident_layers

st.set_page_config(page_title="Frontline Watch", page_icon="🗺️", layout="wide")
store = get_store()
flt = sidebar_filter(store)
incidents = filtered_incidents(store, flt)

st.title("Frontline Watch")
st.caption("Militant attacks in Iraq's disputed territories, extracted from news reports. "
           "Filters are in the link: share it to share this view.")
if store.count() == 0:
    st.info("No incidents stored yet. Add reports on the Add reports page or with `frontline ingest PATH...` "
            "(the bundled seed reports are in `data/seeds/`).")
    st.stop()

figures = headline_figures(incidents)
cols = st.columns(8)
for col, (label, key) in zip(cols, [("Incidents", "incidents"), ("Killed", "killed"), ("Wounded", "wounded"),
                                    ("Peshmerga killed", "killed_peshmerga"), ("Army killed", "killed_iraqi_army"),
                                    ("Police killed", "killed_police"), ("PMF killed", "killed_pmf"),
                                    ("Civilians killed", "killed_civilians")]):
    col.metric(label, figures[key])

colour_by = st.radio("Colour markers by", list(COLOUR_BY), format_func=COLOUR_BY.get, horizontal=True)
# The base map is sent once; filter changes replace only its layers, so the view stays put.
layers = incident_layers(incidents, colour_by=colour_by)
state = st_folium(base_map(colour_by=colour_by), height=600, use_container_width=True, key=f"map-{colour_by}",
                  feature_group_to_add=layers, layer_control=folium.LayerControl(collapsed=True),
                  returned_objects=["last_active_drawing"])
clicked = ((state or {}).get("last_active_drawing") or {}).get("properties", {}).get("name")
if clicked and clicked != st.session_state.get("clicked_sector"):
    st.session_state["clicked_sector"] = clicked
    set_filter(replace(flt, sectors=(clicked,)))
st.caption("Click a sector to filter to it. Unlocated incidents (place not in the gazetteer) are listed on the "
           f"Places page; {sum(1 for i in incidents if not i.geolocated)} in this view.")
