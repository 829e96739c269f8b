"""Real network streams on 127.0.0.1 for tests: a sample clip served live as MJPEG over HTTP (the way many IP
cameras serve it), and a server that accepts connections but never sends a byte."""
from __future__ import annotations

import itertools
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import cv2


def _jpeg_frames(clip: Path, limit: int = 150) -> tuple[list[bytes], float]:
    """The clip's first frames as JPEG, decoded once, and its frame rate."""
    capture = cv2.VideoCapture(str(clip))
    fps = capture.get(cv2.CAP_PROP_FPS) or 25.0
    encoded = []
    while len(encoded) < limit:
        ok, image = capture.read()
        if not ok:
            break
        encoded.append(cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 80])[1].tobytes())
    capture.release()
    return encoded, fps


@contextmanager
def live_clip(clip: Path) -> Iterator[str]:
    """The clip looped at its real frame rate as MJPEG over HTTP (multipart/x-mixed-replace), any number of
    viewers: http://127.0.0.1:PORT/live.mjpg."""
    encoded, fps = _jpeg_frames(clip)

    class Stream(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802  (http.server's name)
            self.send_response(200)
            self.send_header("Content-Type", "multipart/x-mixed-replace; boundary=frame")
            self.end_headers()
            try:
                for index in itertools.count():
                    data = encoded[index % len(encoded)]
                    self.wfile.write(b"--frame\r\nContent-Type: image/jpeg\r\nContent-Length: "
                                     + str(len(data)).encode() + b"\r\n\r\n" + data + b"\r\n")
                    time.sleep(1 / fps)
            except (BrokenPipeError, ConnectionResetError):
                return

        def log_message(self, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Stream)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/live.mjpg"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def silent_server() -> Iterator[str]:
    """http://127.0.0.1:PORT/ that accepts every connection and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    accepted: list[socket.socket] = []

    def accept() -> None:
        while True:
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/live.ts"
    finally:
        listener.close()
        for connection in accepted:
            connection.close()
