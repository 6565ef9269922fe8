"""Changes to the watched feeds (add, remove, pause, resume), made by a person allowed to (an admin: store.access)
and recorded in the audit trail with who made them. The Feeds page and `frontline feeds` go through here; the
file itself is written by watch.config."""
from __future__ import annotations

from pathlib import Path

from store.access import Person
from store.database import IncidentStore
from watch import config
from watch.config import Feed, mask_url


def add_feed(store: IncidentStore, feed: Feed, path: Path | None = None, by: Person | None = None) -> None:
    with store.recorded("feeds", f"added feed '{feed.name}' ({feed.kind}, {mask_url(feed.url)}, every "
                        f"{feed.interval_minutes:g} min)", by, "feeds"):
        config.add_feed(feed, path)


def remove_feed(store: IncidentStore, name: str, path: Path | None = None, by: Person | None = None) -> None:
    with store.recorded("feeds", f"removed feed '{name}'", by, "feeds"):
        config.remove_feed(name, path)


def set_paused(store: IncidentStore, name: str, paused: bool, path: Path | None = None,
               by: Person | None = None) -> None:
    with store.recorded("feeds", f"{'paused' if paused else 'resumed'} feed '{name}'", by, "feeds"):
        config.set_paused(name, paused, path)
