"""Every stored incident with the sentences and reports it rests on, for checking provenance."""
from __future__ import annotations

import streamlit as st

from incidents.store import IncidentStore

st.set_page_config(page_title="Sources · Frontline Watch", layout="wide")
st.title("Incidents and their sources")

for incident in IncidentStore().incidents():
    label = (f"{incident.event_date} · {incident.location or incident.place} · "
             f"{incident.fatalities_best or 0} killed · {len(incident.sources)} source(s)")
    with st.expander(label):
        st.write(f"**Place as written:** {incident.place} — **precision:** {incident.geo_precision} — "
                 f"**dates:** {incident.date_start} to {incident.date_end} ({incident.date_precision})")
        if incident.notes:
            st.write(f"**Notes:** {incident.notes}")
        for source in incident.sources:
            st.markdown(f"- *{source.outlet or source.title}* ({source.published}), "
                        f"killed {source.killed.total}, wounded {source.wounded.total}")
            st.text(source.sentence)
