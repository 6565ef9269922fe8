"""Who is using the dashboard, and with which role: the team's settings file (`team.toml`) and the login in front
of the dashboard. Plain Python (no Streamlit): ui.app hands it the request's headers and the address the
dashboard listens on.

On one analyst's own machine there is no settings file and nothing changes: no login, the person is the
operating-system user (FRONTLINE_ANALYST to name it otherwise), with every right, while the dashboard listens on
loopback (.streamlit/config.toml's `server.address`). Without a settings file but reachable from other machines,
every visitor is a viewer, and the page and the log say why (unguarded_notice). A team writes the file
(FRONTLINE_TEAM, else team.toml in the user's configuration folder; docs/deploy.md), naming either its login
proxy's header or (`oidc = true`) Streamlit's OpenID Connect login (st.login, configured in Streamlit's secrets),
whose identity token's claims name the person (`name_claim`, "email" by default) and their groups
(`groups_claim`, "groups"):

    [login]
    header = "X-Forwarded-User"           # the one header the login proxy sets to the signed-in user
    groups_header = "X-Forwarded-Groups"  # optional: the person's groups, comma-separated, from the same proxy

    [roles]
    default = "viewer"                    # a signed-in person the table does not name
    admin = ["alice@example.org"]
    analyst = ["bob@example.org", "group:analysts"]

The header is trusted only because the file says so and only while the dashboard listens on loopback (its
`server.address`), so that every request passed through the proxy, which replaces whatever header the browser
sent; otherwise it is ignored and nobody is signed in. A client-sent header is never read: neither another
of the usual names, nor a second copy of this one (a proxy that adds the header instead of replacing it).
"""
from __future__ import annotations

import functools
import ipaddress
import logging
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from platformdirs import user_config_dir

from store.access import ROLES, Person, local_person

ENV_TEAM = "FRONTLINE_TEAM"
VISITOR = "visitor"  # who acts on a dashboard reachable from other machines without team settings: a viewer
GROUP = "group:"
LOOPBACK_NAMES = ("localhost",)


class TeamError(ValueError):
    """The team's settings file cannot be used; the message says where and why."""


class NotSignedIn(PermissionError):
    """The request carries no identity the settings trust; the message says why and what to do."""


@dataclass(frozen=True)
class Team:
    """The team's settings: how people sign in (`header`: the login proxy's header; `oidc`: Streamlit's OpenID
    Connect login, the claims naming them) and their roles (a name, or "group:NAME", to a role; `default_role` for
    anyone else signed in)."""

    header: str | None = None
    groups_header: str | None = None
    oidc: bool = False
    name_claim: str = "email"
    groups_claim: str = "groups"
    roles: dict[str, str] = field(default_factory=dict)
    default_role: str = "viewer"

    def role_of(self, name: str, groups: tuple[str, ...] = ()) -> str:
        """The highest role the table gives the person or one of their groups, else the default."""
        given = [self.roles.get(key.lower()) for key in (name, *(GROUP + g for g in groups))]
        return max((r for r in given if r), key=ROLES.index, default=self.default_role)


def default_path() -> Path:
    if os.environ.get(ENV_TEAM):
        return Path(os.environ[ENV_TEAM]).expanduser()
    return Path(user_config_dir("frontline-watch")) / "team.toml"


def load_team(path: Path | None = None) -> Team | None:
    """The team's settings, or None when there is no file (one analyst's own machine)."""
    path = path or default_path()
    if not path.is_file():
        if os.environ.get(ENV_TEAM):
            raise TeamError(f"{path}: {ENV_TEAM} names a file that does not exist")
        return None
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise TeamError(f"{path}: cannot be read: {exc}") from None
    return _team(data, path)


def _team(data: dict, path: Path) -> Team:
    login, roles = data.get("login", {}), data.get("roles", {})
    if not isinstance(login, dict) or not isinstance(roles, dict):
        raise TeamError(f"{path}: [login] and [roles] are tables (a line '[login]', then 'key = value' lines)")
    unknown = set(data) - {"login", "roles"} or set(login) - {"header", "groups_header", "oidc", "name_claim",
                                                               "groups_claim"}
    if unknown:
        raise TeamError(f"{path}: unknown setting(s) {', '.join(sorted(unknown))} (see docs/deploy.md, Identity)")
    header, groups_header = login.get("header"), login.get("groups_header")
    for name, value in (("header", header), ("groups_header", groups_header)):
        if value is not None and (not isinstance(value, str) or not value.strip() or ":" in value):
            raise TeamError(f"{path}: [login] {name} must be a header name such as \"X-Forwarded-User\"")
    oidc = login.get("oidc", False)
    if not isinstance(oidc, bool):
        raise TeamError(f"{path}: [login] oidc must be true or false")
    if oidc and header:
        raise TeamError(f"{path}: [login] names both a header and oidc: people sign in one way")
    claims = {name: login.get(name, default) for name, default in (("name_claim", "email"), ("groups_claim", "groups"))}
    if not all(isinstance(v, str) and v.strip() for v in claims.values()):
        raise TeamError(f"{path}: [login] name_claim and groups_claim are claim names such as \"email\"")
    default = roles.get("default", "viewer")
    if default not in ROLES:
        raise TeamError(f"{path}: [roles] default = {default!r}: one of {', '.join(ROLES)}")
    table: dict[str, str] = {}
    for role, names in roles.items():
        if role == "default":
            continue
        if role not in ROLES:
            raise TeamError(f"{path}: [roles] {role}: not a role (one of {', '.join(ROLES)})")
        if not isinstance(names, list) or not all(isinstance(n, str) and n.strip() for n in names):
            raise TeamError(f"{path}: [roles] {role} must be a list of names, e.g. {role} = [\"alice\"]")
        for name in names:
            key = name.strip().lower()
            table[key] = max(table.get(key, role), role, key=ROLES.index)  # named twice: the higher role
    return Team(header=header and header.strip(), groups_header=groups_header and groups_header.strip(), oidc=oidc,
                roles=table, default_role=default, **claims)


def listens_on_loopback(address: str | None) -> bool:
    """Whether Streamlit's `server.address` takes connections from this machine only (none set: every
    interface)."""
    if not address:
        return False
    if address.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(address.strip("[]")).is_loopback
    except ValueError:
        return False


def unguarded_notice(team: Team | None, address: str | None) -> str:
    """Why every visitor is a viewer ("" when not): no team settings, yet the dashboard listens beyond loopback,
    where anyone who reaches it would otherwise act as the machine's user with every right."""
    if team is not None or listens_on_loopback(address):
        return ""
    return (f"No team settings ({ENV_TEAM}) and the dashboard listens on {address or 'every interface'}, not on "
            "loopback only: anyone who reaches it is a viewer, who may browse and export but change nothing. "
            "On one's own machine run it on 127.0.0.1 (the default in .streamlit/config.toml); for a team, write "
            "the team's settings (docs/deploy.md, Identity and roles).")


@functools.cache
def log_once(notice: str) -> None:
    """A notice in the server's log, once per process (not at every run of a page)."""
    logging.getLogger("frontline").warning(notice)


def identify(team: Team | None, header_values: list[str], group_values: list[str],
             address: str | None) -> Person:
    """The person using the dashboard: on one's own machine (no team settings, listening on loopback) its user;
    reachable from elsewhere without team settings, a viewer (unguarded_notice); for a team, the name in the login
    proxy's header (`header_values`: every copy of it the request carries), trusted only on loopback. Raises
    NotSignedIn, saying why, when the request carries no identity to trust."""
    if team is None:
        return local_person() if listens_on_loopback(address) else Person(VISITOR, "viewer")
    if not team.header:
        raise NotSignedIn("The team's settings name no login: set [login] header to the header your login proxy "
                          "sets, or oidc = true (docs/deploy.md, Identity).")
    if not listens_on_loopback(address):
        raise NotSignedIn(f"The {team.header} header is ignored: the dashboard listens on "
                          f"{address or 'every interface'}, not on loopback only, so a request need not have come "
                          "through the login proxy. Run it with --server.address 127.0.0.1 (docs/deploy.md).")
    names = [v.strip() for v in header_values if v.strip()]
    if len(names) > 1:
        raise NotSignedIn(f"The request carries {len(names)} {team.header} headers: the login proxy must replace "
                          "the one a browser sends, not add its own (docs/deploy.md, the proxy).")
    if not names:
        raise NotSignedIn(f"Not signed in: the login proxy sent no {team.header} header. Open the dashboard "
                          "through the team's login.")
    # Groups from the proxy's one copy of its groups header (two copies: one was the browser's, none is read).
    groups = tuple(g.strip() for g in group_values[0].split(",") if g.strip()) if len(group_values) == 1 else ()
    return Person(names[0], team.role_of(names[0], groups))


def identify_claims(team: Team, claims: dict) -> Person:
    """The person an OpenID Connect login signed in: their name from the identity token's `name_claim`, their
    groups from its `groups_claim` (a list, or names separated by commas). Raises NotSignedIn when the token has no
    name."""
    name = str(claims.get(team.name_claim) or "").strip()
    if not name:
        raise NotSignedIn(f"Signed in, but the identity provider gave no {team.name_claim} claim: set [login] "
                          "name_claim to one it gives (docs/deploy.md, Identity).")
    groups = claims.get(team.groups_claim) or ()
    groups = tuple(str(g).strip() for g in (groups.split(",") if isinstance(groups, str) else groups) if str(g).strip())
    return Person(name, team.role_of(name, groups))
