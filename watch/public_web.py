"""Only the public web: every connection the watcher makes (feeds, each redirect hop, article links,
robots.txt, webhooks) goes to an address checked after DNS resolution, and to the very address checked,
so a name that resolves differently a moment later (DNS rebinding) cannot slip past. Loopback, private,
link-local (169.254.169.254, the cloud metadata service), shared, multicast, reserved and unspecified
addresses are refused, also when written as a decimal or octal number or wrapped in IPv6 (::ffff:127.0.0.1,
6to4, Teredo, NAT64); so is any scheme but http and https. A host named in the feeds file's
`[fetch] allow_hosts` or in FRONTLINE_WATCH_ALLOW_HOSTS (comma-separated: a team's intranet feeds, the
tests' loopback server) is let through as it is.

The check sits in the connection itself (an httpcore network backend): httpx follows redirects through it,
and nothing else in the watcher opens a socket.
"""
from __future__ import annotations

import ipaddress
import os
import socket
import time

import httpcore
import httpx

ENV_ALLOW_HOSTS = "FRONTLINE_WATCH_ALLOW_HOSTS"
SCHEMES = ("http", "https")
NAT64 = ipaddress.ip_network("64:ff9b::/96")
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


class RefusedTarget(Exception):
    """A URL the watcher will not fetch; the message says which host and why."""


def embedded_ipv4(address: Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one carries (IPv4-mapped, 6to4, Teredo's client, NAT64), if any."""
    if isinstance(address, ipaddress.IPv4Address):
        return None
    if address.ipv4_mapped or address.sixtofour:
        return address.ipv4_mapped or address.sixtofour
    if address.teredo:
        return address.teredo[1]
    if address in NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def why_not_public(address: Address) -> str | None:
    """Why connecting to `address` would reach inward (None for an address on the public internet)."""
    for candidate in (embedded_ipv4(address), address):
        if candidate is None:
            continue
        for kind in ("loopback", "unspecified", "link_local", "multicast", "private", "reserved"):
            if getattr(candidate, f"is_{kind}"):
                return f"{kind.replace('_', '-')} address"
        if not candidate.is_global:
            return "non-public address"
    return None


def allowed_hosts(configured: tuple[str, ...] = ()) -> frozenset[str]:
    """Hosts let through unchecked: the feeds file's, and FRONTLINE_WATCH_ALLOW_HOSTS's."""
    from_env = os.environ.get(ENV_ALLOW_HOSTS, "").split(",")
    return frozenset(h.strip().lower().strip("[]") for h in (*configured, *from_env) if h.strip())


def public_addresses(host: str, port: int) -> list[str]:
    """The addresses `host` resolves to, all of them public, else RefusedTarget saying why."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise RefusedTarget(f"{host}: no such host ({exc})") from None
    addresses = list(dict.fromkeys(info[4][0] for info in found))
    for text in addresses:
        why = why_not_public(ipaddress.ip_address(text.split("%")[0]))
        if why:
            raise RefusedTarget(f"{host} resolves to {text} ({why}): not on the public web")
    return addresses


class _DeadlineStream(httpcore.NetworkStream):
    """A connection that gives up `deadline` (time.monotonic) at the latest, however steadily bytes trickle."""

    def __init__(self, stream: httpcore.NetworkStream, deadline: float | None):
        self.stream, self.deadline = stream, deadline

    def _timeout(self, timeout: float | None) -> float | None:
        if self.deadline is None:
            return timeout
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise httpcore.ReadTimeout("the whole exchange took longer than its deadline")
        return left if timeout is None else min(timeout, left)

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self.stream.read(max_bytes, self._timeout(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.stream.write(buffer, self._timeout(timeout))

    def close(self) -> None:
        self.stream.close()

    def start_tls(self, ssl_context, server_hostname=None, timeout=None) -> httpcore.NetworkStream:
        return _DeadlineStream(self.stream.start_tls(ssl_context, server_hostname, self._timeout(timeout)),
                               self.deadline)

    def get_extra_info(self, info: str):
        return self.stream.get_extra_info(info)


class _PublicBackend(httpcore.SyncBackend):
    """Connects only to checked public addresses (or to an allowed host), each connection within
    `deadline_s` from its start when one is given."""

    def __init__(self, allowed: frozenset[str], deadline_s: float | None = None):
        self.allowed, self.deadline_s = allowed, deadline_s

    def connect_tcp(self, host: str, port: int, timeout=None, local_address=None, socket_options=None):
        deadline = time.monotonic() + self.deadline_s if self.deadline_s else None
        *first, last = [host] if host.lower() in self.allowed else public_addresses(host, port)
        for address in first:  # the next address when one does not answer, as socket.create_connection does
            try:
                return _DeadlineStream(super().connect_tcp(address, port, timeout, local_address, socket_options),
                                       deadline)
            except httpcore.ConnectError:
                continue
        return _DeadlineStream(super().connect_tcp(last, port, timeout, local_address, socket_options), deadline)


def _http_only(request: httpx.Request) -> None:
    if request.url.scheme not in SCHEMES:
        raise RefusedTarget(f"{request.url.scheme}: URLs are not fetched (only http and https)")


class PublicTransport(httpx.HTTPTransport):
    """httpx's transport with its connections made through _PublicBackend. No proxy from the environment:
    a proxy would connect for us, past the check."""

    def __init__(self, allowed: frozenset[str], deadline_s: float | None = None, keepalive: bool = True):
        super().__init__(trust_env=False)
        # httpx takes no network backend of its own: the pool it made is replaced by one with ours.
        self._pool = httpcore.ConnectionPool(  # httpx.Client's default limits
            ssl_context=httpx.create_ssl_context(), max_connections=100,
            max_keepalive_connections=20 if keepalive else 0, keepalive_expiry=5.0,
            network_backend=_PublicBackend(allowed, deadline_s))


def public_client(allow: tuple[str, ...] = (), deadline_s: float | None = None, **options) -> httpx.Client:
    """An httpx.Client that reaches only the public web (and the allowed hosts). With `deadline_s`, each
    connection is used for one request and gives up after that many seconds in all."""
    return httpx.Client(transport=PublicTransport(allowed_hosts(allow), deadline_s, keepalive=deadline_s is None),
                        event_hooks={"request": [_http_only]}, trust_env=False, **options)
