"""The session cookie: signed, one-time tickets, HttpOnly and SameSite=Strict; forged values are refused."""
from __future__ import annotations

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from dashboard.ui import web


@pytest.fixture
def client():
    return TestClient(Starlette(routes=web.routes()))


def test_a_ticket_buys_one_signed_httponly_cookie(client):
    ticket = web.issue_ticket("session-token-1")
    response = client.post("/api/session", content=ticket)
    assert response.status_code == 204
    header = response.headers["set-cookie"]
    assert "HttpOnly" in header and "SameSite=strict" in header and "Path=/" in header
    value = response.cookies[web.COOKIE].strip('"')
    assert web.verify(value, "demo-secret-not-for-production") == "session-token-1"
    assert client.post("/api/session", content=ticket).status_code == 400  # used once


@pytest.mark.parametrize("value", [None, "", "no-dot", "session-token-1.0000", "other.token.abc"])
def test_forged_or_altered_cookies_are_refused(value):
    assert web.verify(value, "secret-one") is None
    assert web.verify(web.sign("t", "secret-one"), "secret-two") is None


def test_sign_out_drops_the_cookie(client):
    response = client.post("/api/session/end")
    assert response.status_code == 204 and 'console_session=""' in response.headers["set-cookie"]
    assert "Max-Age=0" in response.headers["set-cookie"]


def test_an_expired_ticket_is_refused(monkeypatch):
    ticket = web.issue_ticket("session-token-2")
    now = web.time.monotonic()
    monkeypatch.setattr(web.time, "monotonic", lambda: now + web.TICKET_SECONDS + 1)
    assert web.redeem_ticket(ticket) is None
