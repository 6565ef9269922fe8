"""Incidents: the filtered table, sortable, with CSV and GeoJSON downloads of exactly these rows."""
from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from app_ui import filtered_table, get_store, sidebar_filter
from incidents.analysis import incident_rows
from incidents.export import to_csv, to_geojson

TABLE_ROWS = 20_000  # more rows than this are in the downloads, not in the browser's table
PREPARED_ROWS = 2_000  # downloads of up to this many incidents are written with the page

st.set_page_config(page_title="Incidents · Frontline Watch", layout="wide")
store = get_store()
flt = sidebar_filter(store)
table = filtered_table(store, flt)
st.title(f"Incidents ({len(table):,})")
if len(table) > TABLE_ROWS:
    st.caption(f"The latest {TABLE_ROWS:,} are shown; the downloads hold all {len(table):,}.")
st.dataframe(incident_rows(table.tail(TABLE_ROWS).iloc[::-1], map_link=f"/?{urlencode(flt.to_query(), doseq=True)}&"),
             hide_index=True, width="stretch", column_config={
                 "map": st.column_config.LinkColumn("map", display_text="on the map",
                                                    help="The attack on the map, its popup open, in this filter"),
                 "confidence": st.column_config.NumberColumn(format="%.2f", help="How far the cues that produced "
                                                             "it can be trusted (blank for imported datasets)"),
                 "review": st.column_config.TextColumn("to review", help="Why an analyst should check it")})
stem = f"frontline-{flt.date_from or 'start'}-{flt.date_to or 'end'}"
left, right = st.columns(2)
# A selection of up to PREPARED_ROWS is written with the page, so a click downloads at once; a larger one (every
# source of every incident) is built when clicked, not on each rerun. Built on click, a download was seen to hang
# now and then in chromium (its button spinning), so the common, small case does not take that path.
incidents = store.incidents(flt) if len(table) <= PREPARED_ROWS else None
left.download_button("Download CSV", data=to_csv(incidents) if incidents is not None else
                     lambda: to_csv(store.incidents(flt)), file_name=f"{stem}.csv", mime="text/csv")
right.download_button("Download GeoJSON", data=to_geojson(incidents) if incidents is not None else
                      lambda: to_geojson(store.incidents(flt)), file_name=f"{stem}.geojson",
                      mime="application/geo+json")
