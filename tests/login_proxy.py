"""A login proxy on loopback for the browser tests, doing what docs/deploy.md asks of a team's proxy: it signs
people in (here HTTP Basic against a table of test users, where a team has its single sign-on), sets the one
header the dashboard trusts to the signed-in user, and drops every identity header the browser sent. It forwards
plain requests and Streamlit's WebSocket (whose handshake carries the headers st.context.headers reads) to the
dashboard listening on 127.0.0.1. Starlette and uvicorn come with Streamlit; websockets is a test dependency."""
from __future__ import annotations

import asyncio
import base64
import binascii
import threading
import time
from contextlib import contextmanager

import httpx
import uvicorn
import websockets
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect

from tests.browser import free_port

USER_HEADER = "X-Forwarded-User"
# Headers that name a person: whatever the browser sends of them never reaches the dashboard.
IDENTITY_HEADERS = {"x-forwarded-user", "x-forwarded-email", "x-forwarded-groups", "x-auth-request-user",
                    "remote-user", "authorization"}
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "upgrade", "te", "trailer", "proxy-authorization",
              "content-length", "content-encoding", "host"}
WS_HANDSHAKE = {"sec-websocket-key", "sec-websocket-version", "sec-websocket-extensions", "sec-websocket-protocol"}


def signed_in(headers, users: dict[str, str]) -> str | None:
    """The user whose name and password the request's Basic credentials give, else None."""
    scheme, _, encoded = headers.get("authorization", "").partition(" ")
    try:
        name, _, password = base64.b64decode(encoded).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return name if scheme.lower() == "basic" and users.get(name) == password else None


def forwarded(headers, user: str, drop: set[str]) -> list[tuple[str, str]]:
    return [(k, v) for k, v in headers.items() if k.lower() not in IDENTITY_HEADERS | drop] + [(USER_HEADER, user)]


def login_proxy_app(upstream: str, users: dict[str, str]) -> Starlette:
    """The proxy in front of the dashboard at `upstream` (http://127.0.0.1:PORT)."""
    client = httpx.AsyncClient(base_url=upstream, timeout=60)

    async def http(request: Request) -> Response:
        user = signed_in(request.headers, users)
        if user is None:
            return Response("Sign in", status_code=401, headers={"WWW-Authenticate": 'Basic realm="Frontline"'})
        answer = await client.request(request.method, request.url.path, params=request.query_params,
                                      headers=forwarded(request.headers, user, HOP_BY_HOP),
                                      content=await request.body())
        return Response(answer.content, status_code=answer.status_code,
                        headers={k: v for k, v in answer.headers.items() if k.lower() not in HOP_BY_HOP})

    async def socket(browser: WebSocket) -> None:
        user = signed_in(browser.headers, users)
        if user is None:
            await browser.close(code=1008)
            return
        url = upstream.replace("http", "ws", 1) + browser.url.path
        protocols = browser.scope.get("subprotocols") or None
        async with websockets.connect(url, additional_headers=forwarded(browser.headers, user,
                                                                        HOP_BY_HOP | WS_HANDSHAKE),
                                      subprotocols=protocols, max_size=None) as dashboard:
            await browser.accept(subprotocol=dashboard.subprotocol)

            async def to_dashboard():
                try:
                    while True:
                        message = await browser.receive()
                        if message["type"] == "websocket.disconnect":
                            break
                        await dashboard.send(message.get("bytes") or message.get("text"))
                except WebSocketDisconnect:
                    pass
                await dashboard.close()

            async def to_browser():
                try:
                    async for message in dashboard:
                        await (browser.send_bytes(message) if isinstance(message, bytes)
                               else browser.send_text(message))
                except (websockets.ConnectionClosed, RuntimeError):
                    pass

            await asyncio.gather(to_dashboard(), to_browser())

    return Starlette(routes=[WebSocketRoute("/{path:path}", socket),
                             Route("/{path:path}", http, methods=["GET", "POST", "PUT", "DELETE", "HEAD",
                                                                  "OPTIONS", "PATCH"])])


@contextmanager
def running_login_proxy(upstream: str, users: dict[str, str]):
    """The login proxy on a free loopback port in a thread of its own; yields its URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(login_proxy_app(upstream, users), host="127.0.0.1", port=port,
                                           log_level="warning", ws="websockets-sansio"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not server.started:
        if time.time() > deadline or not thread.is_alive():
            raise RuntimeError("the login proxy did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
