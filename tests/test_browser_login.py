"""A team's dashboard behind a real login, in Debian's chromium with the network off: a login proxy on loopback
(tests/login_proxy.py) signs people in and sets the one header the team's settings trust; the dashboard listens on
127.0.0.1. A viewer has no merge control (greyed, saying which role it needs) and a click forged on the WebSocket
changes nothing (Streamlit drops a value sent for a disabled widget; the store's own refusal of a direct call, with
its message, is in tests/test_roles.py); an analyst merges and the audit trail names them; a header the browser
forges is ignored; an admin adds a feed."""
from __future__ import annotations

import base64
import urllib.error
import urllib.request
from contextlib import contextmanager

import pytest
from playwright.sync_api import sync_playwright
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from reports.reading import read_reports
from store.database import IncidentStore
from tests.browser import offline_page, running_dashboard, screenshot
from tests.conftest import SEEDS
from tests.login_proxy import running_login_proxy
from watch.config import load

pytestmark = pytest.mark.flaky(reruns=2)
USERS = {"ada": "ada-secret", "ali": "ali-secret", "vera": "vera-secret"}
TEAM = """[login]
header = "X-Forwarded-User"

[roles]
default = "viewer"
admin = ["ada"]
analyst = ["ali"]
"""
MERGE = "Merge selected (one attack)"


@pytest.fixture(scope="module")
def team_dashboard(tmp_path_factory):
    """The seeded store, the team's settings and feeds file, the dashboard on loopback and the login proxy in front
    of it; yields (proxy URL, store, feeds file, the dashboard's own URL)."""
    folder = tmp_path_factory.mktemp("team")
    (folder / "team.toml").write_text(TEAM)
    store = IncidentStore(f"sqlite:///{folder / 'frontline.sqlite'}")
    assert not store.ingest(read_reports([SEEDS])).refused
    feeds = folder / "frontline.toml"
    with pytest.MonkeyPatch.context() as env:
        env.setenv("FRONTLINE_TEAM", str(folder / "team.toml"))
        env.setenv("FRONTLINE_CONFIG", str(feeds))
        with running_dashboard(store.url) as (url, _), running_login_proxy(url, USERS) as proxy:
            yield proxy, store, feeds, url
    store.engine.dispose()


class Recorder:
    """The dashboard's WebSocket, passed through and recorded: what the page sent (BackMsg) and received
    (ForwardMsg), and a way to send the server a message the page never sent."""

    def __init__(self, page):
        self.sent, self.received, self.server = [], [], None
        page.route_web_socket("**/_stcore/stream", self._route)

    def _route(self, socket):
        self.server = socket.connect_to_server()

        def up(message):
            self.sent.append(message)
            self.server.send(message)

        def down(message):
            self.received.append(message)
            socket.send(message)

        socket.on_message(up)
        self.server.on_message(down)

    def button_id(self, label: str) -> str:
        """The widget id the server gave the button labelled `label` (drawn, greyed or not)."""
        for message in map(self._forward, self.received):
            if message.WhichOneof("type") == "delta" and message.delta.new_element.WhichOneof("type") == "button" \
                    and message.delta.new_element.button.label == label:
                return message.delta.new_element.button.id
        raise AssertionError(f"no button {label!r} was drawn")

    def runs_finished(self) -> int:
        """How many script runs the server said it finished."""
        return sum(self._forward(raw).WhichOneof("type") == "script_finished" for raw in self.received)

    def forge_click(self, button_id: str) -> None:
        """Send the page's last run request again with a click on the button: what a crafted client sends."""
        runs = [m for m in (self._back(raw) for raw in self.sent) if m.WhichOneof("type") == "rerun_script"]
        forged = BackMsg()
        forged.CopyFrom(runs[-1])
        click = forged.rerun_script.widget_states.widgets.add()
        click.id, click.trigger_value = button_id, True
        self.server.send(forged.SerializeToString())

    @staticmethod
    def _forward(raw) -> ForwardMsg:
        message = ForwardMsg()
        message.ParseFromString(raw if isinstance(raw, bytes) else raw.encode())
        return message

    @staticmethod
    def _back(raw) -> BackMsg:
        message = BackMsg()
        message.ParseFromString(raw if isinstance(raw, bytes) else raw.encode())
        return message


@contextmanager
def signed_in_page(user: str, forged: dict[str, str] | None = None):
    """A browser page signed in to the login proxy as `user` (HTTP Basic), sending `forged` headers too."""
    credentials = base64.b64encode(f"{user}:{USERS[user]}".encode()).decode()
    outside: list[str] = []
    with sync_playwright() as playwright, offline_page(playwright, outside) as page:
        page.context.set_extra_http_headers({"Authorization": f"Basic {credentials}", **(forged or {})})
        yield page
    assert outside == []


def open_add_reports(page, proxy: str, who: str):
    page.goto(f"{proxy}/Add_reports", wait_until="domcontentloaded")
    page.get_by_role("button", name=MERGE).wait_for(timeout=60_000)
    assert page.get_by_text("Signed in as").inner_text() == who


def test_no_login_no_dashboard(team_dashboard):
    proxy, _, _, _ = team_dashboard
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{proxy}/", timeout=10)
    assert refused.value.code == 401


def test_around_the_proxy_nobody_is_signed_in_and_nothing_is_shown(team_dashboard):
    *_, dashboard = team_dashboard
    outside: list[str] = []
    with sync_playwright() as playwright, offline_page(playwright, outside) as page:
        page.goto(f"{dashboard}/Add_reports", wait_until="domcontentloaded")
        page.get_by_text("Not signed in: the login proxy sent no X-Forwarded-User header").wait_for(timeout=60_000)
        page.wait_for_timeout(1000)
        assert page.get_by_role("button", name=MERGE).count() == 0 and page.get_by_text("Signed in as").count() == 0


def test_a_viewer_with_a_forged_header_has_no_merge_and_a_forged_click_changes_nothing(team_dashboard):
    proxy, store, _, _ = team_dashboard
    before = store.history(actions=None)
    with signed_in_page("vera", forged={"X-Forwarded-User": "ada", "X-Forwarded-Email": "ada@example.org"}) as page:
        recorder = Recorder(page)
        open_add_reports(page, proxy, "Signed in as vera (viewer)")  # the browser's headers were dropped
        assert page.get_by_role("button", name=MERGE).is_disabled()
        assert page.get_by_text("needs the analyst role; vera is a viewer").first.is_visible()
        page.wait_for_timeout(1000)
        runs = recorder.runs_finished()
        recorder.forge_click(recorder.button_id(MERGE))
        for _ in range(60):  # the server ran the page again for the forged click
            if recorder.runs_finished() > runs:
                break
            page.wait_for_timeout(500)
        assert recorder.runs_finished() > runs
        assert page.get_by_role("button", name=MERGE).is_disabled()
        screenshot(page, "login-viewer-forged-merge")
    assert store.history(actions=None) == before  # nothing merged, nothing recorded


def test_an_analyst_merges_and_the_audit_names_them(team_dashboard):
    proxy, store, _, _ = team_dashboard
    waiting = len(store.incidents())
    with signed_in_page("ali") as page:
        open_add_reports(page, proxy, "Signed in as ali (analyst)")
        grid = page.get_by_test_id("stDataFrame").first
        grid.scroll_into_view_if_needed()
        page.wait_for_timeout(500)
        box = grid.bounding_box()
        for row in (0, 1):  # the first two rows' checkboxes: the grid is drawn on a canvas, 35 px a row
            page.mouse.click(box["x"] + 40, box["y"] + 35 * (row + 1) + 17)
            page.wait_for_timeout(800)
        merge = page.get_by_role("button", name=MERGE)
        page.wait_for_function("() => [...document.querySelectorAll('button')].some(b => b.innerText.includes("
                               f"'{MERGE}') && !b.disabled)", timeout=30_000)
        merge.click()
        page.get_by_text("· ali · merge: merged").wait_for(timeout=30_000)
        screenshot(page, "login-analyst-merged")
    [merge_edit] = [e for e in store.history() if e.action == "merge"]
    assert merge_edit.analyst == "ali" and len(store.incidents()) == waiting - 1


def test_an_admin_adds_a_feed_and_the_audit_names_them(team_dashboard):
    proxy, store, feeds, _ = team_dashboard
    with signed_in_page("ada") as page:
        page.goto(f"{proxy}/Feeds", wait_until="domcontentloaded")
        page.get_by_text("Signed in as ada (admin)").wait_for(timeout=60_000)
        page.get_by_text("Add a feed").click()
        page.get_by_label("Name (shown as the reports' source)").fill("Kurdistan24")
        page.get_by_label("URL of the RSS/Atom feed, or of a section page").fill("https://www.kurdistan24.net/en/rss")
        page.get_by_role("button", name="Add feed").click()
        page.get_by_text("Feed 'Kurdistan24' added").wait_for(timeout=30_000)
        screenshot(page, "login-admin-added-feed")
    assert load(feeds).feed("Kurdistan24") is not None
    added = store.history(actions=("feeds",))[0]
    assert added.analyst == "ada" and "added feed 'Kurdistan24'" in added.summary
