"""What the views compute from the filtered incidents, without Streamlit: the figures, lists and charts'
tables the dashboard and the command line both show.

- `analysis.tables`: headline figures, sector figures, the text of table columns, search, the list of
  attacks beside the map, the review order.
- `analysis.trends`: attacks and casualties per sector and period, for the Trends charts.
- `analysis.timewindow`: the date presets and Play's steps.
- `analysis.labels`: the words shown for stored codes (victim groups, attack types, precisions, places).
- `analysis.placing`: placing a name the gazetteer lacks: each incident's move, and why a name is unlocated.

May import `geo`, `incidents` and `store`.
"""
