"""Who may change what. Every action that changes the store or the watched feeds is taken by a Person with a
role, and refuses, before it touches anything, a person whose role does not allow it: the dashboard hides the
controls too, but a hidden control is no guard (a forged click, a direct call), this check is.

- viewer: browse, filter, export.
- analyst: add reports, review (accept, reject, merge, split, correct, place a name), undo their own actions.
- admin: all that, and feeds, imports, undoing another person's action. (Alert targets live in the feeds file,
  which only the server's administrator edits by hand.)

Who has which role is the team's settings (ui.identity); a process run on one's own machine (the command line,
the watcher, the dashboard without a team login) acts as its operating-system user with the admin role.
"""
from __future__ import annotations

import getpass
import os
from dataclasses import dataclass

ANALYST_ENV = "FRONTLINE_ANALYST"
ROLES = ("viewer", "analyst", "admin")  # each allows what the ones before it allow
# The least role each action needs, and how a refusal names the action.
NEEDS = {
    "ingest": ("analyst", "adding reports"),
    "review": ("analyst", "reviewing incidents (accept, reject, merge, split, correct)"),
    "place": ("analyst", "placing a name"),
    "undo": ("analyst", "undoing an action"),
    "undo others": ("admin", "undoing another person's action"),
    "feeds": ("admin", "changing the watched feeds"),
    "import": ("admin", "importing a dataset"),
}


class Refused(PermissionError):
    """The person's role does not allow the action; the message says who, what, and which role it needs."""


def default_analyst() -> str:
    """Who is acting on one's own machine: FRONTLINE_ANALYST, else the login name of the process."""
    try:
        return os.environ.get(ANALYST_ENV) or getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


@dataclass(frozen=True)
class Person:
    """Someone acting: their name as the audit trail records it, and their role."""

    name: str
    role: str = "viewer"

    def __post_init__(self):
        if self.role not in ROLES:
            raise ValueError(f"unknown role {self.role!r} (one of {', '.join(ROLES)})")
        if not self.name.strip():
            raise ValueError("a person needs a name")

    def may(self, action: str) -> bool:
        return ROLES.index(self.role) >= ROLES.index(NEEDS[action][0])

    def why_not(self, action: str) -> str:
        """Why the role does not allow the action ("" when it does): a refusal's message, a control's help."""
        if self.may(action):
            return ""
        role, what = NEEDS[action]
        article = "an" if self.role[0] in "aeiou" else "a"
        return (f"{what[0].upper()}{what[1:]} needs the {role} role; {self.name} is {article} {self.role} "
                "(ask your team's admin: docs/deploy.md, Roles).")

    def require(self, action: str) -> None:
        """Refuse the action unless the role allows it."""
        if not self.may(action):
            why = self.why_not(action)
            raise Refused(f"Refused: {why[0].lower()}{why[1:]}")


def local_person() -> Person:
    """The person a process on one's own machine acts as: its user, with every right (it owns the store)."""
    return Person(default_analyst(), "admin")
