"""Who may call the API and how much they may send: loopback by default, a bearer token otherwise, size limits."""

from __future__ import annotations

import hmac
import ipaddress
import json
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from ..errors import InputError

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

log = logging.getLogger("disclosure.serve")
MAX_PORT = 65_535

OPEN_PATHS = ("/", "/health", "/docs", "/openapi.json")
"""Paths served without a token: the page and its assets hold no data (the page asks for the token itself)."""
OPEN_PREFIXES = ("/static/", "/docs/")


def is_loopback(host: str) -> bool:
    """Whether `host` can only be reached from this machine (127.0.0.0/8, ::1, 'localhost')."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


_LOOPBACK_ONLY = (
    "Without a token this server answers only requests addressed to this machine by a loopback name (localhost, "
    "127.0.0.1 or [::1]). To serve it under another name, give it a token."
)


def _host_name(scope: Scope) -> str:
    """The host name the request was addressed to (its Host header without the port); '' when there is none."""
    host: str = dict(scope.get("headers", [])).get(b"host", b"").decode("latin-1").strip().lower()
    if host.startswith("["):
        return host[: host.find("]") + 1]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def check_binding(host: str, token: str | None, port: int = 8000) -> None:
    """Refuse to listen beyond this machine without a token (the texts people type here are intimate), and a port
    that does not exist."""
    if isinstance(port, bool) or not isinstance(port, int) or not 1 <= port <= MAX_PORT:
        raise InputError.about("port", "bad_port", value=port, high=MAX_PORT)
    if not is_loopback(host) and not token:
        raise InputError(
            f"Refusing to serve on '{host}' without a token: anyone who can reach that address could read what is "
            "typed here. Keep the default host 127.0.0.1 (this machine only), or give a token (callers then send "
            "'Authorization: Bearer <token>')."
        )


class Guard:
    """ASGI middleware: bearer-token check (when a token is set) and the request-size limit, before any route runs.

    A body over `max_body_bytes` is refused with 413 as soon as its declared or received size passes the limit,
    so an oversize request is never read whole.
    """

    def __init__(self, app: ASGIApp, *, token: str | None, max_body_bytes: int) -> None:
        self.app = app
        self.token = token
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if not self.token and not is_loopback(_host_name(scope)):
            # Without a token only this machine may call; a page on another site whose name was made to resolve to
            # 127.0.0.1 (DNS rebinding) still sends its own name as Host, and is refused here.
            await _refuse(send, 403, _LOOPBACK_ONLY)
            return
        started = False

        async def tracked(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self._guarded(scope, receive, tracked)
        except Exception as err:
            # The app has already answered and logged the kind of failure; its traceback could quote the text being
            # analysed, so it goes no further (the HTTP server would print it).
            if not started:
                log.error("%s %s failed with %s", scope.get("method"), scope.get("path"), type(err).__name__)
                await _refuse(send, 500, f"The server failed ({type(err).__name__}); nothing was kept.")

    async def _guarded(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope.get("path", "")
        if self.token and not (path in OPEN_PATHS or path.startswith(OPEN_PREFIXES)) and not self._authorised(scope):
            await _refuse(send, 401, "This server needs a token: send the header 'Authorization: Bearer <token>'.")
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None:
            if declared.isdigit() and int(declared) > self.max_body_bytes:
                await _refuse(send, 413, self._too_large(int(declared)))
                return
            await self.app(scope, receive, send)  # the HTTP server holds the body to its declared length
            return
        body = await self._bounded_body(receive)
        if body is None:
            await _refuse(send, 413, self._too_large(self.max_body_bytes + 1, streamed=True))
            return
        await self.app(scope, _replay(body, receive), send)

    async def _bounded_body(self, receive: Receive) -> bytes | None:
        """A body sent without a declared length, read up to the limit; None once it passes the limit."""
        chunks, size, more = [], 0, True
        while more:
            message = await receive()
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body_bytes:
                return None
            chunks.append(chunk)
            more = message.get("more_body", False) and message["type"] == "http.request"
        return b"".join(chunks)

    def _authorised(self, scope: Scope) -> bool:
        given = dict(scope.get("headers", [])).get(b"authorization", b"")
        expected = f"Bearer {self.token}".encode()
        return hmac.compare_digest(given, expected)

    def _too_large(self, size: int, *, streamed: bool = False) -> str:
        told = f"more than {self.max_body_bytes:,} bytes" if streamed else f"{size:,} bytes"
        return (
            f"The request is {told}; this server accepts at most {self.max_body_bytes:,}. Send fewer or "
            "shorter texts per request."
        )


def _replay(body: bytes, receive: Receive) -> Receive:
    """A `receive` that gives the app the body already read, then passes on what comes next (a disconnect)."""
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replayed


async def _refuse(send: Send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if status == 401:
        headers.append((b"www-authenticate", b"Bearer"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
