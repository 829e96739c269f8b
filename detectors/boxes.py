"""Boxes in pixels, and the overlap arithmetic every detector and the anonymiser share."""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

PART_INSIDE = 0.35  # a box at least this much inside a larger one may be a part of that person (a held helmet: 44%)
OWN_FACE_BAND = 0.25  # a person's own face lies in the top quarter of their box
BORDER_SNAP = 8  # a box this close to the picture's edge is cut by it (and a region covering it reaches it)
UPRIGHT = 1.5  # height over width of a standing person
LEVEL = 0.1  # people whose tops and feet lie within this share of a height of each other stand level
STRADDLED = 0.8  # a box whose width two level, surer neighbours span this much of lies between them
UPPER_INSIDE = 0.6  # a short box level with a taller one's top, this much inside it, is that person's upper body


@dataclass(frozen=True)
class Box:
    """An axis-aligned box in pixels with a confidence and, for tracked people, a track id."""

    x1: float
    y1: float
    x2: float
    y2: float
    conf: float = 1.0
    track_id: int | None = None

    @property
    def width(self) -> float:
        """Box width in pixels."""
        return self.x2 - self.x1

    @property
    def height(self) -> float:
        """Box height in pixels."""
        return self.y2 - self.y1

    @property
    def area(self) -> float:
        """Box area in square pixels (0 for an empty box)."""
        return max(0.0, self.width) * max(0.0, self.height)

    def shifted(self, dx: float, dy: float) -> "Box":
        """The same box moved by (dx, dy) pixels."""
        return replace(self, x1=self.x1 + dx, y1=self.y1 + dy, x2=self.x2 + dx, y2=self.y2 + dy)

    def scaled(self, factor: float) -> "Box":
        """The same box in a picture resized by factor."""
        return replace(self, x1=self.x1 * factor, y1=self.y1 * factor, x2=self.x2 * factor, y2=self.y2 * factor)


def intersection(a: Box, b: Box) -> float:
    """Area shared by two boxes."""
    return max(0.0, min(a.x2, b.x2) - max(a.x1, b.x1)) * max(0.0, min(a.y2, b.y2) - max(a.y1, b.y1))


def iou(a: Box, b: Box) -> float:
    """Intersection over union."""
    shared = intersection(a, b)
    return shared / (a.area + b.area - shared) if shared > 0 else 0.0


def covered_by(inner: Box, outer: Box) -> float:
    """Share of inner's area that lies inside outer."""
    return intersection(inner, outer) / inner.area if inner.area > 0 else 0.0


def suppress(boxes: list[Box], *, iou_limit: float = 0.45, inside_limit: float = 0.8) -> list[Box]:
    """Greedy non-maximum suppression that also drops a box lying mostly inside a stronger one.

    Tiles cut people at their edges; the part seen in one tile lies inside the whole seen in another.
    """
    kept: list[Box] = []
    for box in sorted(boxes, key=lambda b: -b.conf):
        if all(iou(box, k) < iou_limit and covered_by(box, k) < inside_limit for k in kept):
            kept.append(box)
    return kept


def as_array(boxes: list[Box]) -> np.ndarray:
    """N x 4 float array of x1, y1, x2, y2."""
    return np.array([[b.x1, b.y1, b.x2, b.y2] for b in boxes], dtype=np.float32).reshape(-1, 4)


def explained(box: Box, by: list[Box], *, overlap: float = 0.2, inside: float = 0.5) -> bool:
    """Whether another box already stands for the same person: they overlap, or one lies mostly inside the other."""
    return any(iou(box, b) >= overlap or covered_by(box, b) >= inside or covered_by(b, box) >= inside for b in by)


def drop_explained(extra: list[Box], by: list[Box], **limits: float) -> list[Box]:
    """The boxes of `extra` that no box of `by` stands for (one person, one box)."""
    return [box for box in extra if not explained(box, by, **limits)]


def nested(people: list[Box], *, min_height: float = 0.0) -> bool:
    """Whether a person box lies PART_INSIDE or more inside another at least `min_height` tall (a part of one
    person, or one walker hiding another)."""
    return any(a is not b and b.height >= min_height and covered_by(a, b) >= PART_INSIDE
               for a in people for b in people)


def at_border(box: Box, shape: tuple[int, ...], *, sides_only: bool = False) -> bool:
    """Whether a box reaches (within BORDER_SNAP) an edge of the picture, or only its left or right side."""
    height, width = shape[:2]
    gaps = [box.x1, width - box.x2] + ([] if sides_only else [box.y1, height - box.y2])
    return min(gaps) <= BORDER_SNAP


def leaving(box: Box, shape: tuple[int, ...]) -> bool:
    """An upright box cut by a side of the picture: someone walking out of it, whose head may be out already."""
    return at_border(box, shape, sides_only=True) and box.height >= UPRIGHT * box.width


def whole_people(people: list[Box], faces: list[Box], *, shape: tuple[int, ...]) -> list[Box]:
    """The person boxes that are people, less the parts of a larger box whose own face shows: PART_INSIDE or more
    inside it and holding no other face (a helmet held at the chest, a camera raised to the eye). A child in front
    of a parent or a neighbour in a group photo holds a face of their own and keeps their box, and so does
    someone leaving the picture at its side; without faces nothing is merged (a walker half hidden by another is
    a person). A box the detector drew between two people (_between_two) is neither of them."""
    people = [box for box in people if not _between_two(box, people, faces) and not _upper_body(box, people)]
    if not faces:  # most video frames: no faces were looked for, so nothing can be a part
        return people
    wholes: list[Box] = []
    for box in sorted(people, key=lambda b: -b.area):
        host = None if leaving(box, shape) else next((w for w in wholes if covered_by(box, w) >= PART_INSIDE), None)
        own = _own_face(host, faces) if host is not None else None
        if own is None or any(_centre_in(face, box) and face is not own for face in faces):
            wholes.append(box)
    return [box for box in people if any(box is w for w in wholes)]


def _between_two(box: Box, people: list[Box], faces: list[Box]) -> bool:
    """Whether a box lies between two surer people standing level with it, who cover STRADDLED of its width
    between them, and holds no face of its own: the detector's box of the pair (two walkers side by side, two
    friends in a photo), not a third person. A third person that hidden would stand further back (higher in
    the picture, smaller)."""
    level = [o for o in people if o is not box and o.conf >= box.conf and intersection(o, box) > 0
             and abs(o.y1 - box.y1) <= LEVEL * box.height and abs(o.y2 - box.y2) <= LEVEL * box.height]
    middle = (box.x1 + box.x2) / 2
    lefts = [o for o in level if (o.x1 + o.x2) / 2 < middle]
    rights = [o for o in level if (o.x1 + o.x2) / 2 > middle]
    if max((_width_covered(box, a, b) for a in lefts for b in rights), default=0.0) < STRADDLED:
        return False
    own = _own_face(box, faces)
    return own is None or any(_own_face(o, faces) is own for o in level)


def _upper_body(box: Box, people: list[Box]) -> bool:
    """Whether a box is the upper body of a surer person at least twice as tall: its top level with theirs and
    UPPER_INSIDE or more of it inside their box (a 37-px box on the top of a 106-px walker at 1080p). Someone
    hidden behind a walker shows above or beside them, not level with their top inside their box."""
    return any(o is not box and o.conf >= box.conf and box.height <= 0.5 * o.height
               and abs(box.y1 - o.y1) <= LEVEL * o.height and covered_by(box, o) >= UPPER_INSIDE for o in people)


def _width_covered(box: Box, left: Box, right: Box) -> float:
    """Share of box's width that left or right spans."""
    spans = [(max(box.x1, o.x1), min(box.x2, o.x2)) for o in (left, right)]
    (a1, a2), (b1, b2) = sorted(spans)
    covered = max(0.0, a2 - a1) + max(0.0, b2 - max(b1, a2))
    return covered / box.width if box.width > 0 else 0.0


def _centre_in(face: Box, box: Box) -> bool:
    cx, cy = (face.x1 + face.x2) / 2, (face.y1 + face.y2) / 2
    return box.x1 <= cx <= box.x2 and box.y1 <= cy <= box.y2


def _own_face(person: Box, faces: list[Box]) -> Box | None:
    """The face where this person's own would be: in the top band of their box, the one nearest its middle."""
    band = Box(person.x1, person.y1, person.x2, person.y1 + OWN_FACE_BAND * person.height)
    inside = [face for face in faces if _centre_in(face, band)]
    middle = (person.x1 + person.x2) / 2
    return min(inside, key=lambda face: abs((face.x1 + face.x2) / 2 - middle), default=None)
