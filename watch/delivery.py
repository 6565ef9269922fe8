"""Alerts at least once and once only. Before its webhook is posted, an alert (rule, incident) is claimed in
the database: a second watcher polling the same feed finds the claim taken and posts nothing. A claim holds
a lease (LEASE): until it runs out no one else tries it, and once it does, an alert whose watcher was killed
mid-post is anyone's to post again. A failed post is kept with its error and tried again after FIRST_RETRY,
doubling, up to MAX_TRIES; a successful one is marked sent and never posted again."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa

from incidents.model import Incident
from store.database import IncidentStore
from store.schema import alert_claims_table
from watch.alerts import Sent, matches, post_alerts
from watch.config import WatchConfig, printable
from watch.records import now

LEASE = timedelta(minutes=2)  # longer than a post's deadline
FIRST_RETRY = timedelta(minutes=1)
MAX_TRIES = 8  # the last about two hours after the first


class AlertLedger:
    def __init__(self, store: IncidentStore):
        self.engine = store.engine

    def claim(self, rule: str, incident_id: str, feed: str, at: datetime) -> bool:
        """Take the alert for this watcher; False when it was claimed before (by this watcher or another)."""
        try:
            with self.engine.begin() as conn:
                conn.execute(sa.insert(alert_claims_table).values(rule=rule, incident_id=incident_id, feed=feed,
                                                                  claimed_at=at, next_try_at=at + LEASE))
            return True
        except sa.exc.IntegrityError:
            return False

    def due(self, rules: list[str], at: datetime) -> list[dict]:
        """Unsent alerts of `rules` whose time to try again has come, each taken for this watcher (its lease
        renewed only where no other watcher renewed it first)."""
        t = alert_claims_table.c
        waiting = (t.sent_at.is_(None), t.next_try_at <= at, t.attempts < MAX_TRIES)
        taken = []
        with self.engine.connect() as conn:
            rows = [dict(r._mapping) for r in conn.execute(sa.select(alert_claims_table).where(
                t.rule.in_(rules), *waiting).order_by(t.next_try_at).limit(500))]
        for row in rows:
            with self.engine.begin() as conn:
                if conn.execute(sa.update(alert_claims_table).where(
                        t.rule == row["rule"], t.incident_id == row["incident_id"], *waiting).values(
                        next_try_at=at + LEASE)).rowcount:
                    taken.append(row)
        return taken

    def settle(self, sent: Sent, at: datetime) -> None:
        """Mark a post done, or keep it with its error for a later try (FIRST_RETRY, doubling)."""
        t = alert_claims_table.c
        values = {"sent_at": at, "last_error": ""} if sent.error is None else \
            {"last_error": sent.error, "next_try_at": at + FIRST_RETRY * 2 ** (sent.attempt - 1)}
        with self.engine.begin() as conn:
            conn.execute(sa.update(alert_claims_table).where(t.rule == sent.rule, t.incident_id == sent.incident_id)
                         .values(attempts=sent.attempt, **values))

    def unsent(self) -> int:
        """Alerts claimed and not (yet) sent."""
        with self.engine.connect() as conn:
            return conn.execute(sa.select(sa.func.count()).where(alert_claims_table.c.sent_at.is_(None))).scalar_one()


def deliver(config: WatchConfig, store: IncidentStore, incidents: list[Incident], feed: str) -> list[Sent]:
    """Post the alerts new incidents call for, each claimed first (one already claimed is not posted)."""
    ledger, at = AlertLedger(store), now()
    wanted = [(rule, incident, feed) for incident in incidents for rule in config.alerts
              if matches(rule, incident, feed) and ledger.claim(rule.name, incident.incident_id, feed, at)]
    sent = post_alerts(wanted, config.dashboard_url, config.fetch)
    for one in sent:
        ledger.settle(one, now())
    return sent


@dataclass
class Retried:
    """The alerts a round posted again: its progress lines."""

    alerts: list[Sent] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return any(sent.error for sent in self.alerts)

    def line(self) -> str:
        return "\n".join(printable(part) for part in ["alerts tried again:", *(f"  {sent}" for sent in self.alerts)])


def retry_alerts(config: WatchConfig, store: IncidentStore, at: datetime | None = None) -> Retried:
    """Post again the alerts that failed (or whose watcher was killed) and whose time has come."""
    ledger, rules = AlertLedger(store), {rule.name: rule for rule in config.alerts}
    claims = ledger.due(list(rules), at or now()) if rules else []
    incidents = {i.incident_id: i for i in store.incidents_by_id([c["incident_id"] for c in claims])}
    wanted = [(rules[c["rule"]], incidents[c["incident_id"]], c["feed"]) for c in claims
              if c["incident_id"] in incidents]
    attempts = {(c["rule"], c["incident_id"]): c["attempts"] + 1 for c in claims}
    sent = [Sent(s.rule, s.incident_id, s.error, attempts[(s.rule, s.incident_id)])
            for s in post_alerts(wanted, config.dashboard_url, config.fetch)]
    for one in sent:
        ledger.settle(one, now())
    return Retried(sent)
