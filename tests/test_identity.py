"""Who is using the dashboard (ui.identity): one's own machine needs no login; a team's login proxy header is
trusted only when the team's settings name it and the dashboard listens on loopback; roles come from one table."""
import re

import pytest

from store.access import Person, Refused, local_person
from ui.identity import (NotSignedIn, TeamError, identify, identify_claims, listens_on_loopback, load_team,
                         unguarded_notice)

TEAM = """
[login]
header = "X-Forwarded-User"
groups_header = "X-Forwarded-Groups"

[roles]
default = "viewer"
admin = ["Alice@Example.org"]
analyst = ["bob@example.org", "group:analysts", "alice@example.org"]
"""


@pytest.fixture
def team(tmp_path):
    path = tmp_path / "team.toml"
    path.write_text(TEAM)
    return load_team(path)


def test_on_ones_own_machine_there_is_no_login_and_the_local_user_may_do_everything(tmp_path, monkeypatch):
    monkeypatch.delenv("FRONTLINE_TEAM", raising=False)
    monkeypatch.setenv("FRONTLINE_ANALYST", "rania")
    assert load_team(tmp_path / "team.toml") is None
    assert identify(None, ["mallory"], [], "127.0.0.1") == local_person() == Person("rania", "admin")


@pytest.mark.parametrize("address", ["127.0.0.1", "::1", "localhost"])
def test_listening_on_loopback_without_team_settings_is_one_analysts_machine(address, monkeypatch):
    monkeypatch.setenv("FRONTLINE_ANALYST", "rania")
    assert identify(None, [], [], address) == Person("rania", "admin") and unguarded_notice(None, address) == ""


@pytest.mark.parametrize("address", [None, "0.0.0.0", "192.168.1.20", "::"])
def test_reachable_from_other_machines_without_team_settings_every_visitor_is_a_viewer(address, monkeypatch):
    monkeypatch.setenv("FRONTLINE_ANALYST", "rania")
    visitor = identify(None, ["alice@example.org"], [], address)  # a header is no identity either
    assert visitor == Person("visitor", "viewer")
    with pytest.raises(Refused, match=r"reviewing incidents \(.*\) needs the analyst role; visitor is a viewer"):
        visitor.require("review")
    notice = unguarded_notice(None, address)
    assert f"listens on {address or 'every interface'}, not on loopback only: anyone who reaches it is a viewer" \
        in notice and "docs/deploy.md" in notice


def test_the_dashboard_listens_on_loopback_unless_told_otherwise():
    """One analyst's `./run dashboard` keeps every right because Streamlit's settings listen on loopback."""
    import tomllib
    from pathlib import Path
    config = tomllib.loads((Path(__file__).parent.parent / ".streamlit" / "config.toml").read_text())
    assert listens_on_loopback(config["server"]["address"])


def test_the_proxys_header_names_the_person_and_the_table_their_role(team):
    assert identify(team, ["alice@example.org"], [], "127.0.0.1") == Person("alice@example.org", "admin")
    assert identify(team, ["bob@example.org"], [], "::1").role == "analyst"
    assert identify(team, ["carol@example.org"], ["readers, analysts"], "localhost").role == "analyst"  # a group
    assert identify(team, ["dave@example.org"], [], "127.0.0.1").role == "viewer"  # not named: the default


@pytest.mark.parametrize("address", [None, "", "0.0.0.0", "192.168.1.20", "::", "frontline.example.org"])
def test_the_header_is_ignored_unless_the_dashboard_listens_on_loopback(team, address):
    assert not listens_on_loopback(address)
    with pytest.raises(NotSignedIn, match="ignored: the dashboard listens on .*--server.address 127.0.0.1"):
        identify(team, ["alice@example.org"], [], address)


def test_a_request_without_the_header_or_with_two_is_not_signed_in(team):
    with pytest.raises(NotSignedIn, match="sent no X-Forwarded-User header"):
        identify(team, [], [], "127.0.0.1")
    with pytest.raises(NotSignedIn, match="carries 2 X-Forwarded-User headers: the login proxy must replace"):
        identify(team, ["alice@example.org", "dave@example.org"], [], "127.0.0.1")
    # A second groups header (one the browser sent) gives no group at all.
    assert identify(team, ["carol@example.org"], ["analysts", "readers"], "127.0.0.1").role == "viewer"


@pytest.mark.parametrize("text, said", [
    ("[login]\nheader = 7\n", "header must be a header name"),
    ("[login]\nheader = 'X-User: alice'\n", "header must be a header name"),
    ("[login]\nheadr = 'X-User'\n", "unknown setting(s) headr"),
    ("[roles]\nsuperuser = ['alice']\n", "superuser: not a role"),
    ("[roles]\nadmin = 'alice'\n", "admin must be a list of names"),
    ("[roles]\ndefault = 'root'\n", "default = 'root': one of viewer, analyst, admin"),
    ("roles = 3\n", "are tables"),
    ("[login\n", "cannot be read"),
    ("[login]\noidc = 'yes'\n", "oidc must be true or false"),
    ("[login]\noidc = true\nheader = 'X-Forwarded-User'\n", "names both a header and oidc"),
    ("[login]\noidc = true\nname_claim = ''\n", "name_claim and groups_claim are claim names"),
])
def test_a_bad_settings_file_is_refused_with_where_and_why(tmp_path, text, said):
    path = tmp_path / "team.toml"
    path.write_text(text)
    with pytest.raises(TeamError, match=f"team.toml: .*{re.escape(said)}"):
        load_team(path)


def test_a_settings_file_named_but_missing_is_an_error_not_one_analysts_machine(tmp_path, monkeypatch):
    monkeypatch.setenv("FRONTLINE_TEAM", str(tmp_path / "nowhere.toml"))
    with pytest.raises(TeamError, match="does not exist"):
        load_team()


def test_an_openid_connect_login_names_the_person_by_a_claim_and_their_groups_give_the_role(tmp_path):
    path = tmp_path / "team.toml"
    path.write_text("[login]\noidc = true\ngroups_claim = 'roles'\n[roles]\nanalyst = ['group:frontline']\n")
    team = load_team(path)
    assert identify_claims(team, {"email": "ali@example.org", "roles": ["frontline", "staff"]}) == \
        Person("ali@example.org", "analyst")
    assert identify_claims(team, {"email": "vera@example.org", "roles": "staff, readers"}).role == "viewer"
    with pytest.raises(NotSignedIn, match="gave no email claim"):
        identify_claims(team, {"sub": "1234"})


def test_the_deploy_guides_settings_and_proxy_agree_with_what_the_dashboard_trusts(tmp_path):
    """docs/deploy.md's examples are the real thing: its team.toml loads, its nginx block sets the header that file
    names and drops the browser's copies of the other usual names, and its dashboard unit listens on loopback."""
    import re
    from pathlib import Path
    guide = (Path(__file__).parent.parent / "docs" / "deploy.md").read_text(encoding="utf-8")
    blocks: dict[str, str] = {}
    for kind, body in re.findall(r"```(\w+)\n(.*?)```", guide, re.S):
        blocks[kind] = blocks.get(kind) or body  # the first of each kind: the team's settings, the proxy, the unit
    path = tmp_path / "team.toml"
    path.write_text(blocks["toml"])
    team = load_team(path)
    assert team.header and team.role_of("alice@example.org") == "admin"
    sets = dict(re.findall(r"proxy_set_header ([\w-]+) (\S+);", blocks["nginx"]))
    assert sets[team.header].startswith("$") and sets[team.groups_header].startswith("$")
    assert all(sets[name] == '""' for name in ("X-Forwarded-Email", "X-Auth-Request-User", "Remote-User"))
    address = re.search(r"--server\.address (\S+)", blocks["ini"]).group(1)
    assert listens_on_loopback(address) and identify(team, ["bob@example.org"], [], address).role == "analyst"
