"""The `frontline` command line, on top of everything it wires together.

- `cli.main`: the parser, `main()`, and the incident commands (extract, ingest, geocode, places, export,
  import, merge, split, history, undo, evaluate).
- `cli.watch`: `frontline feeds ...` and `frontline watch`.

May import every package but `ui`; nothing imports it.
"""
