"""The store: incidents and their reports in SQLite or PostgreSQL with PostGIS.

- `store.database`: IncidentStore, the one door to a database (ingest with cross-report de-duplication,
  the filtered table, bulk adds, places); `store.connection`: the database URL to use, its engine, and what to
  say when it cannot be used.
- `store.query`: IncidentFilter, what an analyst asks for, as SQL and as a link's query string.
- `store.figures`: what the dashboard and `frontline stats` show of a filter, computed by the database (headline,
  sector toll, Trends' totals, the attacks in a map view, grid cells).
- `store.review`: analysts' actions (accept, reject, merge, split, correct, place a name), each undoable;
  `store.audit`: their trail, ingests and feed changes too; `store.access`: the roles (viewer, analyst, admin) and
  the check every change makes; `store.grants`: a team's PostgreSQL application role; `store.revisions`: an article
  its outlet updated, taken into its incidents.
- `store.schema`: the tables as the code queries them; `store/migrations/`: Alembic migrations creating and
  upgrading databases to them; `store.rows`: incidents and reports as rows and back; `store.told`: how many
  reports tell each incident and when the first came, kept on its row from its sources by every write.
- `store.dedup_score`: how well ingest keeps one attack one incident, on a hand-coded corpus (`frontline evaluate`).

May import `geo`, `language`, `incidents`, `reports` and `extraction` (an ingest extracts).
"""
