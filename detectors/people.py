"""People: Ultralytics YOLO 'person' detections with Ultralytics' own tracker, one model per process."""
from __future__ import annotations

import contextlib
import io
import logging
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from detectors.errors import ModelUnavailable

WEIGHTS_SETTING = "CONSOLE_YOLO_WEIGHTS"


@dataclass(frozen=True)
class Box:
    """An axis-aligned box in pixels with a confidence and, for tracked people, a track id."""

    x1: float
    y1: float
    x2: float
    y2: float
    conf: float = 1.0
    track_id: int | None = None

    @property
    def width(self) -> float:
        """Box width in pixels."""
        return self.x2 - self.x1

    @property
    def height(self) -> float:
        """Box height in pixels."""
        return self.y2 - self.y1


class PersonDetector:
    """YOLO person detection plus tracking; one scan at a time per detector (the tracker is stateful)."""

    def __init__(self, model: object, *, weights: str, conf: float = 0.3, imgsz: int = 640,
                 tracker: str = "bytetrack.yaml") -> None:
        self.model, self.weights, self.conf, self.imgsz, self.tracker = model, weights, conf, imgsz, tracker
        names = getattr(model, "names", {}) or {}
        self.person_class = next((i for i, n in names.items() if str(n).lower() == "person"), 0)
        self.lock = threading.Lock()

    def reset(self) -> None:
        """Forget tracks from an earlier source (call at the start of each scan)."""
        predictor = getattr(self.model, "predictor", None)
        for tracker in getattr(predictor, "trackers", None) or []:
            tracker.reset()

    def track(self, image: np.ndarray) -> list[Box]:
        """People in one frame, with track ids that persist across frames of the same scan."""
        results = self.model.track(image, persist=True, classes=[self.person_class], conf=self.conf,
                                   imgsz=self.imgsz, tracker=self.tracker, verbose=False)
        return _boxes(results[0])

    def detect(self, image: np.ndarray) -> list[Box]:
        """People in one frame without tracking (used for single images)."""
        results = self.model.predict(image, classes=[self.person_class], conf=self.conf, imgsz=self.imgsz,
                                     verbose=False)
        return _boxes(results[0])


def _boxes(result: object) -> list[Box]:
    boxes = result.boxes
    if boxes is None or len(boxes) == 0:
        return []
    xyxy = boxes.xyxy.cpu().numpy()
    conf = boxes.conf.cpu().numpy()
    ids = boxes.id.cpu().numpy().astype(int) if boxes.id is not None else [None] * len(xyxy)
    return [Box(*map(float, xyxy[i]), conf=float(conf[i]), track_id=None if ids[i] is None else int(ids[i]))
            for i in range(len(xyxy))]


@lru_cache(maxsize=4)
def load_person_detector(weights: str) -> PersonDetector:
    """Load YOLO weights once per process: a local .pt/.onnx path, or an official name to download."""
    looks_like_path = "/" in weights or weights.startswith(".")
    if looks_like_path and not Path(weights).exists():
        raise ModelUnavailable(f"YOLO weights file {weights!r} does not exist (set {WEIGHTS_SETTING}).")
    try:
        from ultralytics import YOLO

        with contextlib.redirect_stdout(io.StringIO()):
            model = YOLO(weights, task="detect")
    except Exception as error:  # Ultralytics raises many kinds (download, unpickling, format)
        raise ModelUnavailable(
            f"YOLO weights {weights!r} could not be loaded ({type(error).__name__}: {str(error)[:200]}); "
            f"set {WEIGHTS_SETTING} to a local .pt or .onnx file."
        ) from None
    return PersonDetector(model, weights=weights)


_log = logging.getLogger(__name__)


@lru_cache(maxsize=4)
def try_load_person_detector(weights: str) -> tuple[PersonDetector | None, str | None]:
    """The detector, or None and the reason; a failure is logged once per process, not per scan."""
    try:
        return load_person_detector(weights), None
    except ModelUnavailable as error:
        _log.warning("Person detector unavailable, scanning in degraded mode (faces only): %s", error)
        return None, str(error)
