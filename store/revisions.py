"""An article its outlet updated in place (a toll risen from 3 to 11, the same URL, a new text): the stored
incidents it told take the new version's figures, in one write transaction recorded in the audit trail like an
analyst's edit (who: the watcher), so it can be read back and undone. A part of IncidentStore
(store.database), kept apart from first ingest: this changes with how revisions are matched."""
from __future__ import annotations

import sqlalchemy as sa

from extraction.extract import extract
from incidents.dedup import consolidate, dates_agree, places_agree
from incidents.model import Report, SourceRef
from store.access import Person
from store.rows import replace_incident, report_row, source_row
from store.schema import reports_table, sources_table

REVISER = Person("frontline watch", "analyst")  # the audit trail's "who" for a revision the outlet made


class Revisions:
    """IncidentStore's revision of a stored report (it provides the engine, _audited and _by_ids)."""

    def revise_report(self, report: Report, by: Person = REVISER) -> list[str] | None:
        """Take a new version of a stored article (same URL, another text) into the incidents the old one
        told: each old account is replaced by the new account with the same position in the text when
        their dates and places agree (an update, not another attack), and its incident consolidated again.
        The old version stays stored, without its URL, so the edit can be undone. Returns the incidents
        revised; None when no other version of this URL is stored (or this text is stored already)."""
        r = reports_table.c
        with self.engine.connect() as conn:
            old = conn.execute(sa.select(r.report_id).where(r.url == report.url)).scalar() if report.url else None
            known = conn.execute(sa.select(r.report_id).where(r.report_id == report.report_id)).first()
        if old is None or old == report.report_id or known is not None:
            return None
        accounts = {i.sources[0].mention: i.sources[0] for i in extract(report).incidents}
        s = sources_table.c

        def told(conn) -> list[str]:
            return sorted({row[0] for row in conn.execute(sa.select(s.incident_id).where(s.report_id == old))})

        with self._audited("revise", told, by=by) as (conn, note):
            conn.execute(sa.update(reports_table).where(r.report_id == old).values(url=None))
            conn.execute(reports_table.insert(), report_row(report))
            revised = []
            for incident in self._by_ids(conn, note["incident_ids"]):
                sources = [_revised(source, old, accounts) for source in incident.sources]
                for before, after in zip(incident.sources, sources):
                    if after is not before:  # the new row before the old goes: SQLite would give it the old
                        # row's id, which undo, putting the old row back, would then find taken
                        conn.execute(sources_table.insert(), source_row(incident.incident_id, after))
                        conn.execute(sa.delete(sources_table).where(s.report_id == old, s.mention == before.mention))
                if sources != incident.sources:
                    replace_incident(conn, consolidate(incident.incident_id, sources, status=incident.status))
                    revised.append(incident.incident_id)
            note["summary"] = f"{report.outlet} updated {report.url}: {len(revised)} incident(s) revised"
        return revised


def _revised(source: SourceRef, old_report: str, accounts: dict[int, SourceRef]) -> SourceRef:
    """The new version's account in place of the old version's, when it tells the same attack."""
    new = accounts.get(source.mention) if source.report_id == old_report else None
    return new if new is not None and dates_agree(source, new) and places_agree(source, new) else source
