"""The feeds to watch, how to fetch them and when to alert, in one TOML file (`frontline.toml`).

Its path: the `--config` option, else FRONTLINE_CONFIG, else frontline.toml in the user's configuration
folder. The file is edited by `frontline feeds add|remove`, by the dashboard's Feeds page and by hand;
tomlkit keeps an analyst's comments and layout when the tools write it back.

Feed and webhook URLs may carry secrets (a token in the query, a webhook key in the path): they are shown
only through `mask_url`.
"""
from __future__ import annotations

import os
import re
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import tomlkit
from platformdirs import user_config_dir

ENV_CONFIG = "FRONTLINE_CONFIG"
FEED_KINDS = ("feed", "page")  # an RSS/Atom feed, or a section page whose article links are followed
_NAME = re.compile(r"^[\w .,&()'’-]{1,100}$")


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


def _number(value, where: str, minimum: float, kind=float):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < minimum:
        raise ConfigError(f"{where}: expected a number of at least {minimum}")
    return kind(value)


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
                interval_minutes=_number(raw.get("interval_minutes", 30), f"{where} interval_minutes", 1),
                include=_words(raw.get("include"), f"{where} include"),
                exclude=_words(raw.get("exclude"), f"{where} exclude"), paused=bool(raw.get("paused", False)))


def _alert(raw: dict, n: int) -> AlertRule:
    name = raw.get("name") if isinstance(raw.get("name"), str) else f"alert {n + 1}"
    return AlertRule(name=name, webhook=_http_url(raw.get("webhook"), f"alert '{name}' webhook"),
                     sectors=_words(raw.get("sectors"), f"alert '{name}' sectors"),
                     min_killed=_number(raw.get("min_killed", 1), f"alert '{name}' min_killed", 0, int),
                     feeds=_words(raw.get("feeds"), f"alert '{name}' feeds"))


def _fetch(raw: dict) -> FetchSettings:
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
        else:
            kind = int if isinstance(known[key], int) else float
            values[key] = _number(value, f"[fetch] {key}", 1 if key in ("per_host_concurrency",
                                                                          "max_articles_per_poll") else 0, kind)
    return replace(defaults, **values)


def parse(text: str) -> WatchConfig:
    try:
        data = tomlkit.parse(text).unwrap()
    except tomlkit.exceptions.TOMLKitError as exc:
        raise ConfigError(f"not valid TOML: {exc}") from None
    feeds = tuple(_feed(raw, n) for n, raw in enumerate(data.get("feeds", [])))
    names = [f.name for f in feeds]
    if len(set(names)) != len(names):
        raise ConfigError("two feeds have the same name: " + ", ".join(sorted({n for n in names if names.count(n) > 1})))
    dashboard = data.get("dashboard_url", WatchConfig.dashboard_url)
    return WatchConfig(feeds=feeds, alerts=tuple(_alert(raw, n) for n, raw in enumerate(data.get("alerts", []))),
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


def _document(path: Path) -> tomlkit.TOMLDocument:
    return tomlkit.parse(path.read_text(encoding="utf-8")) if path.exists() else tomlkit.document()


def _write(path: Path, document: tomlkit.TOMLDocument) -> None:
    """Write atomically, so the watcher never reads half a file; mode 0600, since URLs may carry secrets."""
    parse(tomlkit.dumps(document))  # never write what could not be read back
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".toml.tmp")
    temporary.write_text(tomlkit.dumps(document), encoding="utf-8")
    temporary.chmod(0o600)
    temporary.replace(path)


def add_feed(feed: Feed, path: Path | None = None) -> None:
    path = path or default_path()
    document = _document(path)
    feeds = document.setdefault("feeds", tomlkit.aot())
    if any(f.get("name") == feed.name for f in feeds):
        raise ConfigError(f"a feed named '{feed.name}' is already configured")
    table = tomlkit.table()
    for key, value in asdict(feed).items():
        if value not in ((), False) or key == "kind":
            table[key] = list(value) if isinstance(value, tuple) else value
    feeds.append(table)
    _write(path, document)


def remove_feed(name: str, path: Path | None = None) -> None:
    path = path or default_path()
    document = _document(path)
    feeds = document.get("feeds", [])
    kept = [f for f in feeds if f.get("name") != name]
    if len(kept) == len(feeds):
        raise ConfigError(f"no feed named '{name}'")
    document["feeds"] = tomlkit.aot()
    for table in kept:
        document["feeds"].append(table)
    _write(path, document)


def set_paused(name: str, paused: bool, path: Path | None = None) -> None:
    path = path or default_path()
    document = _document(path)
    for table in document.get("feeds", []):
        if table.get("name") == name:
            table["paused"] = paused
            return _write(path, document)
    raise ConfigError(f"no feed named '{name}'")
