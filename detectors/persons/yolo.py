"""YOLO backend: Ultralytics 'person' detections with Ultralytics' own tracker."""
from __future__ import annotations

import contextlib
import io
from pathlib import Path

import numpy as np

from detectors.boxes import Box
from detectors.conditioning import conditioned
from detectors.errors import ModelUnavailable
from detectors.persons.base import PersonDetector, keep_opencv_threads
from detectors.persons.plugins import Plugin

WEIGHTS_SETTING = "CONSOLE_YOLO_WEIGHTS"
PEOPLE_CLASS_NAMES = {"person", "pedestrian", "people", "human", "normal", "fall", "fallen", "standing", "sitting"}


class YoloDetector(PersonDetector):
    """YOLO person detection at a fixed inference size, tracked with ByteTrack."""

    name = "yolo"

    def __init__(self, model: object, *, weights: str, conf: float = 0.3, imgsz: int = 640,
                 tracker: str = "bytetrack.yaml") -> None:
        super().__init__()
        self.model, self.weights, self.conf, self.imgsz, self.tracker = model, weights, conf, imgsz, tracker
        names = getattr(model, "names", {}) or {}
        # COCO weights: 'person'. Weights trained on people only name their classes otherwise (a fall detector's
        # 'Normal' and 'Fall' are both people): every class named as a person or a posture of one.
        self.person_classes = [i for i, n in names.items() if str(n).lower() in PEOPLE_CLASS_NAMES] or [0]

    def reset(self) -> None:
        """Forget tracks from an earlier source."""
        predictor = getattr(self.model, "predictor", None)
        for tracker in getattr(predictor, "trackers", None) or []:
            tracker.reset()

    def track(self, image: np.ndarray, regions: list[Box] | None = None, *, camera_moving: bool = False) -> list[Box]:
        """People with track ids; YOLO at 640 sees small people itself, so regions are not needed. A grainy night
        frame is smoothed keeping edges (night walkway clip, fall-detection weights: 44-50% -> 25-27%)."""
        results = self.model.track(conditioned(image, keep_edges=True), persist=True, classes=self.person_classes,
                                   conf=self.conf, imgsz=self.imgsz, tracker=self.tracker, verbose=False)
        return _boxes(results[0])

    def detect(self, image: np.ndarray, regions: list[Box] | None = None) -> list[Box]:
        """People in one frame without tracking (single images)."""
        return self._predict(conditioned(image), self.imgsz)

    def look_once(self, image: np.ndarray) -> list[Box]:
        """People in a crop of a conditioned frame (a second look) at an input size fitted to it: enlarging a
        200-px crop to 640 shows the network no more detail and costs about four times as much (a walkway frame's
        second looks: 1.2-1.9 s)."""
        return self._predict(image, crop_size(image.shape, self.imgsz))

    def _predict(self, image: np.ndarray, imgsz: int) -> list[Box]:
        results = self.model.predict(image, classes=self.person_classes, conf=self.conf, imgsz=imgsz, verbose=False)
        return _boxes(results[0])

    def describe(self) -> str:
        """Backend, weights and inference size."""
        return f"yolo ({Path(self.weights).name}, imgsz {self.imgsz})"


LOOK_FLOOR = 320  # a crop's look is enlarged to at least this (a 40-px walker's crop shown at 320 is found)


def crop_size(shape: tuple[int, ...], largest: int) -> int:
    """The inference size for a crop: its longer side rounded up to the network's stride of 32, at least
    LOOK_FLOOR and at most the configured size."""
    longer = max(shape[:2])
    return min(largest, max(LOOK_FLOOR, -(-longer // 32) * 32))


def _boxes(result: object) -> list[Box]:
    boxes = result.boxes
    if boxes is None or len(boxes) == 0:
        return []
    xyxy = boxes.xyxy.cpu().numpy()
    conf = boxes.conf.cpu().numpy()
    ids = boxes.id.cpu().numpy().astype(int) if boxes.id is not None else [None] * len(xyxy)
    return [Box(*map(float, xyxy[i]), conf=float(conf[i]), track_id=None if ids[i] is None else int(ids[i]))
            for i in range(len(xyxy))]


def load_yolo(weights: str, *, imgsz: int = 640) -> YoloDetector:
    """YOLO weights from a local .pt/.onnx path, or an official name Ultralytics downloads where a network exists."""
    looks_like_path = "/" in weights or weights.startswith(".")
    if looks_like_path and not Path(weights).exists():
        raise ModelUnavailable(f"YOLO weights file {weights!r} does not exist (set {WEIGHTS_SETTING}).")
    try:
        with keep_opencv_threads():
            from ultralytics import YOLO
        with contextlib.redirect_stdout(io.StringIO()):
            model = YOLO(weights, task="detect")
    except Exception as error:  # Ultralytics raises many kinds (download, unpickling, format)
        raise ModelUnavailable(
            f"YOLO weights {weights!r} could not be loaded ({type(error).__name__}: {str(error)[:200]}); "
            f"set {WEIGHTS_SETTING} to a local .pt or .onnx file."
        ) from None
    return YoloDetector(model, weights=weights, imgsz=imgsz)


PLUGIN = Plugin("yolo", lambda settings: load_yolo(settings.yolo_weights, imgsz=settings.yolo_imgsz), auto_rank=1)
