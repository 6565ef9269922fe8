"""Alerts: when a new incident lands in an alert rule's sectors with at least its number killed, POST a JSON
message to the rule's webhook. The message's `text` (with the incident's dashboard link written out) is what
Slack, Mattermost and Matrix (hookshot) incoming webhooks display; the same facts come as fields too.

Delivery is at least once and once only (watch/delivery.py: a claim in the database per rule and incident,
posted again with backoff until the webhook takes it). A webhook's URL (whose key is a secret) is only ever
printed masked. A webhook is reached only on the public web
(watch.public_web) and has WEBHOOK_DEADLINE_S in all: a server trickling its answer cannot hold the watcher."""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

import httpx

from incidents.model import Incident
from store.query import IncidentFilter
from watch.config import AlertRule, FetchSettings, mask_url
from watch.public_web import RefusedTarget, public_client

LINK_BOX_DEGREES = 0.05  # the link's map window around the incident: a few kilometres
WEBHOOK_DEADLINE_S = 30.0  # one POST, connecting to the end of its answer


@dataclass(frozen=True)
class Sent:
    rule: str
    incident_id: str
    error: str | None = None
    attempt: int = 1

    def __str__(self) -> str:
        again = f" (attempt {self.attempt})" if self.attempt > 1 else ""
        return f"alert '{self.rule}' for {self.incident_id}{again}: " + (f"failed ({self.error})" if self.error
                                                                         else "sent")


def unknown_sectors(rules: tuple[AlertRule, ...], known: set[str]) -> list[str]:
    """"rule: sector" for each sector a rule names that is not a frontline sector (a typo never matches)."""
    return [f"alert '{rule.name}': no sector named '{sector}'" for rule in rules for sector in rule.sectors
            if sector not in known]


def killed(incident: Incident) -> int:
    return incident.killed.total or incident.fatalities_best or 0


def matches(rule: AlertRule, incident: Incident, feed: str) -> bool:
    return ((not rule.sectors or incident.sector in rule.sectors) and killed(incident) >= rule.min_killed
            and (not rule.feeds or feed in rule.feeds))


def dashboard_link(dashboard_url: str, incident: Incident) -> str:
    """The dashboard's map on the incident's dates and a small window around it (the filter's own URL form)."""
    box = None
    if incident.latitude is not None:
        d = LINK_BOX_DEGREES
        box = (incident.longitude - d, incident.latitude - d, incident.longitude + d, incident.latitude + d)
    flt = IncidentFilter(date_from=incident.date_start, date_to=incident.date_end, box=box)
    return dashboard_url.rstrip("/") + "/?" + urlencode(flt.to_query(), doseq=True)


def message(rule: AlertRule, incident: Incident, feed: str, dashboard_url: str) -> dict:
    link = dashboard_link(dashboard_url, incident)
    outlet = incident.sources[0].outlet if incident.sources else feed  # "<feed> via <site>" off the outlet's site
    where = incident.location or incident.place or "an unplaced location"
    wounded = incident.wounded.total
    text = (f"Frontline Watch ({rule.name}): {incident.attack_type.replace('_', ' ')} at {where}"
            f"{f' ({incident.sector})' if incident.sector else ''} on {incident.event_date}: {killed(incident)} "
            f"killed{f', {wounded} wounded' if wounded else ''}. Reported by {outlet}. {link}")
    return {"text": text, "body": text, "msgtype": "m.text",
            "incident": {"incident_id": incident.incident_id, "event_date": incident.event_date.isoformat(),
                         "location": where, "sector": incident.sector, "attack_type": incident.attack_type,
                         "killed": killed(incident), "wounded": wounded, "latitude": incident.latitude,
                         "longitude": incident.longitude, "feed": feed, "link": link}}


def post_alerts(wanted: list[tuple[AlertRule, Incident, str]], dashboard_url: str,
                settings: FetchSettings) -> list[Sent]:
    """POST one message per (rule, incident, feed it came from); what was sent or why it failed."""
    if not wanted:
        return []
    sent = []
    with public_client(settings.allow_hosts, deadline_s=min(WEBHOOK_DEADLINE_S, 3 * settings.timeout_s),
                       timeout=settings.timeout_s, headers={"User-Agent": settings.user_agent}) as client:
        for rule, incident, feed in wanted:
            try:
                response = client.post(rule.webhook, json=message(rule, incident, feed, dashboard_url))
                error = None if response.is_success else f"HTTP {response.status_code} from " \
                                                         f"{mask_url(rule.webhook, keep_path=False)}"
            except httpx.HTTPError as exc:
                error = f"{type(exc).__name__} posting to {mask_url(rule.webhook, keep_path=False)}"
            except RefusedTarget as exc:  # names the host and its address only, never the key in the path
                error = f"refused: {exc}"
            sent.append(Sent(rule.name, incident.incident_id, error))
    return sent
