"""A team's dashboard signing people in with Streamlit's OpenID Connect login (st.login, Authlib) against a local
OpenID provider (oidc-provider-mock, on loopback; the network off): nothing is shown before signing in; the identity
token's email names the person and its groups claim gives the role (team.toml); an analyst's merge is audited under
that name; signing out signs out."""
from __future__ import annotations

import pytest
from playwright.sync_api import sync_playwright

from reports.reading import read_reports
from store.database import IncidentStore
from tests.browser import free_port, offline_page, running_dashboard, screenshot
from tests.conftest import SEEDS

oidc_provider_mock = pytest.importorskip("oidc_provider_mock", reason="pip install oidc-provider-mock (test extra)")
pytest.importorskip("authlib", reason="Streamlit's st.login needs Authlib (a dependency)")
pytestmark = pytest.mark.flaky(reruns=2)

TEAM = """[login]
oidc = true

[roles]
admin = ["ada@example.org"]
analyst = ["group:frontline-analysts"]
"""
USERS = [oidc_provider_mock.User(sub="ali", claims={"email": "ali@example.org", "groups": ["frontline-analysts"]}),
         oidc_provider_mock.User(sub="vera", claims={"email": "vera@example.org"})]


@pytest.fixture(scope="module")
def oidc_dashboard(tmp_path_factory):
    folder = tmp_path_factory.mktemp("oidc")
    (folder / "team.toml").write_text(TEAM)
    store = IncidentStore(f"sqlite:///{folder / 'frontline.sqlite'}")
    assert not store.ingest(read_reports([SEEDS])).refused
    port = free_port()
    with oidc_provider_mock.run_server_in_thread(user_claims=USERS) as provider:
        (folder / "secrets.toml").write_text(f"""[auth]
redirect_uri = "http://127.0.0.1:{port}/oauth2callback"
cookie_secret = "a-test-only-cookie-secret-of-enough-length"
client_id = "frontline-watch"
client_secret = "a-test-only-client-secret"
server_metadata_url = "http://localhost:{provider.server_port}/.well-known/openid-configuration"
""")
        with pytest.MonkeyPatch.context() as env:
            env.setenv("FRONTLINE_TEAM", str(folder / "team.toml"))
            secrets = ("--secrets.files", str(folder / "secrets.toml"))
            with running_dashboard(store.url, port=port, options=secrets) as (url, _):
                yield url, store
    store.engine.dispose()


def sign_in(page, url: str, who: str) -> None:
    """Sign in as `who` through the provider's page, then open Add reports (the login comes back to the map)."""
    page.goto(f"{url}/Add_reports", wait_until="domcontentloaded")
    page.get_by_role("button", name="Sign in").click(timeout=60_000)
    page.get_by_role("button", name=who).click(timeout=30_000)  # the provider's one-click user
    page.get_by_text("Signed in as").wait_for(timeout=60_000)
    page.goto(f"{url}/Add_reports", wait_until="domcontentloaded")
    page.get_by_role("button", name="Merge selected (one attack)").wait_for(timeout=60_000)


def test_nothing_before_signing_in_then_the_token_names_the_person_and_the_group_their_role(oidc_dashboard):
    url, store = oidc_dashboard
    outside: list[str] = []
    with sync_playwright() as playwright, offline_page(playwright, outside) as page:
        page.goto(f"{url}/Add_reports", wait_until="domcontentloaded")
        page.get_by_role("button", name="Sign in").wait_for(timeout=60_000)
        assert page.get_by_role("button", name="Merge selected (one attack)").count() == 0
        sign_in(page, url, "ali")
        assert page.get_by_text("Signed in as").inner_text() == "Signed in as ali@example.org (analyst)"
        grid = page.get_by_test_id("stDataFrame").first
        grid.scroll_into_view_if_needed()
        page.wait_for_timeout(500)
        box = grid.bounding_box()
        for row in (0, 1):
            page.mouse.click(box["x"] + 40, box["y"] + 35 * (row + 1) + 17)
            page.wait_for_timeout(800)
        page.get_by_role("button", name="Merge selected (one attack)").click()
        page.get_by_text("· ali@example.org · merge: merged").wait_for(timeout=30_000)
        screenshot(page, "oidc-analyst-merged")
        page.get_by_role("button", name="Sign out").click()
        page.get_by_role("button", name="End session").click(timeout=30_000)  # the provider asks
        page.goto(f"{url}/Add_reports", wait_until="domcontentloaded")
        page.get_by_role("button", name="Sign in").wait_for(timeout=60_000)
    assert [e.analyst for e in store.history() if e.action == "merge"] == ["ali@example.org"]
    assert [u for u in outside if "picocss" not in u] == []  # only the mock provider's page asks a CDN (aborted)


def test_a_person_in_no_listed_group_is_a_viewer(oidc_dashboard):
    url, _ = oidc_dashboard
    outside: list[str] = []
    with sync_playwright() as playwright, offline_page(playwright, outside) as page:
        sign_in(page, url, "vera")
        assert page.get_by_text("Signed in as").inner_text() == "Signed in as vera@example.org (viewer)"
        assert page.get_by_role("button", name="Merge selected (one attack)").is_disabled()
