"""Anonymisation: heads derived from person boxes plus detected faces, padded and pixelated."""
from __future__ import annotations

import cv2
import numpy as np

from detectors.boxes import BORDER_SNAP, UPRIGHT, Box

FACE_PAD = 0.35
HEAD_PAD = 0.15
MIN_SIDE = 12


CROWN = 0.3  # share of the head's height the region reaches above the person box (detectors cut the crown)


def head_region(person: Box) -> Box:
    """Where the head of a person box is: the top of the box, sized from its width and height, reaching above it.

    Covers side-facing, turned-away and distant people where no face detector fires. Person boxes start a few
    pixels below the crown, and a head seen from behind (hair) is as wide as it is tall. Someone bending or
    crouching (a box less than UPRIGHT times as tall as wide) may hold their head at either side of the top: the
    region spans the box's width (a vaulter's head at its left edge at night kept 27% of its detail).
    """
    width, height = person.width, person.height
    if width > height:  # lying, vaulting, bending: the head may be at either end, so the whole upper half
        return Box(person.x1, person.y1 - CROWN * 0.5 * height, person.x2, person.y1 + 0.6 * height, conf=person.conf)
    head_h = min(height, max(0.22 * height, 0.55 * width))
    head_w = width if height < UPRIGHT * width else min(width, max(0.6 * width, 1.0 * head_h))
    cx = (person.x1 + person.x2) / 2
    top = person.y1 - CROWN * head_h
    return Box(cx - head_w / 2, top, cx + head_w / 2, person.y1 + head_h, conf=person.conf)


def pad(box: Box, ratio: float, shape: tuple[int, ...]) -> tuple[int, int, int, int]:
    """Integer pixel box grown by a ratio of its size on each side, clipped to the image (and reaching its edge
    when it ends within BORDER_SNAP pixels of it)."""
    height, width = shape[:2]
    grow_x = max(box.width * ratio, (MIN_SIDE - box.width) / 2, 0)
    grow_y = max(box.height * ratio, (MIN_SIDE - box.height) / 2, 0)
    x1, y1 = max(0, int(box.x1 - grow_x)), max(0, int(box.y1 - grow_y))
    x2, y2 = min(width, int(np.ceil(box.x2 + grow_x))), min(height, int(np.ceil(box.y2 + grow_y)))
    x1, y1 = (0 if x1 <= BORDER_SNAP else x1), (0 if y1 <= BORDER_SNAP else y1)
    x2, y2 = (width if width - x2 <= BORDER_SNAP else x2), (height if height - y2 <= BORDER_SNAP else y2)
    return x1, y1, x2, y2


def cover_regions(shape: tuple[int, ...], *, faces: list[Box], people: list[Box]) -> list[tuple[int, int, int, int]]:
    """The padded pixel boxes to obscure: every face and every person's head."""
    regions = [pad(face, FACE_PAD, shape) for face in faces]
    regions += [_reach_edges(pad(head_region(person), HEAD_PAD, shape), person, shape) for person in people]
    return [r for r in regions if r[2] > r[0] and r[3] > r[1]]


def _reach_edges(region: tuple[int, int, int, int], person: Box, shape: tuple[int, ...]) -> tuple[int, int, int, int]:
    """A person the frame cuts (its box at the image edge) may have the head's other half there: reach the edge."""
    height, width = shape[:2]
    x1, y1, x2, y2 = region
    if person.x1 <= BORDER_SNAP:
        x1 = 0
    if person.x2 >= width - BORDER_SNAP:
        x2 = width
    if person.y1 <= BORDER_SNAP:
        y1 = 0
    return x1, y1, x2, y2


def cover_mask(shape: tuple[int, ...], regions: list[tuple[int, int, int, int]]) -> np.ndarray:
    """A boolean mask of the union of the regions."""
    mask = np.zeros(shape[:2], dtype=bool)
    for x1, y1, x2, y2 in regions:
        mask[y1:y2, x1:x2] = True
    return mask


def blocks_across(side: int) -> int:
    """Mosaic blocks across a region: few enough that no feature survives (a 10-30 px head becomes 3 x 3)."""
    return 3 if side < 32 else 4 if side < 96 else 6


def _obscure(patch: np.ndarray) -> np.ndarray:
    """Pixelate to a few blocks (by the region's size, not a fixed block size) and blur the block edges."""
    height, width = patch.shape[:2]
    side = min(height, width)
    block = max(2, int(np.ceil(side / blocks_across(side))))
    small = cv2.resize(patch, (max(1, round(width / block)), max(1, round(height / block))),
                       interpolation=cv2.INTER_AREA)
    pixelated = cv2.resize(small, (width, height), interpolation=cv2.INTER_NEAREST)
    # A blur as wide as a block (sigma, not kernel): a kernel of two blocks left the layout of hair against face
    # on heads over 64 px, which the blur audit counts as detail kept (0.38 of them covered; 1.00 with this).
    return cv2.GaussianBlur(pixelated, (0, 0), block)


def anonymize(image: np.ndarray, *, faces: list[Box], people: list[Box]) -> tuple[np.ndarray, np.ndarray]:
    """A copy of the frame with faces and heads pixelated and blurred, and the covered mask."""
    regions = cover_regions(image.shape, faces=faces, people=people)
    out = image.copy()
    for x1, y1, x2, y2 in regions:
        out[y1:y2, x1:x2] = _obscure(out[y1:y2, x1:x2])
    return out, cover_mask(image.shape, regions)
