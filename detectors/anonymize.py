"""Anonymisation: heads derived from person boxes plus detected faces, padded and pixelated."""
from __future__ import annotations

import cv2
import numpy as np

from detectors.boxes import Box

FACE_PAD = 0.35
HEAD_PAD = 0.15
MIN_SIDE = 12


def head_region(person: Box) -> Box:
    """Where the head of a person box is: the top of the box, sized from its width and height.

    Covers side-facing, turned-away and distant people where no face detector fires.
    """
    width, height = person.width, person.height
    head_h = min(height, max(0.22 * height, 0.55 * width))
    head_w = min(width, max(0.6 * width, 0.9 * head_h))
    cx = (person.x1 + person.x2) / 2
    return Box(cx - head_w / 2, person.y1, cx + head_w / 2, person.y1 + head_h, conf=person.conf)


def pad(box: Box, ratio: float, shape: tuple[int, ...]) -> tuple[int, int, int, int]:
    """Integer pixel box grown by a ratio of its size on each side, clipped to the image."""
    height, width = shape[:2]
    grow_x = max(box.width * ratio, (MIN_SIDE - box.width) / 2, 0)
    grow_y = max(box.height * ratio, (MIN_SIDE - box.height) / 2, 0)
    x1, y1 = max(0, int(box.x1 - grow_x)), max(0, int(box.y1 - grow_y))
    x2, y2 = min(width, int(np.ceil(box.x2 + grow_x))), min(height, int(np.ceil(box.y2 + grow_y)))
    return x1, y1, x2, y2


def cover_regions(shape: tuple[int, ...], *, faces: list[Box], people: list[Box]) -> list[tuple[int, int, int, int]]:
    """The padded pixel boxes to obscure: every face and every person's head."""
    regions = [pad(face, FACE_PAD, shape) for face in faces]
    regions += [pad(head_region(person), HEAD_PAD, shape) for person in people]
    return [r for r in regions if r[2] > r[0] and r[3] > r[1]]


def cover_mask(shape: tuple[int, ...], regions: list[tuple[int, int, int, int]]) -> np.ndarray:
    """A boolean mask of the union of the regions."""
    mask = np.zeros(shape[:2], dtype=bool)
    for x1, y1, x2, y2 in regions:
        mask[y1:y2, x1:x2] = True
    return mask


def _obscure(patch: np.ndarray) -> np.ndarray:
    height, width = patch.shape[:2]
    blocks = max(2, min(height, width) // 8)
    small = cv2.resize(patch, (max(1, width // blocks), max(1, height // blocks)), interpolation=cv2.INTER_AREA)
    pixelated = cv2.resize(small, (width, height), interpolation=cv2.INTER_NEAREST)
    kernel = max(3, (min(height, width) // 4) | 1)
    return cv2.GaussianBlur(pixelated, (kernel, kernel), 0)


def anonymize(image: np.ndarray, *, faces: list[Box], people: list[Box]) -> tuple[np.ndarray, np.ndarray]:
    """A copy of the frame with faces and heads pixelated and blurred, and the covered mask."""
    regions = cover_regions(image.shape, faces=faces, people=people)
    out = image.copy()
    for x1, y1, x2, y2 in regions:
        out[y1:y2, x1:x2] = _obscure(out[y1:y2, x1:x2])
    return out, cover_mask(image.shape, regions)
