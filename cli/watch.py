"""`frontline watch [--once]` and `frontline feeds add|list|remove|pause|resume`, registered on the
`frontline` command's parser by cli/main.py."""
from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from pathlib import Path

from watch import config as watch_config
from watch import feed_changes
from watch.config import ConfigError, Feed, printable


def _config_path(args) -> Path:
    return Path(args.config).expanduser() if args.config else watch_config.default_path()


def cmd_feeds(args) -> int:
    """A change to the feeds is recorded in the store's audit trail, as the command's user (FRONTLINE_ANALYST)."""
    path = _config_path(args)
    try:
        if args.feeds_command == "add":
            feed_changes.add_feed(args.store_factory(args), Feed(
                name=args.name, url=args.url, kind=args.kind, interval_minutes=args.interval,
                include=tuple(args.include), exclude=tuple(args.exclude)), path)
            print(f"feed '{args.name}' added to {path}")
        elif args.feeds_command == "remove":
            feed_changes.remove_feed(args.store_factory(args), args.name, path)
            print(f"feed '{args.name}' removed from {path}")
        elif args.feeds_command in ("pause", "resume"):
            feed_changes.set_paused(args.store_factory(args), args.name, args.feeds_command == "pause", path)
            print(f"feed '{args.name}' {args.feeds_command}d")
        else:
            return _list_feeds(args, path)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


def _list_feeds(args, path: Path) -> int:
    from watch.delivery import AlertLedger
    from watch.poll import describe
    from watch.records import WatchRecords

    config = watch_config.load(path)
    if not config.feeds:
        print(f"no feeds configured in {path} (add one: frontline feeds add NAME URL)")
        return 0
    store = args.store_factory(args)
    states = WatchRecords(store).feed_states()
    for feed in config.feeds:
        print(describe(feed))
        state = states.get(feed.name)
        if state and state["last_poll_at"]:
            print(f"  last poll {state['last_poll_at']:%Y-%m-%d %H:%M} UTC: {state['new_articles']} new article(s), "
                  f"{state['kept']} kept, {state['skipped']} skipped, {state['errors']} failed; next poll "
                  f"{state['next_poll_at']:%Y-%m-%d %H:%M} UTC" + (f"; ERROR: {printable(state['last_error'])}"
                                                                   if state["last_error"] else ""))
    waiting = AlertLedger(store).unsent()
    if waiting:
        print(f"{waiting} alert(s) not yet delivered: `frontline watch` posts them again until a webhook takes them")
    return 0


def cmd_watch(args) -> int:
    from watch.poll import watch

    path = _config_path(args)
    try:
        config = watch_config.load(path)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    # The operator's log: why a feed failed, in detail (analysts see one neutral line), on standard error.
    # WARNING, not INFO: httpx logs every URL at INFO, with the secrets some carry in their query.
    logging.basicConfig(stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s", level=logging.WARNING)
    if not config.feeds:
        print(f"error: no feeds configured in {path} (add one: frontline feeds add NAME URL)", file=sys.stderr)
        return 2
    if config.alerts:
        from geo import get_boundaries
        from watch.alerts import unknown_sectors

        known = set(get_boundaries().sectors["name"])
        for problem in unknown_sectors(config.alerts, known):
            print(f"warning: {problem} (sectors: {', '.join(sorted(known))})", file=sys.stderr)
    store = args.store_factory(args)
    stop = threading.Event()
    if not args.once:  # finish the feeds being polled, then stop
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stop.set())
        print(f"watching {len(config.feeds)} feed(s) from {path}; Ctrl-C stops", flush=True)
    try:
        results = watch(store, path, once=args.once, stop=stop, progress=lambda line: print(line, flush=True))
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"database: {store.display_url}")
    return 1 if any(r.failed for r in results) else 0


def register(sub, store_factory) -> None:
    """Add the `feeds` and `watch` subcommands; `store_factory(args)` opens the incident store."""
    config_help = f"the feeds file (default: ${watch_config.ENV_CONFIG}, else {watch_config.default_path()})"
    feeds = sub.add_parser("feeds", help="list, add, remove, pause or resume watched news feeds")
    feeds.add_argument("--config", help=config_help)
    feeds.set_defaults(func=cmd_feeds, feeds_command="list", store_factory=store_factory)
    verbs = feeds.add_subparsers(dest="feeds_command")
    verb_config = argparse.ArgumentParser(add_help=False)  # --config after the verb too
    verb_config.add_argument("--config", default=argparse.SUPPRESS, help=config_help)
    verbs.add_parser("list", parents=[verb_config], help="the configured feeds and their last poll")
    add = verbs.add_parser("add", parents=[verb_config],
                           help="watch a feed (RSS/Atom) or a section page whose article links are followed")
    add.add_argument("name", help="a short name, shown as the reports' outlet (e.g. 'Rudaw')")
    add.add_argument("url", help="the feed's or section page's URL")
    add.add_argument("--kind", choices=watch_config.FEED_KINDS, default="feed",
                     help="'feed' (RSS or Atom), or 'page' (a section page listing articles)")
    add.add_argument("--interval", type=float, default=30.0, help="minutes between polls (default 30)")
    add.add_argument("--include", action="append", default=[], metavar="WORD",
                     help="an article naming this word is kept whatever else it says (repeatable)")
    add.add_argument("--exclude", action="append", default=[], metavar="WORD",
                     help="an article naming this word is skipped (repeatable)")
    for verb in ("remove", "pause", "resume"):
        verbs.add_parser(verb, parents=[verb_config], help=f"{verb} a feed").add_argument("name")

    watch = sub.add_parser("watch", help="poll the configured feeds on their intervals and ingest what is new")
    watch.add_argument("--config", help=config_help)
    watch.add_argument("--once", action="store_true", help="poll each feed once and exit (for cron or a timer)")
    watch.set_defaults(func=cmd_watch, store_factory=store_factory)
