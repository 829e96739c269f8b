"""The detectors a scan, an anonymisation or a sticker photo uses, built once per process from the settings."""
from __future__ import annotations

from dashboard.config import Settings
from dashboard.errors import ScanFailed
from detectors.errors import DetectorError
from detectors.faces import FaceDetector, load_face_detector
from detectors.persons import DetectorChoice, DetectorSettings, choose_person_detector


def person_detector(settings: Settings) -> DetectorChoice:
    """The person detector the settings choose (built once per process); scans, CLI, pages and benchmarks use it."""
    try:
        return choose_person_detector(DetectorSettings(
            backend=settings.person_detector, yolo_weights=settings.yolo_weights, yolo_imgsz=settings.yolo_imgsz,
            cache_dir=settings.models_dir))
    except DetectorError as error:
        raise ScanFailed(str(error)) from None


def face_detector(settings: Settings) -> FaceDetector:
    """CenterFace at the configured threshold."""
    try:
        return load_face_detector(settings.face_threshold)
    except DetectorError as error:
        raise ScanFailed(str(error)) from None
