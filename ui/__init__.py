"""What the dashboard draws, beside the Streamlit pages that lay it out: the folium map (mapping, with its
symbols, popups and the choice of what a view draws), its basemap and local assets, and the shared sidebar
(app). Everything but `ui.app` imports without Streamlit; the logic it draws lives in the `incidents` package."""
