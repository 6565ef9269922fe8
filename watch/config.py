"""The feeds to watch, how to fetch them and when to alert, in one TOML file (`frontline.toml`).

Its path: the `--config` option, else FRONTLINE_CONFIG, else frontline.toml in the user's configuration
folder. The file is edited by `frontline feeds add|remove`, by the dashboard's Feeds page and by hand;
tomlkit keeps an analyst's comments and layout when the tools write it back.

Feed and webhook URLs may carry secrets (a token in the query, a webhook key in the path): they are shown
only through `mask_url`. Every value is checked against a range (LIMITS): no value the watcher would
choke on (nan, inf, 1e300, a week-long timeout) gets past `parse`. Writes are serialized (a lock file) and
atomic (a temporary file of its own, then os.replace), so concurrent edits neither clobber nor lose feeds.
"""
from __future__ import annotations

import fcntl
import math
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import tomlkit
from platformdirs import user_config_dir

ENV_CONFIG = "FRONTLINE_CONFIG"
FEED_KINDS = ("feed", "page")  # an RSS/Atom feed, or a section page whose article links are followed
_NAME = re.compile(r"^[\w .,&()'’-]{1,100}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# (least, most) of each number: a value outside is refused with its range
LIMITS = {"interval_minutes": (1, 10_080), "timeout_s": (0.1, 300), "retries": (0, 10), "backoff_s": (0, 600),
          "per_host_concurrency": (1, 16), "per_host_delay_s": (0, 600), "max_articles_per_poll": (1, 10_000),
          "max_page_bytes": (10_000, 50_000_000), "min_killed": (0, 100_000)}


class ConfigError(ValueError):
    """The configuration file says something that cannot be used; the message says where and why."""


@dataclass(frozen=True)
class Feed:
    name: str
    url: str
    kind: str = "feed"
    interval_minutes: float = 30.0
    include: tuple[str, ...] = ()  # an article with one of these words is relevant whatever else it says
    exclude: tuple[str, ...] = ()  # an article with one of these words is skipped
    paused: bool = False


@dataclass(frozen=True)
class AlertRule:
    """POST a message to `webhook` when a new incident lands in one of `sectors` (any sector when empty) with
    at least `min_killed` killed; only for articles from `feeds` when that is given."""

    name: str
    webhook: str
    sectors: tuple[str, ...] = ()
    min_killed: int = 1
    feeds: tuple[str, ...] = ()


@dataclass(frozen=True)
class FetchSettings:
    """How politely to fetch: per-host limits, timeouts, retries. Defaults suit public news sites."""

    user_agent: str = "frontline-watch/0.1 (+https://github.com/frontline-watch; news monitoring for analysts)"
    timeout_s: float = 20.0
    retries: int = 2
    backoff_s: float = 2.0  # first retry after this, doubling
    per_host_concurrency: int = 2
    per_host_delay_s: float = 1.0  # between two requests to one host (robots.txt's Crawl-delay if longer)
    max_articles_per_poll: int = 100  # per feed: a feed that suddenly lists thousands is read over several polls
    max_page_bytes: int = 5_000_000  # a feed or page larger is refused while it streams (a 46 MB page took 1.3 GB)
    allow_hosts: tuple[str, ...] = ()  # hosts fetched though not on the public web (a team's intranet)


@dataclass(frozen=True)
class WatchConfig:
    feeds: tuple[Feed, ...] = ()
    alerts: tuple[AlertRule, ...] = ()
    fetch: FetchSettings = field(default_factory=FetchSettings)
    dashboard_url: str = "http://localhost:8501"

    def feed(self, name: str) -> Feed | None:
        return next((f for f in self.feeds if f.name == name), None)


def default_path() -> Path:
    if os.environ.get(ENV_CONFIG):
        return Path(os.environ[ENV_CONFIG]).expanduser()
    return Path(user_config_dir("frontline-watch")) / "frontline.toml"


def mask_url(url: str, keep_path: bool = True) -> str:
    """The URL as it may be printed: no password, query values hidden, and with keep_path=False (webhooks,
    whose key is in the path) nothing after the host."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port
    except ValueError:
        return "<invalid URL>"
    netloc = (f"{parts.username}:***@" if parts.password else "") + host + (f":{port}" if port else "")
    if not keep_path:
        return urlunsplit((parts.scheme, netloc, "/***" if parts.path.strip("/") else "", "", ""))
    query = "&".join(f"{kv.split('=', 1)[0]}=***" for kv in parts.query.split("&") if kv)
    return urlunsplit((parts.scheme, netloc, parts.path, query, ""))


def printable(text: str) -> str:
    """`text` with control characters (terminal escape sequences among them) made spaces: what a server
    sent, safe to print on the operator's terminal."""
    return _CONTROL.sub(" ", str(text))


def _http_url(value, where: str) -> str:
    if not isinstance(value, str) or urlsplit(value).scheme not in ("http", "https") or not urlsplit(value).hostname:
        raise ConfigError(f"{where}: not an http(s) URL")
    return value


def _words(value, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(f"{where}: expected a list of words")
    return tuple(v.strip() for v in value)


def _shown(value) -> str:
    return printable(repr(value) if isinstance(value, str) else value)[:40]


def _number(value, where: str, key: str, kind=float):
    least, most = LIMITS[key]
    wanted = f"{'a whole number' if kind is int else 'a number'} from {least:g} to {most:g}"
    if isinstance(value, bool) or not isinstance(value, (int, float)) or \
            (isinstance(value, float) and not math.isfinite(value)) or not least <= value <= most:
        raise ConfigError(f"{where}: {_shown(value)} is not {wanted}")
    if kind is int and value != int(value):
        raise ConfigError(f"{where}: {_shown(value)} is not {wanted}")
    return kind(value)


def _boolean(value, where: str) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(f"{where}: {_shown(value)} is not true or false (write it without quotes)")
    return value


def _tables(data: dict, key: str) -> list[dict]:
    """The `[[key]]` tables; a single `[key]` table (a typo) is explained, not crashed on."""
    value = data.get(key, [])
    if isinstance(value, dict):
        raise ConfigError(f"[{key}] is a single table: write [[{key}]] (double brackets) before each entry")
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ConfigError(f"{key}: expected [[{key}]] tables")
    return value


def _feed(raw: dict, n: int) -> Feed:
    where = f"feeds[{n}]"
    name = raw.get("name")
    if not isinstance(name, str) or not _NAME.match(name):
        raise ConfigError(f"{where}: a name of letters, digits and spaces (at most 100) is required")
    where = f"feed '{name}'"
    kind = raw.get("kind", "feed")
    if kind not in FEED_KINDS:
        raise ConfigError(f"{where}: kind must be one of {', '.join(FEED_KINDS)}")
    return Feed(name=name, url=_http_url(raw.get("url"), f"{where} url"), kind=kind,
                interval_minutes=_number(raw.get("interval_minutes", 30), f"{where} interval_minutes",
                                         "interval_minutes"),
                include=_words(raw.get("include"), f"{where} include"),
                exclude=_words(raw.get("exclude"), f"{where} exclude"),
                paused=_boolean(raw.get("paused", False), f"{where} paused"))


def _alert(raw: dict, n: int) -> AlertRule:
    name = raw.get("name") if isinstance(raw.get("name"), str) else f"alert {n + 1}"
    return AlertRule(name=name, webhook=_http_url(raw.get("webhook"), f"alert '{name}' webhook"),
                     sectors=_words(raw.get("sectors"), f"alert '{name}' sectors"),
                     min_killed=_number(raw.get("min_killed", 1), f"alert '{name}' min_killed", "min_killed", int),
                     feeds=_words(raw.get("feeds"), f"alert '{name}' feeds"))


def _fetch(raw) -> FetchSettings:
    if not isinstance(raw, dict):
        raise ConfigError("[fetch]: expected a table of settings")
    defaults = FetchSettings()
    known = asdict(defaults)
    unknown = set(raw) - set(known)
    if unknown:
        raise ConfigError(f"[fetch]: unknown setting(s) {', '.join(sorted(unknown))}")
    values = {}
    for key, value in raw.items():
        if key == "user_agent":
            if not isinstance(value, str) or not value.strip():
                raise ConfigError("[fetch] user_agent: a non-empty string")
            values[key] = value
        elif key == "allow_hosts":
            values[key] = _words(value, "[fetch] allow_hosts")
        else:
            values[key] = _number(value, f"[fetch] {key}", key, int if isinstance(known[key], int) else float)
    return replace(defaults, **values)


def parse(text: str) -> WatchConfig:
    try:
        data = tomlkit.parse(text).unwrap()
    except tomlkit.exceptions.TOMLKitError as exc:
        raise ConfigError(f"not valid TOML: {exc}") from None
    feeds = tuple(_feed(raw, n) for n, raw in enumerate(_tables(data, "feeds")))
    names = [f.name for f in feeds]
    if len(set(names)) != len(names):
        twice = sorted({n for n in names if names.count(n) > 1})
        raise ConfigError("two feeds have the same name: " + ", ".join(twice))
    dashboard = data.get("dashboard_url", WatchConfig.dashboard_url)
    return WatchConfig(feeds=feeds, alerts=tuple(_alert(raw, n) for n, raw in enumerate(_tables(data, "alerts"))),
                       fetch=_fetch(data.get("fetch", {})), dashboard_url=_http_url(dashboard, "dashboard_url"))


def load(path: Path | None = None) -> WatchConfig:
    """The configuration at `path` (default_path() when None); an absent file is an empty configuration."""
    path = path or default_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return WatchConfig()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read ({exc})") from None
    try:
        return parse(text)
    except ConfigError as exc:
        raise ConfigError(f"{path}: {exc}") from None


@contextmanager
def _editing(path: Path) -> Iterator[tomlkit.TOMLDocument]:
    """The file's document to change, written back when the block ends: one editor at a time (an exclusive
    lock on a file beside it), read after the lock is taken, written atomically (a temporary file of its
    own, then os.replace: the watcher never reads half a file), mode 0600 since URLs may carry secrets.
    What could not be read back is never written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        try:
            parse(text)
        except ConfigError as exc:
            raise ConfigError(f"{path}: {exc} (fix the file before changing it here)") from None
        document = tomlkit.parse(text)
        yield document
        text = tomlkit.dumps(document)
        parse(text)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(text)
            os.replace(temporary, path)  # mkstemp made it 0600
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


def _edit(path: Path | None, change: Callable[[tomlkit.TOMLDocument], None]) -> None:
    with _editing(path or default_path()) as document:
        change(document)


def add_feed(feed: Feed, path: Path | None = None) -> None:
    def add(document: tomlkit.TOMLDocument) -> None:
        feeds = document.setdefault("feeds", tomlkit.aot())
        if any(f.get("name") == feed.name for f in feeds):
            raise ConfigError(f"a feed named '{feed.name}' is already configured")
        table = tomlkit.table()
        for key, value in asdict(feed).items():
            if value not in ((), False) or key == "kind":
                table[key] = list(value) if isinstance(value, tuple) else value
        feeds.append(table)
    _edit(path, add)


def remove_feed(name: str, path: Path | None = None) -> None:
    def remove(document: tomlkit.TOMLDocument) -> None:
        feeds = document.get("feeds", [])
        kept = [f for f in feeds if f.get("name") != name]
        if len(kept) == len(feeds):
            raise ConfigError(f"no feed named '{name}'")
        document["feeds"] = tomlkit.aot()
        for table in kept:
            document["feeds"].append(table)
    _edit(path, remove)


def set_paused(name: str, paused: bool, path: Path | None = None) -> None:
    def pause(document: tomlkit.TOMLDocument) -> None:
        for table in document.get("feeds", []):
            if table.get("name") == name:
                table["paused"] = paused
                return
        raise ConfigError(f"no feed named '{name}'")
    _edit(path, pause)
