"""The real console (streamlit run app.py): a huge POST is refused at once, before its body is read, and the
ticket route refuses another site's page."""
from __future__ import annotations

import http.client
from urllib.parse import urlsplit


def _connect(url: str) -> http.client.HTTPConnection:
    parts = urlsplit(url)
    return http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)


def test_a_400_mb_post_to_the_sign_in_route_is_refused_unread(console):
    connection = _connect(console.url)
    connection.putrequest("POST", "/api/session")
    connection.putheader("Content-Length", str(400 * 1024 * 1024))
    connection.putheader("Origin", console.url)
    connection.endheaders()
    connection.send(b"x" * 65536)  # the rest never comes: the answer must not wait for it
    response = connection.getresponse()
    assert response.status == 413
    connection.close()


def test_a_ticket_posted_from_another_site_is_refused(console):
    connection = _connect(console.url)
    connection.request("POST", "/api/session", body=b"some-ticket", headers={"Origin": "https://evil.example"})
    assert connection.getresponse().status == 403
    connection.close()


def test_a_page_fetches_nothing_from_outside_the_console(console, page):
    """Offline (as in a locked-down back office), a tab icon fetched from a font server never loads: every request
    a signed-in page makes goes to the console itself."""
    from urllib.parse import urlsplit

    from tests.browser.helpers import settle, sign_in

    outside: list[str] = []
    page.on("request", lambda request: outside.append(request.url)
            if urlsplit(request.url).scheme in ("http", "https", "ws", "wss")
            and urlsplit(request.url).netloc != urlsplit(console.url).netloc else None)
    sign_in(page, console.url, "rita")
    settle(page)
    assert outside == []
