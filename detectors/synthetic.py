"""Synthetic fixed-camera clips for tests and benchmarks: walkers over a still street, with the things a motion
cue must ignore (swaying foliage, a light change, a passing dog). Seeded, so every run draws the same clip."""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

SIZE = (854, 480)


@dataclass(frozen=True)
class Scene:
    """What the clip shows; counts are what a correct scan should find."""

    walkers: int = 6
    seconds: float = 30.0
    fps: int = 10
    foliage: bool = True
    light_change: bool = True
    dog: bool = True
    seed: int = 7
    size: tuple[int, int] = SIZE  # width, height (768x576 is a common fixed-camera format)


def _background(rng: np.random.Generator, size: tuple[int, int]) -> np.ndarray:
    width, height = size
    image = np.zeros((height, width, 3), np.uint8)
    image[:] = (120, 125, 130)
    image[: height // 3] = (200, 180, 150)  # sky / building
    for x in range(0, width, 90):
        cv2.rectangle(image, (x + 10, 30), (x + 60, height // 3 - 10), (90, 80, 70), -1)  # windows
    noise = rng.normal(0, 6, image.shape)
    return np.clip(image + noise, 0, 255).astype(np.uint8)


def _walker(frame: np.ndarray, x: float, y: float, height: float, phase: float, colour: tuple) -> None:
    """A person-shaped figure: head, torso, swinging legs; (x, y) is the feet position."""
    head = height / 7
    top = y - height
    cv2.circle(frame, (int(x), int(top + head / 2)), max(2, int(head / 2)), (60, 80, 110), -1)
    cv2.rectangle(frame, (int(x - height / 8), int(top + head)), (int(x + height / 8), int(top + height * 0.55)),
                  colour, -1)
    swing = np.sin(phase) * height / 10
    for sign in (-1, 1):
        cv2.line(frame, (int(x), int(top + height * 0.55)), (int(x + sign * swing), int(y)), (40, 40, 60),
                 max(2, int(height / 14)))


def _foliage(frame: np.ndarray, t: float) -> None:
    for i, cx in enumerate((90, 760)):
        sway = int(10 * np.sin(2 * np.pi * 0.7 * t + i))
        cv2.rectangle(frame, (cx - 6, 250), (cx + 6, 420), (30, 50, 70), -1)
        cv2.ellipse(frame, (cx + sway, 220), (70, 60), 0, 0, 360, (40, 120, 50), -1)
        cv2.ellipse(frame, (cx - sway // 2, 190), (45, 40), 0, 0, 360, (50, 140, 60), -1)


def _walkers(scene: Scene) -> list[tuple]:
    """Each walker's start time, direction, feet line, height and colour (the scene's seeded draw)."""
    rng = np.random.default_rng(scene.seed)
    _background(rng, scene.size)  # the background's noise comes first in the seeded sequence
    scale = scene.size[1] / SIZE[1]
    return [(rng.uniform(0, scene.seconds * 0.8), rng.choice([-1, 1]), rng.uniform(330, 460) * scale,
             rng.uniform(60, 150) * scale, tuple(int(c) for c in rng.integers(40, 230, 3)))
            for _ in range(scene.walkers)]


def _walker_x(scene: Scene, walker: tuple, t: float) -> float | None:
    """Where a walker's feet are at time t, or None before it enters and after it left."""
    start, direction, _feet, height, _colour = walker
    width = scene.size[0]
    progress = (t - start) * 60 / width * (height / 100)  # ~60 px/s for a 100-px person
    if not 0 <= progress <= 1.1:
        return None
    return progress * width if direction > 0 else width * (1 - progress)


def people_in_view(scene: Scene, t: float) -> int:
    """The true number of walkers at least half inside the frame at time t (the count a scan should find)."""
    width = scene.size[0]
    inside = 0
    for walker in _walkers(scene):
        x = _walker_x(scene, walker, t)
        if x is not None and 0 <= x <= width:
            inside += 1
    return inside


def people_passing(scene: Scene, until: float) -> int:
    """The true number of distinct walkers seen in the frame between 0 and `until` seconds."""
    times = np.arange(0, until, 0.1)
    return sum(any(_walker_x(scene, w, t) is not None and 0 <= _walker_x(scene, w, t) <= scene.size[0] for t in times)
               for w in _walkers(scene))


def render(scene: Scene, target: Path) -> Path:
    """Write the clip as MP4 (OpenCV's encoder) and return its path."""
    background = _background(np.random.default_rng(scene.seed), scene.size)
    width = scene.size[0]
    frames = int(scene.seconds * scene.fps)
    walkers = _walkers(scene)
    writer = cv2.VideoWriter(str(target), cv2.VideoWriter_fourcc(*"mp4v"), scene.fps, scene.size)
    for i in range(frames):
        t = i / scene.fps
        frame = background.copy()
        if scene.foliage:
            _foliage(frame, t)
        for walker in walkers:
            if (x := _walker_x(scene, walker, t)) is not None:
                _walker(frame, x, walker[2], walker[3], t * 6, walker[4])
        if scene.dog and scene.seconds * 0.3 <= t <= scene.seconds * 0.3 + 6:
            x = (t - scene.seconds * 0.3) / 6 * width
            cv2.ellipse(frame, (int(x), 440), (34, 14), 0, 0, 360, (50, 70, 100), -1)  # a dog: wide, low
            cv2.circle(frame, (int(x + 34), 430), 10, (50, 70, 100), -1)
        if scene.light_change and scene.seconds * 0.6 <= t:
            frame = cv2.convertScaleAbs(frame, alpha=0.7, beta=0)  # a cloud: the whole view darkens at once
        writer.write(frame)
    writer.release()
    return target


def night_ir(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A camera's night mode: grey, contrast squeezed into 40-180, sensor grain of 6 grey levels."""
    grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY).astype(np.float32)
    grey = 40 + 0.55 * grey + rng.normal(0, 6, grey.shape)
    return cv2.cvtColor(np.clip(grey, 0, 255).astype(np.uint8), cv2.COLOR_GRAY2BGR)


def dusk(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Colour at dusk: shadows crushed (gamma 1.8), 60% of the light, grain of 4 grey levels."""
    dim = (image.astype(np.float32) / 255) ** 1.8 * 255 * 0.6 + rng.normal(0, 4, image.shape)
    return np.clip(dim, 0, 255).astype(np.uint8)


def starved_jpeg(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A stream starved of bandwidth: JPEG quality 12 (blocks, smeared edges)."""
    return cv2.imdecode(cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 12])[1], cv2.IMREAD_COLOR)


def soft_focus(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A lens out of focus or fogged: Gaussian blur of 1.3 px."""
    return cv2.GaussianBlur(image, (0, 0), 1.3)


#: Camera conditions a held-out set may show that daylight photos do not (benchmarks/robustness_audit.py).
CONDITIONS = {"night_ir": night_ir, "dusk": dusk, "starved_jpeg": starved_jpeg, "soft_focus": soft_focus}


def resized(factor: float) -> Callable[[np.ndarray, np.random.Generator], np.ndarray]:
    """The same view framed by a camera of another resolution: `factor` times the pixels a side (cubic when
    enlarging, area when shrinking), rounded up so a box labelled on the original, times factor, stays inside."""
    def make(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        height, width = image.shape[:2]
        size = (max(1, math.ceil(width * factor)), max(1, math.ceil(height * factor)))
        return cv2.resize(image, size, interpolation=cv2.INTER_CUBIC if factor > 1 else cv2.INTER_AREA)
    return make


#: Other resolutions of the same views (a 1080p-class camera, a camera's sub-stream): pixels a side, times.
RESOLUTIONS = {"hd_2.5x": 2.5, "substream_half": 0.5}


def far_away(size: tuple[int, int] = (1920, 1080), *, scale: float = 1.0,
             at: tuple[int, int] | None = None) -> Callable[[np.ndarray, np.random.Generator], np.ndarray]:
    """The same people seen by an HD camera further away: the view (times `scale` a side) in a picture of `size`
    (width, height) at (top, left) or centred, on a plain ground, all of it with sensor noise of 2 grey levels."""
    def make(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        if scale != 1.0:
            image = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
        (height, width), (w, h) = image.shape[:2], size
        top, left = at or ((h - height) // 2, (w - width) // 2)
        canvas = cv2.copyMakeBorder(image, top, h - height - top, left, w - width - left, cv2.BORDER_CONSTANT,
                                    value=(110, 120, 115))
        return np.clip(canvas.astype(np.int16) + rng.normal(0, 2, canvas.shape).astype(np.int16), 0, 255).astype(
            np.uint8)
    return make


def made_over_clip(source: Path, target: Path, make: Callable[[np.ndarray, np.random.Generator], np.ndarray], *,
                   seed: int = 7, start: int = 0, end: int | None = None) -> Path:
    """Frames `start` to `end` (exclusive; all by default) of a clip made over by `make` (seeded), written to target;
    an odd side gets a copied last row or column (the encoder needs even sides; no pixel moves)."""
    capture, rng, writer, index = cv2.VideoCapture(str(source)), np.random.default_rng(seed), None, 0
    while (end is None or index < end) and (read := capture.read())[0]:
        if index >= start:
            made = make(read[1], rng)
            made = cv2.copyMakeBorder(made, 0, made.shape[0] % 2, 0, made.shape[1] % 2, cv2.BORDER_REPLICATE)
            if writer is None:
                writer = cv2.VideoWriter(str(target), cv2.VideoWriter_fourcc(*"mp4v"),
                                         capture.get(cv2.CAP_PROP_FPS), made.shape[1::-1])
            writer.write(made)
        index += 1
    capture.release()
    if writer is not None:
        writer.release()
    return target
