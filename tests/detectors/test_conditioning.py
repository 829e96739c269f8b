"""What the person detector is shown: daylight untouched, flat pictures stretched, grain smoothed where stretched."""
from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from detectors.conditioning import FLAT, conditioned, grey_of, noise_level, spread
from detectors.synthetic import night_ir

HEADS = Path(__file__).resolve().parents[2] / "data" / "heads"


def _ramp(low: int = 0, high: int = 255, shape: tuple[int, int] = (240, 320)) -> np.ndarray:
    """A smooth grey ramp: no noise of its own, every level from low to high."""
    row = np.linspace(low, high, shape[1], dtype=np.float32)
    return np.repeat(row[None, :], shape[0], axis=0)


def _grey(values: np.ndarray) -> np.ndarray:
    return np.clip(values, 0, 255).astype(np.uint8)


@pytest.mark.parametrize("sigma", [2.0, 6.0, 10.0])
def test_noise_level_reads_the_grain_of_a_picture(sigma):
    noisy = _grey(_ramp(40, 200) + np.random.default_rng(3).normal(0, sigma, (240, 320)))
    assert noise_level(noisy) == pytest.approx(sigma, rel=0.2)


def test_a_clean_ramp_has_no_noise_and_a_flat_border_does_not_hide_it():
    assert noise_level(_grey(_ramp())) < 0.5
    noisy = _grey(_ramp(60, 190) + np.random.default_rng(4).normal(0, 6, (240, 320)))
    bordered = cv2.copyMakeBorder(noisy, 120, 120, 160, 160, cv2.BORDER_CONSTANT, value=127)  # a second look
    assert noise_level(bordered) == pytest.approx(6, rel=0.2)


def test_a_daylight_picture_is_shown_as_it_is():
    daylight = cv2.cvtColor(_grey(_ramp() + np.random.default_rng(5).normal(0, 1.5, (240, 320))),
                            cv2.COLOR_GRAY2BGR)
    assert conditioned(daylight) is daylight


def test_a_flat_picture_is_stretched_and_a_grainy_flat_one_smoothed_first(monkeypatch):
    flat = cv2.cvtColor(_grey(_ramp(90, 170)), cv2.COLOR_GRAY2BGR)
    low, high = spread(grey_of(conditioned(flat)))
    assert high - low >= FLAT and (low, high) != spread(grey_of(flat))
    grainy = cv2.cvtColor(_grey(_ramp(90, 170) + np.random.default_rng(6).normal(0, 6, (240, 320))),
                          cv2.COLOR_GRAY2BGR)
    smoothed = noise_level(grey_of(conditioned(grainy)))
    monkeypatch.setattr("detectors.conditioning.LOUD", float("inf"))
    assert smoothed < 0.6 * noise_level(grey_of(conditioned(grainy)))


def _rise(row: np.ndarray) -> int:
    """Pixels a step takes to climb from a quarter to three quarters of its height."""
    low, high = row.min(), row.max()
    return int(np.argmax(row >= low + 0.75 * (high - low)) - np.argmax(row > low + 0.25 * (high - low)))


def test_a_tracking_look_smooths_the_grain_and_keeps_edges_sharp(monkeypatch):
    """keep_edges (a video's tracking look): the grain of a night frame smoothed as much, a step left sharp (the
    outline of a walker shrunk to the 300-px look), where the light blur photos keep spreads it over 2 px."""
    base = np.full((240, 320), 90, np.float32)
    base[:, 160:] = 150
    night = cv2.cvtColor(_grey(base + np.random.default_rng(10).normal(0, 6, base.shape)), cv2.COLOR_GRAY2BGR)
    kept = grey_of(conditioned(night, keep_edges=True)).astype(np.float32)
    blurred = grey_of(conditioned(night)).astype(np.float32)
    monkeypatch.setattr("detectors.conditioning.LOUD", float("inf"))
    grainy = grey_of(conditioned(night, keep_edges=True)).astype(np.float32)
    assert kept[:, 20:140].std() < 0.6 * grainy[:, 20:140].std()
    assert _rise(kept.mean(axis=0)) <= 1 < _rise(blurred.mean(axis=0))


@pytest.mark.parametrize("picture", [
    np.zeros((0, 0, 3), np.uint8), np.full((1, 1, 3), 7, np.uint8), np.full((2, 5), 200, np.uint8),
    np.full((40, 30, 3), 128, np.uint8), np.zeros((20, 20, 3), np.uint16), np.full((30, 30, 4), 90, np.uint8),
], ids=["empty", "1x1", "2x5 grey", "one level", "16-bit", "alpha"])
@pytest.mark.parametrize("keep_edges", [False, True])
def test_odd_pictures_come_back_without_error(picture, keep_edges):
    out = conditioned(picture, keep_edges=keep_edges)
    assert out.shape == picture.shape and out.dtype == picture.dtype


def test_ssdlite_finds_people_in_a_night_picture_only_when_it_is_conditioned(ssdlite, monkeypatch):
    """A real street show (22 people in daylight) as a night camera shows it: 4 found as it is, 13 conditioned."""
    street = cv2.imread(str(HEADS / "davis_breakdance_000.jpg"))
    night = night_ir(street, np.random.default_rng(7))
    conditioned_count = len(ssdlite.detect_thorough(night))
    monkeypatch.setattr("detectors.persons.ssdlite.conditioned", lambda image, **_: image)
    as_it_is = len(ssdlite.detect_thorough(night))
    assert conditioned_count >= 2 * max(as_it_is, 3)


class _RecordingNet:
    """Stands in for the SSD network (what it is shown is under test): keeps every input, finds nobody."""

    def __init__(self) -> None:
        self.blobs: list[np.ndarray] = []

    def setInput(self, blob) -> None:  # noqa: N802 (OpenCV's name)
        self.blobs.append(blob)

    def forward(self) -> np.ndarray:
        return np.zeros((1, 1, 0, 7), np.float32)


def _shown(frame: np.ndarray) -> list[np.ndarray]:
    from detectors.persons.ssdlite import INPUT, SSDLiteDetector

    net = _RecordingNet()
    SSDLiteDetector(net).detect(frame)
    assert len(net.blobs) > 1  # the whole frame and its tiles
    return [blob[0, :, INPUT // 2, :] for blob in net.blobs]  # one row of each input, enough to compare


def test_a_daylight_frame_with_a_flat_part_is_shown_as_it_is_tile_by_tile():
    """The decision is the frame's: a flat wall filling a tile of a daylight frame is not stretched on its own."""
    rng = np.random.default_rng(8)
    street = _grey(_ramp(shape=(480, 500)) + rng.normal(0, 1, (480, 500)))
    wall = 120 + rng.integers(0, 6, (480, 354), dtype=np.uint8)  # flat: a tile over it alone would be stretched
    frame = cv2.cvtColor(np.hstack([street, wall]), cv2.COLOR_GRAY2BGR)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("detectors.persons.ssdlite.conditioned", lambda image, **_: image)
        as_it_is = _shown(frame)
    assert all(np.array_equal(a, b) for a, b in zip(_shown(frame), as_it_is, strict=True))
    night = night_ir(frame, rng)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("detectors.persons.ssdlite.conditioned", lambda image, **_: image)
        night_as_it_is = _shown(night)
    assert not np.array_equal(_shown(night)[0], night_as_it_is[0])


def test_a_scan_keeps_the_stretch_of_its_first_frame_that_shows_something():
    from detectors.conditioning import SteadyConditioner

    rng = np.random.default_rng(9)
    night = cv2.cvtColor(_grey(_ramp(60, 130) + rng.normal(0, 1, (240, 320))), cv2.COLOR_GRAY2BGR)
    lit = night.copy()
    cv2.circle(lit, (280, 120), 40, (250, 250, 250), -1)  # headlights: the 99th percentile jumps
    steady = SteadyConditioner()
    black = np.zeros_like(night)
    assert steady(black) is black  # a black start decides nothing
    first = steady(night)
    assert spread(grey_of(first))[1] - spread(grey_of(first))[0] >= FLAT
    assert np.array_equal(steady(lit)[:, :200], first[:, :200])  # the rest of the view is shown as before
    assert not np.array_equal(conditioned(lit)[:, :200], first[:, :200])  # redrawn, it would change
