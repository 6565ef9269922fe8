"""What the dashboard draws, beside the Streamlit pages that lay it out: the folium map (mapping, with its
symbols, popups and the choice of what a view draws), its basemap and local assets, the pages' shared store and
cache (app), the view kept in the link (link), the sidebar's filters (sidebar), and who is signed in with which role
(identity: the team's settings, its login proxy's header or OpenID Connect claims). Everything but `ui.app`,
`ui.link`, `ui.sidebar` and `ui.date_controls` imports without Streamlit; the figures it draws are computed in
`analysis` and `store`.

May import every package but `cli`; only `dashboard.py`, `pages/` and `bench/` import it.
"""
