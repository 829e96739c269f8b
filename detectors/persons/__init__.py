"""Person-detector registry: one module per backend, chosen by CONSOLE_PERSON_DETECTOR.

`auto` uses YOLO where its weights load and falls back to the offline SSDLite detector, then to the motion
cue alone; the choice and the reason for it travel with every scan.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from detectors.errors import ModelUnavailable
from detectors.persons.base import PersonDetector

SETTING = "CONSOLE_PERSON_DETECTOR"
BACKENDS = ("auto", "yolo", "ssdlite", "motion")
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DetectorSettings:
    """Everything a backend is built from; frozen, so a built detector is never reconfigured in place."""

    backend: str = "auto"
    yolo_weights: str = "yolo11n.pt"
    yolo_imgsz: int = 640
    cache_dir: Path = Path("var") / "models"

    def __post_init__(self) -> None:
        if self.backend not in BACKENDS:
            raise ModelUnavailable(f"{SETTING}={self.backend!r} is not a person detector; "
                                   f"choose one of {', '.join(BACKENDS)}")


@dataclass(frozen=True)
class DetectorChoice:
    """The detector a scan uses, its label (`ssdlite (offline: ...)`) and why the preferred one did not run."""

    detector: PersonDetector
    label: str
    fallback_reason: str | None = None


def _build(backend: str, settings: DetectorSettings) -> PersonDetector:
    if backend == "yolo":
        from detectors.persons.yolo import load_yolo

        return load_yolo(settings.yolo_weights, imgsz=settings.yolo_imgsz)
    if backend == "ssdlite":
        from detectors.persons.ssdlite import load_ssdlite

        return load_ssdlite(cache_dir=settings.cache_dir)
    from detectors.persons.motion_only import MotionOnlyDetector

    return MotionOnlyDetector()


@lru_cache(maxsize=8)
def choose_person_detector(settings: DetectorSettings) -> DetectorChoice:
    """Build the configured backend once per process; `auto` falls back yolo -> ssdlite -> motion."""
    order = ["yolo", "ssdlite", "motion"] if settings.backend == "auto" else [settings.backend]
    reasons: list[str] = []
    for backend in order:
        try:
            detector = _build(backend, settings)
        except ModelUnavailable as error:
            if settings.backend != "auto":
                raise ModelUnavailable(f"{SETTING}={backend}: {error}") from None
            reasons.append(f"{backend}: {error}")
            continue
        reason = "; ".join(reasons) or None
        if reason:
            _log.warning("Person detector %s in use (%s)", backend, reason)
        label = detector.describe() + (f" (offline: {reason})" if reason else "")
        return DetectorChoice(detector, label, reason)
    raise ModelUnavailable("no person detector could be built: " + "; ".join(reasons))  # motion cannot fail
