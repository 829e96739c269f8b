"""Which person boxes and faces to believe: an unsure box (no face in its head, below SURE) needs the detector to
agree on a second look at its crop, unless it is someone walking out of the frame at its side; an unsure face
(below FACE_SURE, in no person's head) is covered unless a second look at standard sizes scores it as clutter,
and counts as a person only if that look scores it as a face."""
from __future__ import annotations

import numpy as np

from detectors.anonymize import head_region
from detectors.boxes import Box, at_border, covered_by, leaving
from detectors.conditioning import conditioned
from detectors.faces import FaceDetector
from detectors.persons.base import PersonDetector

SURE = 0.8  # a person box at or above this is believed on its own
FACE_SURE = 0.75  # a face at or above this is believed on its own (a dog's face at full resolution: 0.71)
NOT_A_FACE = 0.2  # covered unless a second look scores it below this (clutter, animals: 0.07-0.08; real >= 0.35)
A_FACE = 0.35  # a face alone counts as a person only when a second look scores it this (a squirrel: 0.34)


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
    return not leaving(person, shape)


def believed_faces(image: np.ndarray, faces: list[Box], *, people: list[Box], detector: FaceDetector,
                   bar: float = NOT_A_FACE) -> list[Box]:
    """The faces a second look does not reject: sure ones, ones in a person's head, ones cut by the picture's
    edge, and unsure ones the face detector scores at `bar` or more when shown them again (privacy first: to
    cover, a face needs only not to look like clutter; to count as a person, A_FACE)."""
    heads = [head_region(p) for p in people]
    return [face for face in faces if face.conf >= FACE_SURE or any(covered_by(face, h) > 0.5 for h in heads)
            or at_border(face, image.shape) or detector.rescored(image, face) >= bar]

