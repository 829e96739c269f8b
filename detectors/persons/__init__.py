"""Person detectors: one plugin module per backend (see plugins.py), chosen by CONSOLE_PERSON_DETECTOR.

`auto` uses YOLO where its weights load and falls back to the offline SSDLite detector, then to the motion
cue alone; the choice and the reason for it travel with every scan.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache

from detectors.errors import ModelUnavailable
from detectors.persons.base import PersonDetector
from detectors.persons.plugins import AUTO, SETTING, DetectorSettings, Plugin, backend_names, plugins

__all__ = ["AUTO", "SETTING", "DetectorChoice", "DetectorSettings", "Plugin", "backend_names",
           "choose_person_detector", "plugins"]

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DetectorChoice:
    """The detector a scan uses, its label (`ssdlite (offline: ...)`) and why the preferred one did not run."""

    detector: PersonDetector
    label: str
    fallback_reason: str | None = None


@lru_cache(maxsize=8)
def choose_person_detector(settings: DetectorSettings) -> DetectorChoice:
    """Build the configured backend once per process; `auto` falls back yolo -> ssdlite -> motion."""
    order = list(plugins()) if settings.backend == AUTO else [settings.backend]
    reasons: list[str] = []
    for backend in order:
        try:
            detector = plugins()[backend].build(settings)
        except ModelUnavailable as error:
            if settings.backend != AUTO:
                raise ModelUnavailable(f"{SETTING}={backend}: {error}") from None
            reasons.append(f"{backend}: {error}")
            continue
        reason = "; ".join(reasons) or None
        if reason:
            _log.warning("Person detector %s in use (%s)", backend, reason)
        label = detector.describe() + (f" (offline: {reason})" if reason else "")
        return DetectorChoice(detector, label, reason)
    raise ModelUnavailable("no person detector could be built: " + "; ".join(reasons))  # motion cannot fail
