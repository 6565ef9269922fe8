"""Incidents: the filtered table, sortable, with CSV and GeoJSON downloads of exactly these rows."""
from __future__ import annotations

import streamlit as st

from app_ui import get_store, filtered_incidents, sidebar_filter
from incidents.export import incidents_frame, to_csv, to_geojson

st.set_page_config(page_title="Incidents · Frontline Watch", layout="wide")
store = get_store()
flt = sidebar_filter(store)
incidents = filtered_incidents(store, flt)
st.title(f"Incidents ({len(incidents)})")
st.dataframe(incidents_frame(incidents), hide_index=True, width="stretch")
stem = f"frontline-{flt.date_from or 'start'}-{flt.date_to or 'end'}"
left, right = st.columns(2)
left.download_button("Download CSV", data=to_csv(incidents), file_name=f"{stem}.csv", mime="text/csv")
right.download_button("Download GeoJSON", data=to_geojson(incidents), file_name=f"{stem}.geojson",
                      mime="application/geo+json")
