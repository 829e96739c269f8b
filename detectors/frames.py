"""Frame sources over video files, network streams and snapshot folders, sampled every N seconds."""
from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import cv2
import numpy as np

from detectors.errors import SourceError
from detectors.images import read_image
from detectors.local_files import check_input

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".bmp", ".webp"}
NETWORK_SCHEMES = {"rtsp", "rtsps", "http", "https", "rtmp", "udp", "tcp"}
DEFAULT_PORTS = {"rtsp": 554, "rtsps": 322, "http": 80, "https": 443, "rtmp": 1935}


@dataclass(frozen=True)
class Frame:
    """One sampled frame: its index among sampled frames, its time in the source, BGR pixels."""

    index: int
    t_seconds: float
    image: np.ndarray


@dataclass
class SamplingPlan:
    """How to sample: one frame every N seconds, at most max_frames, with network timeouts."""

    every_seconds: float = 1.0
    max_frames: int = 120
    max_seconds: float = 120.0
    open_timeout_s: float = 5.0
    read_timeout_s: float = 5.0
    warnings: list[str] = field(default_factory=list)
    still: bool = False  # set when the source is a folder of snapshots: no rate of passing can be read


def is_network(uri: str) -> bool:
    """Whether the source is a network URL rather than a path."""
    return urlparse(uri).scheme.lower() in NETWORK_SCHEMES


def frames(uri: str, plan: SamplingPlan) -> Iterator[Frame]:
    """Sampled frames of a video file, a network stream or a snapshot folder."""
    if is_network(uri):
        yield from _network_frames(uri, plan)
        return
    path = Path(uri)
    check_input(path)
    if path.is_dir():
        yield from _folder_frames(path, plan)
    elif path.suffix.lower() in IMAGE_SUFFIXES:
        yield from _image_frame(path, plan)
    else:
        yield from _video_frames(path, plan)


def _folder_frames(folder: Path, plan: SamplingPlan) -> Iterator[Frame]:
    files = sorted(p for p in folder.iterdir() if p.is_file())
    images = [p for p in files if p.suffix.lower() in IMAGE_SUFFIXES]
    for other in (p for p in files if p.suffix.lower() not in IMAGE_SUFFIXES):
        plan.warnings.append(f"{other.name}: not an image file, skipped")
    produced = 0
    plan.still = True
    for path in images[: plan.max_frames]:
        try:
            image = read_image(path)
        except SourceError as error:
            plan.warnings.append(f"{path.name}: {error.problem.replace('cannot', 'could not')}, skipped")
            continue
        yield Frame(produced, produced * plan.every_seconds, image)
        produced += 1
    if produced == 0:
        why = f" ({'; '.join(plan.warnings[-3:])})" if plan.warnings else ""
        raise SourceError(str(folder), f"folder holds no readable image{why}")


def _image_frame(path: Path, plan: SamplingPlan) -> Iterator[Frame]:
    image = read_image(path)
    plan.still = True
    yield Frame(0, 0.0, image)


def _open_capture(source: str, plan: SamplingPlan, *, network: bool) -> cv2.VideoCapture:
    # One decoder thread: the scan decodes on its own thread beside the detectors, and FFmpeg's frame threads
    # would only fight them for the same cores (measured: 20% more CPU for the same frames).
    params = [cv2.CAP_PROP_OPEN_TIMEOUT_MSEC, int(plan.open_timeout_s * 1000),
              cv2.CAP_PROP_READ_TIMEOUT_MSEC, int(plan.read_timeout_s * 1000), cv2.CAP_PROP_N_THREADS, 1]
    started = time.monotonic()
    capture = cv2.VideoCapture(source, cv2.CAP_FFMPEG, params)
    if not capture.isOpened():
        capture.release()
        if network and time.monotonic() - started >= 0.9 * plan.open_timeout_s:
            raise SourceError(source, f"the server accepted the connection but sent no video within "
                                      f"{plan.open_timeout_s:g} s (timed out)")
        what = "stream could not be opened (no video at that address?)" if network else \
            "cannot be decoded as a video (corrupt, truncated or unsupported format)"
        raise SourceError(source, what)
    return capture


def video_fps(path: Path) -> float:
    """A video file's frame rate (25 where the file does not say)."""
    capture = cv2.VideoCapture(str(path))
    try:
        return capture.get(cv2.CAP_PROP_FPS) or 25.0
    finally:
        capture.release()


def _fps(capture: cv2.VideoCapture, source: str, plan: SamplingPlan) -> float:
    fps = capture.get(cv2.CAP_PROP_FPS)
    if not fps or fps != fps or fps > 240:
        plan.warnings.append(f"{source}: frame rate unknown, assuming 25 fps")
        return 25.0
    return float(fps)


def _video_frames(path: Path, plan: SamplingPlan) -> Iterator[Frame]:
    if path.stat().st_size == 0:
        raise SourceError(str(path), "empty file (0 bytes)")
    capture = _open_capture(str(path), plan, network=False)
    try:
        fps = _fps(capture, str(path), plan)
        expected = int(capture.get(cv2.CAP_PROP_FRAME_COUNT) or 0)
        step = max(1, round(fps * plan.every_seconds))
        position, produced = 0, 0
        while produced < plan.max_frames and position / fps <= plan.max_seconds:
            if not capture.grab():
                break
            if position % step == 0:
                ok, image = capture.retrieve()
                if ok and image is not None:
                    yield Frame(produced, position / fps, image)
                    produced += 1
            position += 1
    finally:
        capture.release()
    _check_video_end(path, plan, produced=produced, position=position, expected=expected, step=step)


def _check_video_end(path: Path, plan: SamplingPlan, *, produced: int, position: int, expected: int, step: int) -> None:
    if produced == 0:
        raise SourceError(str(path), "no frame could be decoded (corrupt or truncated video)")
    reached_limit = produced >= plan.max_frames or position > expected - 1
    if expected and not reached_limit and position < expected - step:
        plan.warnings.append(f"{path.name}: video ended after {position} of {expected} frames (truncated?)")


def _check_reachable(uri: str, timeout: float) -> None:
    parsed = urlparse(uri)
    host, port = parsed.hostname, parsed.port or DEFAULT_PORTS.get(parsed.scheme.lower())
    if not host or not port:
        return
    try:
        with socket.create_connection((host, port), timeout=timeout):
            pass
    except OSError as error:
        reason = getattr(error, "strerror", None) or type(error).__name__
        raise SourceError(uri, f"cannot connect to {host}:{port} within {timeout:g} s ({reason})") from None


def _network_frames(uri: str, plan: SamplingPlan) -> Iterator[Frame]:
    _check_reachable(uri, plan.open_timeout_s)
    capture = _open_capture(uri, plan, network=True)
    try:
        fps = _fps(capture, uri, plan)
        step = max(1, round(fps * plan.every_seconds))
        position, produced = 0, 0
        while produced < plan.max_frames and position / fps <= plan.max_seconds:
            ok, image = capture.read()
            if not ok or image is None:
                plan.warnings.append(f"{uri}: stream stopped after {position} frames")
                break
            if position % step == 0:
                yield Frame(produced, position / fps, image)
                produced += 1
            position += 1
    finally:
        capture.release()
    if produced == 0:
        raise SourceError(uri, "stream opened but delivered no frame before the read timeout")
