"""Evidence: the detectors the settings choose (built once per process) and a scan's anonymised frames."""
from __future__ import annotations

from dashboard.services import public_names

MODULES = {
    "detectors": ("person_detector", "face_detector"),
    "frames": ("evidence_paths", "latest_evidence", "reveal_evidence"),
}
__all__, __getattr__ = public_names(__name__, MODULES)
