"""The HTTP side of signing in: a signed, HttpOnly session cookie, so a reload or a new tab keeps the user signed in.

Streamlit talks over a websocket and cannot set cookies, so the app is served as an ASGI app (`app.py`) with two
routes of ours. After a sign-in the page posts a one-time ticket to /api/session, which answers with the cookie;
every later connection sends it, and the script reads it from st.context.cookies. The server-side session and its
expiry rules stay where they are (services.access.auth): the cookie only carries the session token.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

COOKIE = "console_session"
TICKET_SECONDS = 60
_tickets: dict[str, tuple[str, float]] = {}
_lock = threading.Lock()


def sign(token: str, secret: str) -> str:
    """The cookie value: the session token and its HMAC, so a forged or altered cookie is refused unread."""
    mac = hmac.new(secret.encode(), token.encode(), hashlib.sha256).hexdigest()
    return f"{token}.{mac}"


def verify(value: str | None, secret: str) -> str | None:
    """The session token inside a cookie value, or None if it is missing or its signature does not match."""
    if not value or "." not in value:
        return None
    token = value.rsplit(".", 1)[0]
    return token if hmac.compare_digest(sign(token, secret), value) else None


def issue_ticket(token: str) -> str:
    """A one-time ticket (valid for a minute) that the browser trades for the cookie."""
    ticket = secrets.token_urlsafe(24)
    with _lock:
        now = time.monotonic()
        for old in [t for t, (_, expires) in _tickets.items() if expires < now]:
            del _tickets[old]
        _tickets[ticket] = (token, now + TICKET_SECONDS)
    return ticket


def redeem_ticket(ticket: str) -> str | None:
    """The session token of a ticket, once; None if it is unknown, used or expired."""
    with _lock:
        token, expires = _tickets.pop(ticket, (None, 0.0))
    return token if token is not None and expires >= time.monotonic() else None


def _cookie_settings() -> tuple[str, int]:
    from dashboard.ui.context import settings  # the routes run in the Streamlit process, after settings load

    config = settings()
    return config.secret_key.get_secret_value(), config.session_max_hours * 3600


async def _adopt(request: Request) -> Response:
    token = redeem_ticket((await request.body()).decode("ascii", "replace").strip())
    if token is None:
        return Response("unknown or expired ticket", status_code=400)
    secret, max_age = _cookie_settings()
    response = Response(status_code=204)
    response.set_cookie(COOKIE, sign(token, secret), max_age=max_age, path="/", httponly=True, samesite="strict",
                        secure=_is_https(request))
    return response


async def _forget(request: Request) -> Response:
    response = Response(status_code=204)
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict", secure=_is_https(request))
    return response


def _is_https(request: Request) -> bool:
    return request.url.scheme == "https" or request.headers.get("x-forwarded-proto") == "https"


def routes() -> list[Route]:
    """The routes app.py mounts beside Streamlit's own."""
    return [Route("/api/session", _adopt, methods=["POST"]), Route("/api/session/end", _forget, methods=["POST"])]
