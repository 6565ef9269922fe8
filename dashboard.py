"""Frontline Watch, the Streamlit app: `streamlit run dashboard.py`.

Every script in pages/ is a page, in file-name order; the map (pages/0_Map.py) is the home page. The
filters travel with the analyst from page to page (ui.app.sidebar_filter).
"""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from ui.app import PAGE_CSS

PAGES = Path(__file__).parent / "pages"
HOME = "0_Map.py"

st.set_page_config(page_title="Frontline Watch", page_icon="🗺️", layout="wide")
st.markdown(PAGE_CSS, unsafe_allow_html=True)  # above every page (st.html would load two more scripts first)
st.navigation([st.Page(path, default=path.name == HOME) for path in sorted(PAGES.glob("*.py"))]).run()
