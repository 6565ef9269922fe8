"""The geopy path against a local HTTP server that speaks Nominatim's JSON: the real geopy client,
a real socket, no mocking. It is never reached unless configured."""
from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest

from geo.gazetteer import Gazetteer
from geo.online import OnlineGeocoder, OnlineSettings, configured_online_geocoder

ANSWERS = {
    "Tel Ward": {"lat": "35.3100", "lon": "44.2500", "name": "Tel Ward", "addresstype": "village", "osm_id": 101,
                 "display_name": "Tel Ward, Kirkuk Governorate, Iraq"},
    "Far Away": {"lat": "48.8566", "lon": "2.3522", "name": "Far Away", "addresstype": "city", "osm_id": 102,
                 "display_name": "Far Away, France"},
}


class NominatimHandler(BaseHTTPRequestHandler):
    requests: list[dict] = []
    delay = 0.0

    def do_GET(self):  # noqa: N802 (http.server API)
        query = {k: v[0] for k, v in parse_qs(urlparse(self.path).query).items()}
        type(self).requests.append(query)
        time.sleep(type(self).delay)
        answer = ANSWERS.get(query.get("q", ""))
        body = json.dumps([{**answer, "class": "place", "type": answer["addresstype"], "osm_type": "node",
                            "place_id": answer["osm_id"]}] if answer else []).encode()
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except BrokenPipeError:
            pass  # the client gave up (the timeout test)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    NominatimHandler.requests = []
    NominatimHandler.delay = 0.0
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), NominatimHandler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def settings(url, tmp_path, **overrides):
    values = dict(provider="nominatim", url=url, username=None, user_agent="frontline-watch-tests",
                  min_delay_seconds=0.2, timeout_seconds=2.0, cache_dir=tmp_path / "cache")
    return OnlineSettings(**{**values, **overrides})


def test_off_unless_configured(monkeypatch):
    monkeypatch.delenv("FRONTLINE_GEOCODER", raising=False)
    assert configured_online_geocoder() is None


def test_configured_from_the_environment(monkeypatch, tmp_path, server):
    monkeypatch.setenv("FRONTLINE_GEOCODER", "nominatim")
    monkeypatch.setenv("FRONTLINE_GEOCODER_URL", server)
    monkeypatch.setenv("FRONTLINE_GEOCODER_CACHE", str(tmp_path / "env-cache"))
    online = configured_online_geocoder()
    assert online is not None and online.settings.url == server


def test_unknown_name_goes_online_once_and_is_cached_on_disk(server, tmp_path):
    online = OnlineGeocoder(settings(server, tmp_path))
    gazetteer = Gazetteer.load(online=online)
    match = gazetteer.lookup("Tel Ward")
    assert match.method == "online"
    assert (match.place.latitude, match.place.longitude) == (35.31, 44.25)
    assert match.place.admin1 == "Kirkuk" and match.place.kind == "village"
    assert NominatimHandler.requests[0]["countrycodes"] == "iq"
    # A second process with the same cache asks nothing.
    again = Gazetteer.load(online=OnlineGeocoder(settings(server, tmp_path))).lookup("Tel Ward")
    assert again.place.latitude == 35.31 and len(NominatimHandler.requests) == 1


def test_known_names_never_go_online(server, tmp_path):
    gazetteer = Gazetteer.load(online=OnlineGeocoder(settings(server, tmp_path)))
    assert gazetteer.lookup("Kirkuk").method == "exact"
    assert NominatimHandler.requests == []


def test_misses_are_cached_and_wrong_country_is_refused(server, tmp_path):
    online = OnlineGeocoder(settings(server, tmp_path))
    assert online.geocode("Nowhere At All") is None
    assert online.geocode("Nowhere At All") is None
    assert online.geocode("Far Away") is None  # Paris is not in Iraq
    assert len(NominatimHandler.requests) == 2


def test_rate_limited(server, tmp_path):
    online = OnlineGeocoder(settings(server, tmp_path, min_delay_seconds=0.5))
    started = time.perf_counter()
    online.geocode("first name")
    online.geocode("second name")
    assert time.perf_counter() - started >= 0.5


def test_timeout_gives_no_match_not_a_crash(server, tmp_path):
    NominatimHandler.delay = 1.5
    online = OnlineGeocoder(settings(server, tmp_path, timeout_seconds=0.3, min_delay_seconds=0.0))
    assert online.geocode("Tel Ward") is None
