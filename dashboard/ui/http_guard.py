"""Guards in front of every HTTP route of the console (app.py): bounded request bodies, and the session routes
answering only the console's own pages.

A body over its limit is refused with 413 before it is read: from Content-Length when the client sends one, else
as soon as the streamed body passes the limit (a 400 MB POST to any route took the server from 260 to 579 MB).
The session routes refuse a POST whose Origin is not the console's own host (a forced sign-in from another site).
"""
from __future__ import annotations

from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

Scope = dict
Receive = Callable[[], Awaitable[dict]]
Send = Callable[[dict], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

SMALL_BODY = 64 * 1024  # sign-in tickets, forms, Streamlit's own small posts
UPLOAD_PATHS = ("/_stcore/upload_file",)  # Streamlit's file uploads: the console's upload limit
SAME_ORIGIN_PATHS = ("/api/session", "/api/session/end")


class TooLarge(Exception):
    """The streamed body passed its limit."""


class HttpGuard:
    """ASGI middleware: body limits on every route, same-origin POSTs on the session routes."""

    def __init__(self, app: ASGIApp, *, upload_limit: Callable[[], int] = lambda: _upload_limit(),
                 small_limit: int = SMALL_BODY) -> None:
        self.app, self.upload_limit, self.small_limit = app, upload_limit, small_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        path = scope.get("path", "")
        if path in SAME_ORIGIN_PATHS and scope.get("method") == "POST" and not same_origin(headers):
            await _refuse(send, 403, "cross-origin request refused")
            return
        limit = self.upload_limit() if path.startswith(UPLOAD_PATHS) else self.small_limit
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            await _refuse(send, 413, f"request body over {limit} bytes")
            return
        await self._bounded(scope, receive, send, limit)

    async def _bounded(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        seen, started = 0, False

        async def counting_receive() -> dict:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > limit:
                raise TooLarge
            return message

        async def tracking_send(message: dict) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except TooLarge:
            if not started:
                await _refuse(send, 413, f"request body over {limit} bytes")


def _upload_limit() -> int:
    """CONSOLE_MAX_UPLOAD_MB in bytes (read when a request comes, after the settings loaded)."""
    from dashboard.ui.context import settings

    return settings().max_upload_mb * 1024 * 1024


def same_origin(headers: dict[str, str]) -> bool:
    """Whether a request's Origin names the host it was sent to (behind a proxy, the forwarded host)."""
    origin = headers.get("origin")
    if not origin or origin == "null":
        return False
    host = headers.get("x-forwarded-host") or headers.get("host", "")
    return urlsplit(origin).netloc.lower() == host.split(",")[0].strip().lower()


async def _refuse(send: Send, status: int, text: str) -> None:
    body = text.encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})
