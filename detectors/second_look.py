"""Which person boxes to believe: an unsure box (no face in its head, below SURE) needs the detector to agree on
a second look at its crop, unless it is someone walking out of the frame at its side."""
from __future__ import annotations

import numpy as np

from detectors.anonymize import BORDER_SNAP, head_region
from detectors.boxes import Box, covered_by
from detectors.conditioning import conditioned
from detectors.persons.base import PersonDetector

SURE = 0.8  # a person box at or above this is believed on its own
UPRIGHT = 1.5  # height over width of a standing person


def believed(image: np.ndarray, people: list[Box], *, faces: list[Box], persons: PersonDetector) -> list[Box]:
    """The person boxes a second look does not reject (clutter scored as a person: a fruit bowl, an apple)."""
    unsure = [p for p in people if _unsure(p, faces, image.shape)]
    if not unsure:
        return people
    shown = conditioned(image)  # once for the frame, not once a box (second_look's own call is then a no-op)
    return [p for p in people if p not in unsure or persons.second_look(shown, p)]


def _unsure(person: Box, faces: list[Box], shape: tuple[int, ...]) -> bool:
    """Below SURE with no face in its head, and not an upright person cut by a side of the frame (who cannot
    be shown whole again: the bus passenger stepping out of the picture)."""
    if person.conf >= SURE or any(covered_by(face, head_region(person)) > 0.5 for face in faces):
        return False
    at_side = person.x1 <= BORDER_SNAP or person.x2 >= shape[1] - BORDER_SNAP
    return not (at_side and person.height >= UPRIGHT * person.width)
