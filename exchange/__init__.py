"""Exchange with other tools: ACLED and UCDP GED data in, and the analyst's incidents out.

- `exchange.datasets`: what ACLED's and UCDP's columns mean, row by row, and the ACLED layout written out.
- `exchange.dataset_files`: `frontline import acled|ucdp`, a file of any size streamed in batches, each bad
  row refused with its line number; `exchange.pipeline`: a bulk load's batches prepared by worker processes, in
  order, while one process writes.
- `exchange.export`: CSV and GeoJSON of a filtered table (spreadsheet formulas neutralised).

May import `geo`, `incidents` and `store`.
"""
