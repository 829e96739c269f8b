"""What a person detector and the motion cue are shown of a dim, flat or grainy frame (never what is written
out): a flat histogram stretched, and sensor grain smoothed first where the stretch would make it loud.

Decided once per frame (a tile or a crop of a daylight frame is not stretched on its own: that cost a heavily
compressed stream's stills 5 points of count error), and for the motion cue once per scan (SteadyConditioner).
A camera's night mode gives grey, flat, grainy frames: on our labelled photos made so, head cover 0.77 -> 0.87
(from behind 0.10 -> 0.40), count error 36% -> 17%; daylight frames are returned as they are
(benchmarks/robustness_audit.py). A video's tracking look may ask for the grain to be smoothed keeping edges
(keep_edges): walkers shrunk to a 300-px look are silhouettes the grain breaks up (night walkway clip counted
43% off -> 27%), while a photo's near people lose the detail that shows them (two of 17 heads in profile lost).
"""
from __future__ import annotations

import cv2
import numpy as np

FLAT = 150  # grey levels between the 1st and 99th percentile below which a picture is stretched (daylight: 155-252)
LOUD = 9.0  # grain (grey levels, after the stretch) from which a flat picture is smoothed first (daylight: <= 4)
SMOOTH_SIGMA = 1.0
EDGE_RANGE = 5.0  # keep_edges: grey levels closer than this many times the grain are smoothed together
EDGE_SIDE = 5  # keep_edges: neighbourhood (pixels) of the edge-keeping filter
BLANK = 16  # a frame whose levels are closer than this shows nothing (a black start, a fade): no stretch from it
# Immerkaer's noise estimator: this kernel cancels every plane and ramp, so what it leaves is mostly noise.
_NOISE_KERNEL = np.array([[1, -2, 1], [-2, 4, -2], [1, -2, 1]], np.float32)
_MAD_TO_SIGMA = 1 / (0.6745 * 6)  # the kernel's response to N(0, s) has a deviation of 6 s


def grey_of(image: np.ndarray) -> np.ndarray:
    """The picture in grey levels (a grey picture as it is)."""
    return cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 and image.shape[2] == 3 else image


def noise_level(grey: np.ndarray) -> float:
    """Sensor noise in grey levels: the median absolute response of the noise kernel (edges and texture, a
    minority of pixels, move the median little) where it is not zero: a flat area (a second look's grey border,
    clipped black) has no noise to show and would hide it."""
    if min(grey.shape[:2]) < 3:
        return 0.0
    response = cv2.convertScaleAbs(cv2.filter2D(grey, cv2.CV_16S, _NOISE_KERNEL)[1:-1, 1:-1])
    return _percentile(response, 0.5, lowest=1) * _MAD_TO_SIGMA


def spread(grey: np.ndarray) -> tuple[int, int]:
    """The 1st and 99th percentile grey levels."""
    return _percentile(grey, 0.01), _percentile(grey, 0.99)


def _percentile(levels: np.ndarray, share: float, *, lowest: int = 0) -> int:
    """The level below which this share of an 8-bit array's values from `lowest` up lie (a histogram: linear
    time); 0 when there are none."""
    counts = np.cumsum(cv2.calcHist([np.ascontiguousarray(levels)], [0], None, [256], [0, 256]).ravel()[lowest:])
    return lowest + int(np.searchsorted(counts, share * counts[-1])) if counts[-1] else 0


def conditioned(image: np.ndarray, *, keep_edges: bool = False) -> np.ndarray:
    """The picture as a detector should see it: stretched when flat, smoothed first when the stretch would show
    noise of LOUD grey levels or more (keep_edges: by an edge-keeping filter scaled to the grain, else a light
    blur); a daylight picture comes back as it is (the same array)."""
    if image.dtype != np.uint8 or image.size == 0:
        return image
    grey = grey_of(image)
    low, high = spread(grey)
    if high - low >= FLAT:
        return image
    grain = noise_level(grey)
    if not _loud(grain, low, high):
        return _at_levels(image, low, high, smooth=False)
    if keep_edges and (image.ndim == 2 or image.shape[2] in (1, 3)):
        image = cv2.bilateralFilter(image, EDGE_SIDE, EDGE_RANGE * grain, EDGE_SIDE)
        return _at_levels(image, low, high, smooth=False)
    return _at_levels(image, low, high, smooth=True)


def _loud(grain: float, low: int, high: int) -> bool:
    """Whether stretching low-high to the full range would make grain of this level LOUD."""
    return grain * 255 / max(high - low, 1) >= LOUD


def _at_levels(image: np.ndarray, low: int, high: int, *, smooth: bool) -> np.ndarray:
    """The picture as it is when low-high is not flat, else stretched from low-high (smoothed first if asked)."""
    if high - low >= FLAT:
        return image
    out = cv2.GaussianBlur(image, (0, 0), SMOOTH_SIGMA) if smooth else image
    table = np.clip((np.arange(256, dtype=np.float32) - low) * 255 / max(high - low, 1), 0, 255).astype(np.uint8)
    return cv2.LUT(out, table)


class SteadyConditioner:
    """conditioned() for the frames of one fixed camera's scan, with the stretch and smoothing of its first frame
    that shows something.
    Headlights entering a night view move its 99th percentile at once: a stretch redrawn on that frame (or one
    following it slowly, after eight frames) changes every pixel, and background subtraction takes the whole view
    for motion (98% and 32% of a night view; none with the first frame's stretch)."""

    def __init__(self) -> None:
        self.levels: tuple[int, int] | None = None
        self.smooth = False

    def __call__(self, image: np.ndarray) -> np.ndarray:
        """The frame conditioned as the scan's first frame was (later frames are not measured again)."""
        if image.dtype != np.uint8 or image.size == 0:
            return image
        if self.levels is None and not self._decide(grey_of(image)):
            return image
        return _at_levels(image, *self.levels, smooth=self.smooth)

    def _decide(self, grey: np.ndarray) -> bool:
        """Take this frame's stretch for the scan, unless it shows nothing (levels closer than BLANK)."""
        low, high = spread(grey)
        if high - low < BLANK:
            return False
        self.levels, self.smooth = (low, high), high - low < FLAT and _loud(noise_level(grey), low, high)
        return True
