"""Frontline Watch, the Streamlit app: `streamlit run dashboard.py`.

Every script in pages/ is a page, in file-name order; the map (pages/0_Map.py) is the home page. The
filters travel with the analyst from page to page (ui.sidebar.sidebar_filter). Every page is for a signed-in person
only when the team's settings name a login (ui.identity); the sidebar says who and with which role.
"""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from ui.app import PAGE_CSS, current_person, plain
from ui.identity import load_team, log_once, unguarded_notice

PAGES = Path(__file__).parent / "pages"
HOME = "0_Map.py"

st.set_page_config(page_title="Frontline Watch", page_icon="🗺️", layout="wide")
st.markdown(PAGE_CSS, unsafe_allow_html=True)  # above every page (st.html would load two more scripts first)
person = current_person()  # nobody signed in, for a team: the page says why and stops here
team = load_team()
if team is not None:
    st.sidebar.caption(plain(f"Signed in as {person.name} ({person.role})"))
elif notice := unguarded_notice(team, st.get_option("server.address")):  # reachable, no team: everyone a viewer
    st.sidebar.warning(notice)
    log_once(notice)
if team is not None and team.oidc:
    st.sidebar.button("Sign out", on_click=st.logout)
st.navigation([st.Page(path, default=path.name == HOME) for path in sorted(PAGES.glob("*.py"))]).run()
