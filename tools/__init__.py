"""Build-time scripts that derive the shipped data in data/ from its sources (data/README.md says how to
rebuild): `python -m tools.build_data` (boundaries, sectors, gazetteer) and `python -m tools.build_basemap`
(rivers, lakes, borders, labels). Never imported at run time; they may import any package.
"""
