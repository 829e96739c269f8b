"""Motion cue for fixed cameras: background subtraction over the sampled frames finds moving, person-shaped blobs.

What it can see: people walking through a fixed camera's view, even too small or blurred for a detector, as
blobs that are taller than wide, of a plausible size, and that travel across the frame for several samples.
What it cannot see: anyone on a moving or shaking camera (the cue switches itself off when the whole view
shifts), people standing still (they fade into the background), people merged into one blob in a dense crowd
(counted once), and people in the first sampled frames (the background is still being learnt).
What it ignores: swaying foliage and rippling water (they do not travel), light changes (most of the frame
changes at once), and pets (wider than tall, or too small).
A dim, flat night view is stretched first, as the scan's first frame was (detectors/conditioning.py): MOG2's floor
of variance would otherwise hide a walker a few grey levels brighter than the ground.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from detectors.boxes import Box, iou
from detectors.conditioning import SteadyConditioner

WORK_WIDTH = 320
# The thresholds below were set on 320-px copies of 768-854-px frames. A frame wider than HD_WIDTH is worked on at
# the walkway's scale (5/12 of its width), up to 800 px, so a walker makes the same blob at 1080p as at 768x576 (at
# a third of the width a 40-px walker made 13 px and often none: the HD walkway harness counted 29% off, 24% at
# 5/12). Not below: at 356 px foliage on the drawn 854-px empty street made a person.
HD_WIDTH = 960
WORK_SHARE = 5 / 12
MAX_WORK_WIDTH = 800
TRACK_ID_BASE = 1_000_000  # motion ids never collide with detector track ids


@dataclass(frozen=True)
class MotionSettings:
    """Thresholds of the cue, in pixels of the 320-px-wide working copy unless a share."""

    history: int = 30  # frames of background memory (30 samples at 0.5 s: 15 s)
    min_height: float = 9.0
    min_area: float = 30.0
    max_area_share: float = 0.25
    min_aspect: float = 1.15  # height / width: people upright are taller than wide
    max_aspect: float = 5.0
    min_frames: int = 3
    min_travel: float = 0.6  # net displacement over the blob's life, in blob heights
    camera_shift_px: float = 1.5
    flood_share: float = 0.35  # more of the frame changing at once is light or camera, not people


@dataclass
class _Blob:
    ident: int
    boxes: list[Box] = field(default_factory=list)
    missed: int = 0

    def person_like(self, s: MotionSettings) -> bool:
        if len(self.boxes) < s.min_frames:
            return False
        shaped = sum(s.min_aspect <= b.height / max(b.width, 1) <= s.max_aspect for b in self.boxes)
        first, last = self.boxes[0], self.boxes[-1]
        travel = np.hypot((last.x1 + last.x2 - first.x1 - first.x2) / 2, (last.y1 + last.y2 - first.y1 - first.y2) / 2)
        mean_height = float(np.mean([b.height for b in self.boxes]))
        heights = [b.height for b in self.boxes]
        steady = max(heights) <= 2.5 * max(min(heights), 1)
        return shaped >= 0.6 * len(self.boxes) and travel >= s.min_travel * mean_height and steady


@dataclass
class MotionResult:
    """What moved in one frame: regions to look at, person-shaped blobs to count, and whether the camera moved."""

    camera_moving: bool
    regions: list[Box]
    people: list[Box]
    changed_share: float


class MotionCue:
    """Background subtraction (OpenCV MOG2) with a small blob tracker, over the sampled frames of one scan."""

    def __init__(self, settings: MotionSettings | None = None) -> None:
        self.settings = settings or MotionSettings()
        self.reset()

    def reset(self) -> None:
        """Forget the learnt background and every blob."""
        self.subtractor = cv2.createBackgroundSubtractorMOG2(history=self.settings.history, varThreshold=32,
                                                             detectShadows=True)
        self.condition = SteadyConditioner()
        self.previous: np.ndarray | None = None
        self.window: np.ndarray | None = None
        self.blobs: list[_Blob] = []
        self.next_id = 1
        self.frames = 0

    def _camera_moved(self, gray: np.ndarray) -> bool:
        previous, self.previous = self.previous, gray
        if previous is None or previous.shape != gray.shape:
            return False
        if self.window is None or self.window.shape != gray.shape:
            self.window = cv2.createHanningWindow(gray.shape[::-1], cv2.CV_32F)
        (dx, dy), response = cv2.phaseCorrelate(previous, gray, self.window)
        return response > 0.05 and np.hypot(dx, dy) > self.settings.camera_shift_px

    def update(self, image: np.ndarray) -> MotionResult:
        """Feed the next sampled frame."""
        width = work_width(image.shape[1])
        scale = width / image.shape[1]
        small = self.condition(cv2.resize(image, (width, max(1, round(image.shape[0] * scale))),
                                          interpolation=cv2.INTER_AREA))
        gray = np.float32(cv2.cvtColor(small, cv2.COLOR_BGR2GRAY))
        moving = self._camera_moved(gray)
        mask = self.subtractor.apply(cv2.GaussianBlur(small, (5, 5), 0), learningRate=1.0 if moving else -1)
        self.frames += 1
        changed = float(np.mean(mask == 255))
        if moving or changed > self.settings.flood_share or self.frames < 2:
            self.blobs = []  # the background is being relearnt: blobs would be the camera, not people
            return MotionResult(moving, [], [], changed)
        boxes = self._blob_boxes(mask)
        people = self._follow(boxes)
        back = 1 / scale
        return MotionResult(False, [_scaled(b, back) for b in boxes], [_scaled(b, back) for b in people], changed)

    def _blob_boxes(self, mask: np.ndarray) -> list[Box]:
        fg = np.uint8(mask == 255) * 255
        fg = cv2.morphologyEx(fg, cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
        fg = cv2.morphologyEx(fg, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (5, 9)))
        contours, _ = cv2.findContours(fg, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        limit = self.settings.max_area_share * mask.size
        out = []
        for contour in contours:
            x, y, w, h = cv2.boundingRect(contour)
            if h >= self.settings.min_height and self.settings.min_area <= cv2.contourArea(contour) and w * h <= limit:
                out.append(Box(float(x), float(y), float(x + w), float(y + h)))
        return out

    def _follow(self, boxes: list[Box]) -> list[Box]:
        """Match blobs to the last frame's (overlap, or a short step); return the person-like ones with ids."""
        unmatched = list(boxes)
        for blob in self.blobs:
            last = blob.boxes[-1]
            best = max(unmatched, key=lambda b: _closeness(last, b), default=None)
            if best is not None and _closeness(last, best) > 0:
                blob.boxes.append(best)
                blob.missed = 0
                unmatched.remove(best)
            else:
                blob.missed += 1
        self.blobs = [b for b in self.blobs if b.missed <= 2]
        for box in unmatched:
            self.blobs.append(_Blob(self.next_id, [box]))
            self.next_id += 1
        return [Box(b.boxes[-1].x1, b.boxes[-1].y1, b.boxes[-1].x2, b.boxes[-1].y2, conf=0.5,
                    track_id=TRACK_ID_BASE + b.ident)
                for b in self.blobs if b.missed == 0 and b.person_like(self.settings)]


def work_width(width: int) -> int:
    """The width of the copy the cue works on for frames this wide."""
    if width <= HD_WIDTH:
        return min(width, WORK_WIDTH)
    return max(WORK_WIDTH, min(MAX_WORK_WIDTH, round(width * WORK_SHARE)))


def _closeness(a: Box, b: Box) -> float:
    """Positive when b can be the same blob as a one sample later: overlapping, or within two heights."""
    if iou(a, b) > 0.05:
        return 1.0 + iou(a, b)
    step = np.hypot((a.x1 + a.x2 - b.x1 - b.x2) / 2, (a.y1 + a.y2 - b.y1 - b.y2) / 2)
    size_ok = 0.5 <= b.height / max(a.height, 1) <= 2.0
    return 1.0 - step / (2 * max(a.height, 1)) if size_ok and step < 2 * max(a.height, 1) else 0.0


def _scaled(box: Box, factor: float) -> Box:
    return Box(box.x1 * factor, box.y1 * factor, box.x2 * factor, box.y2 * factor, conf=box.conf,
               track_id=box.track_id)
