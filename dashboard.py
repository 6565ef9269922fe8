"""Frontline Watch dashboard: map of attacks with a date-range filter, the filtered table and a CSV download.

Only layout lives here; filtering, figures, map building and export are in the `incidents` package.
"""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import streamlit as st
from streamlit_folium import st_folium

from incidents.analysis import date_span, headline_figures
from incidents.export import incidents_frame, to_csv
from incidents.map_assets import install_static_assets
from incidents.mapping import build_map
from incidents.query import IncidentFilter
from incidents.store import IncidentStore, default_url

st.set_page_config(page_title="Frontline Watch", page_icon="🗺️", layout="wide")
install_static_assets(Path(__file__).parent / "static")  # the map's scripts, served locally


@st.cache_resource
def get_store(url: str) -> IncidentStore:
    return IncidentStore(url)


store = get_store(default_url())
everything = store.incidents()

st.title("Frontline Watch")
st.caption("Militant attacks in Iraq's disputed territories, extracted from news reports. "
           f"Database: `{store.url}`")

span = date_span(everything)
if span is None:
    st.info("No incidents stored yet. Add reports with `frontline ingest PATH...` "
            "(the bundled seed reports are in `data/seeds/`).")
    st.stop()

first, last = span
if first == last:
    first -= timedelta(days=1)
date_from, date_to = st.slider("Event date range", min_value=first, max_value=last, value=(first, last),
                               step=timedelta(days=1), format="YYYY-MM-DD", key="date_range")
incidents = store.incidents(IncidentFilter(date_from=date_from, date_to=date_to))

figures = headline_figures(incidents)
cols = st.columns(5)
cols[0].metric("Incidents", figures["incidents"])
cols[1].metric("Killed", figures["killed"])
cols[2].metric("Wounded", figures["wounded"])
cols[3].metric("Peshmerga killed", figures["killed_peshmerga"])
cols[4].metric("Civilians killed", figures["killed_civilians"])

st_folium(build_map(incidents), height=560, use_container_width=True, returned_objects=[], key="map")

st.subheader(f"Incidents ({len(incidents)})")
frame = incidents_frame(incidents)
st.dataframe(frame, hide_index=True, width="stretch")
st.download_button("Download CSV", data=to_csv(incidents), file_name=f"frontline-{date_from}-{date_to}.csv",
                   mime="text/csv")
