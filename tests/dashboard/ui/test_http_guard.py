"""The HTTP guard: bodies over their limit refused with 413 before a route reads them; the session routes answer
only the console's own pages (Origin equal to the host)."""
from __future__ import annotations

import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.testclient import TestClient

from dashboard.ui import web
from dashboard.ui.http_guard import SMALL_BODY, HttpGuard, same_origin

UPLOAD_LIMIT = 1024 * 1024
HOST = "console.test"


@pytest.fixture
def reached():
    return []


@pytest.fixture
def client(reached):
    async def echo(request: Request) -> Response:
        reached.append(request.url.path)
        return Response(str(len(await request.body())))

    routes = web.routes() + [Route("/anything", echo, methods=["POST"]),
                             Route("/_stcore/upload_file/{rest:path}", echo, methods=["PUT", "POST"])]
    app = Starlette(routes=routes, middleware=[Middleware(HttpGuard, upload_limit=lambda: UPLOAD_LIMIT)])
    return TestClient(app, base_url=f"http://{HOST}")


@pytest.mark.parametrize(("path", "size", "status"), [
    ("/anything", SMALL_BODY, 200), ("/anything", SMALL_BODY + 1, 413), ("/anything", 40 * 1024 * 1024, 413),
    ("/_stcore/upload_file/s/f", UPLOAD_LIMIT, 200), ("/_stcore/upload_file/s/f", UPLOAD_LIMIT + 1, 413),
])
def test_a_declared_body_over_its_limit_is_refused_before_the_route_runs(client, reached, path, size, status):
    response = client.post(path, content=b"x" * size)
    assert response.status_code == status
    assert reached == ([] if status == 413 else [path])


def test_a_streamed_body_without_a_length_is_cut_at_the_limit(client, reached):
    def chunks():
        for _ in range(200):  # 12.5 MiB in 64 KiB chunks, no Content-Length
            yield b"x" * 65536

    response = client.post("/anything", content=chunks())
    assert response.status_code == 413 and reached == ["/anything"]  # the route started reading; the guard cut it


@pytest.mark.parametrize(("origin", "status"), [
    (f"http://{HOST}", 204), ("https://evil.example", 403), (None, 403), ("null", 403),
    (f"http://{HOST}.evil.example", 403),
])
def test_the_ticket_route_answers_only_the_consoles_own_pages(client, origin, status):
    ticket = web.issue_ticket("session-token-9")
    headers = {"origin": origin} if origin else {}
    response = client.post("/api/session", content=ticket, headers=headers)
    assert response.status_code == status
    assert ("set-cookie" in response.headers) == (status == 204)


@pytest.mark.parametrize(("headers", "expected"), [
    ({"origin": "https://console.example.cn", "host": "console.example.cn"}, True),
    ({"origin": "https://console.example.cn", "host": "10.0.0.5:8501", "x-forwarded-host": "console.example.cn"},
     True),
    ({"origin": "http://127.0.0.1:8501", "host": "127.0.0.1:8502"}, False),
])
def test_same_origin_reads_the_forwarded_host_behind_a_proxy(headers, expected):
    assert same_origin(headers) is expected
