"""Motion backend: no person model at all; people are the motion cue's person-shaped moving blobs.

For fixed cameras on machines where no model can be loaded; it sees nobody standing still and nobody on a
moving camera (see detectors/motion.py), so scans say which backend ran.
"""
from __future__ import annotations

import numpy as np

from detectors.boxes import Box
from detectors.persons.base import PersonDetector
from detectors.persons.plugins import Plugin


class MotionOnlyDetector(PersonDetector):
    """Finds nobody itself; the pipeline's motion cue supplies the people."""

    name = "motion"
    sees_people = False

    def detect(self, image: np.ndarray, regions: list[Box] | None = None) -> list[Box]:
        """Nobody: a still image shows no motion."""
        return []

    def track(self, image: np.ndarray, regions: list[Box] | None = None, *, camera_moving: bool = False) -> list[Box]:
        """Nobody: the motion cue adds the moving people."""
        return []

    def reset(self) -> None:
        """Nothing to forget."""


PLUGIN = Plugin("motion", lambda settings: MotionOnlyDetector(), auto_rank=3)  # cannot fail: `auto`'s last resort
