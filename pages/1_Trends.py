"""Trends: weekly attacks and fatalities by sector, and a sector × month table, for the current filter."""
from __future__ import annotations

import streamlit as st

from app_ui import filtered_table, get_store, sidebar_filter
from incidents.analysis import sector_month_table, weekly_by_sector

st.set_page_config(page_title="Trends · Frontline Watch", layout="wide")
store = get_store()
table = filtered_table(store, sidebar_filter(store))
st.title("Trends")
weekly = weekly_by_sector(table)
if weekly.empty:
    st.info("No incidents in this filter.")
    st.stop()
left, right = st.columns(2)
left.subheader("Attacks per week")
left.bar_chart(weekly, x="week", y="attacks", color="sector", stack=True)
right.subheader("Fatalities per week")
right.bar_chart(weekly, x="week", y="fatalities", color="sector", stack=True)
value = st.radio("Sector × month", ["attacks", "fatalities"], horizontal=True)
st.dataframe(sector_month_table(table, value=value), width="stretch")
