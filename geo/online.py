"""Online geocoders through geopy, for names the embedded gazetteer does not know.

Off unless configured: set FRONTLINE_GEOCODER=nominatim (with FRONTLINE_GEOCODER_URL for your own
Nominatim server; the public one needs FRONTLINE_GEOCODER_USER_AGENT naming you) or
FRONTLINE_GEOCODER=geonames (with FRONTLINE_GEOCODER_USERNAME). Every call goes through geopy's
RateLimiter, has a timeout, and is cached on disk (answers and misses alike), so no name is asked twice.
Results outside Iraq are refused: a wrong-country match is worse than none.
"""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import diskcache
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import GeoNames, Nominatim
from platformdirs import user_cache_dir

from geo.boundaries import get_boundaries
from geo.normalize import name_key
from geo.places import KIND_PRECISION, Place

log = logging.getLogger(__name__)

ENV_PROVIDER = "FRONTLINE_GEOCODER"
ENV_URL = "FRONTLINE_GEOCODER_URL"
ENV_USERNAME = "FRONTLINE_GEOCODER_USERNAME"
ENV_USER_AGENT = "FRONTLINE_GEOCODER_USER_AGENT"
ENV_MIN_DELAY = "FRONTLINE_GEOCODER_MIN_DELAY"
ENV_TIMEOUT = "FRONTLINE_GEOCODER_TIMEOUT"
ENV_CACHE = "FRONTLINE_GEOCODER_CACHE"
USER_AGENT = "frontline-watch/0.1"

# Nominatim/GeoNames feature types mapped to our kinds.
_KINDS = {
    "city": "city", "town": "town", "village": "village", "hamlet": "village", "suburb": "village",
    "neighbourhood": "village", "locality": "village", "isolated_dwelling": "village", "peak": "mountain",
    "mountain_range": "mountain", "ridge": "mountain", "state": "governorate", "province": "governorate",
    "county": "district", "district": "district", "municipality": "sub_district",
    "PPL": "village", "PPLA": "city", "PPLA2": "town", "PPLA3": "town", "PPLC": "city", "MT": "mountain",
    "MTS": "mountain", "ADM1": "governorate", "ADM2": "district", "ADM3": "sub_district",
}


@dataclass(frozen=True)
class OnlineSettings:
    provider: str
    url: str | None
    username: str | None
    user_agent: str
    min_delay_seconds: float
    timeout_seconds: float
    cache_dir: Path

    @classmethod
    def from_env(cls) -> "OnlineSettings | None":
        provider = os.environ.get(ENV_PROVIDER, "").strip().lower()
        if not provider:
            return None
        if provider not in ("nominatim", "geonames"):
            raise ValueError(f"{ENV_PROVIDER}={provider!r}: use 'nominatim' or 'geonames'")
        return cls(provider=provider, url=os.environ.get(ENV_URL) or None,
                   username=os.environ.get(ENV_USERNAME) or None,
                   user_agent=os.environ.get(ENV_USER_AGENT) or USER_AGENT,
                   min_delay_seconds=float(os.environ.get(ENV_MIN_DELAY, "1.0")),
                   timeout_seconds=float(os.environ.get(ENV_TIMEOUT, "10")),
                   cache_dir=Path(os.environ.get(ENV_CACHE) or Path(user_cache_dir("frontline-watch")) / "geocoder"))


class OnlineGeocoder:
    def __init__(self, settings: OnlineSettings):
        self.settings = settings
        if settings.provider == "nominatim":
            kwargs = {"user_agent": settings.user_agent, "timeout": settings.timeout_seconds}
            if settings.url:
                parsed = urlparse(settings.url)
                kwargs.update(domain=parsed.netloc + parsed.path.rstrip("/"), scheme=parsed.scheme or "https")
            self._client = Nominatim(**kwargs)
            self._query = {"country_codes": "iq", "addressdetails": False}
        else:
            if not settings.username:
                raise ValueError(f"GeoNames needs {ENV_USERNAME}")
            self._client = GeoNames(username=settings.username, user_agent=settings.user_agent,
                                    timeout=settings.timeout_seconds)
            self._query = {"country": "IQ"}
        self._geocode = RateLimiter(self._client.geocode, min_delay_seconds=settings.min_delay_seconds,
                                    max_retries=1, error_wait_seconds=settings.min_delay_seconds,
                                    swallow_exceptions=True, return_value_on_exception=None)
        self.cache = diskcache.Cache(str(settings.cache_dir))

    def _ask(self, name: str) -> dict | None:
        key = f"{self.settings.provider}:{name_key(name) or name.lower()}"
        if key in self.cache:
            return self.cache[key]
        location = self._geocode(name, exactly_one=True, **self._query)
        answer = None
        if location is not None:
            raw = location.raw
            answer = {"latitude": location.latitude, "longitude": location.longitude,
                      "name": raw.get("name") or raw.get("toponymName") or location.address.split(",")[0],
                      "type": raw.get("addresstype") or raw.get("type") or raw.get("fcode") or "",
                      "id": str(raw.get("osm_id") or raw.get("geonameId") or raw.get("place_id") or ""),
                      "address": location.address}
        self.cache.set(key, answer)  # misses are cached too: no name is asked twice
        return answer

    def geocode(self, name: str) -> Place | None:
        answer = self._ask(name)
        if answer is None:
            return None
        located = get_boundaries().locate(answer["latitude"], answer["longitude"])
        if located.admin1 is None:
            log.warning("online geocoder placed %r outside Iraq (%s); refused", name, answer["address"])
            return None
        kind = _KINDS.get(answer["type"], "village")
        return Place(
            place_id=f"online:{self.settings.provider}:{answer['id']}", name=answer["name"], kind=kind,
            latitude=answer["latitude"], longitude=answer["longitude"], geo_precision=KIND_PRECISION[kind],
            radius_km=2.0, admin1=located.admin1, admin2=located.admin2, sector=located.sector,
            in_disputed=located.in_disputed, source=f"{self.settings.provider} (online): {answer['address']}")


def configured_online_geocoder() -> OnlineGeocoder | None:
    """The online geocoder the user configured, or None (the default: offline only)."""
    settings = OnlineSettings.from_env()
    return OnlineGeocoder(settings) if settings else None
