"""People cut by the edge of a tile: a part of someone seen whole elsewhere, or a person to look at again across
the seam (tiles of a large picture meet edge to edge, so one walker can be two parts and nobody whole)."""
from __future__ import annotations

from collections.abc import Callable

from detectors.boxes import Box, covered_by, iou

CUT_MARGIN = 0.012  # a box edge this near an area's edge is cut by it: ~3.6 px of the network's 300
RELOOK_PAD = 0.15  # a look across a seam sees the parts with this share of their longer side around them
RELOOK_MOST = 6  # at most this many looks across seams per picture (a group photo cut by every tile)
INSIDE_WHOLE = 0.8  # a cut part this much inside a box seen whole is left to suppress(), which drops it
SAME_PERSON = 0.45  # two boxes overlapping this much (IoU) are one person, as suppress() has it
WHOLE_HOLDS = 0.6  # a person found across a seam stands for a part when this much of the part lies inside them

Pairs = list[tuple[Box, Box]]  # (box in frame pixels, the area it was found in)
Cut = tuple[Box, set[str]]  # a cut box and the edges its area cut


def cut_edges(box: Box, area: Box, shape: tuple[int, ...]) -> set[str]:
    """The edges of a box that its area cuts (an edge of the area that is not an edge of the image)."""
    height, width = shape[:2]
    margin = max(3.0, CUT_MARGIN * max(area.width, area.height))
    edges = {"x1": box.x1 - area.x1 <= margin and area.x1 > 0, "x2": area.x2 - box.x2 <= margin and area.x2 < width,
             "y1": box.y1 - area.y1 <= margin and area.y1 > 0, "y2": area.y2 - box.y2 <= margin and area.y2 < height}
    return {edge for edge, cut in edges.items() if cut}


def part_of(part: Box, cut: set[str], whole: Box, tolerance: float = 0.15) -> bool:
    """Whether a cut box is a part of this whole person: inside it, and its uncut edges on the whole's edges (a
    second person beside the first, also inside a loose whole-frame box, has an edge of its own)."""
    if covered_by(part, whole) < 0.7:
        return False
    slack = {"x1": whole.width, "x2": whole.width, "y1": whole.height, "y2": whole.height}
    return all(abs(getattr(part, edge) - getattr(whole, edge)) <= tolerance * slack[edge]
               for edge in ("x1", "x2", "y1", "y2") if edge not in cut)


def _sorted_out(found: Pairs, shape: tuple[int, ...]) -> tuple[list[Box], list[Cut]]:
    """Boxes seen whole, and the cut boxes no whole box stands for with their cut edges."""
    marked = [(box, cut_edges(box, area, shape)) for box, area in found]
    whole = [box for box, cut in marked if not cut]
    return whole, [(box, cut) for box, cut in marked if cut and not any(part_of(box, cut, w) for w in whole)]


def merge_cut(found: Pairs, shape: tuple[int, ...]) -> list[Box]:
    """(box, area) pairs to boxes: a box an area's inner edge cuts is a part of someone seen whole elsewhere (the
    whole frame or the next tile) and is dropped when a box from another area stands for that person."""
    whole, cut = _sorted_out(found, shape)
    return whole + [box for box, _ in cut]


def reach(part: Box, cut: set[str]) -> Box:
    """Where the rest of a cut person can be: the part grown across each cut edge by its own size."""
    return Box(part.x1 - part.width * ("x1" in cut), part.y1 - part.height * ("y1" in cut),
               part.x2 + part.width * ("x2" in cut), part.y2 + part.height * ("y2" in cut), conf=part.conf)


def seam_groups(cut: list[Cut]) -> list[list[Cut]]:
    """Cut parts that may be one person: a part lying in another's reach across its cut edge joins its group."""
    groups: list[list[int]] = []
    for i, (box, edges) in enumerate(cut):
        joined = [g for g in groups if any(covered_by(box, reach(*cut[j])) >= 0.5
                                           or covered_by(cut[j][0], reach(box, edges)) >= 0.5 for j in g)]
        merged = [i] + [j for g in joined for j in g]
        groups = [g for g in groups if g not in joined] + [merged]
    return [[cut[j] for j in sorted(g)] for g in groups]


def relook_area(group: list[Cut], shape: tuple[int, ...]) -> Box:
    """The area to look at again for one group: its parts (a lone part with its reach), padded, inside the image."""
    boxes = [box for box, _ in group] if len(group) > 1 else [reach(*group[0])]
    x1, y1 = min(b.x1 for b in boxes), min(b.y1 for b in boxes)
    x2, y2 = max(b.x2 for b in boxes), max(b.y2 for b in boxes)
    pad = RELOOK_PAD * max(x2 - x1, y2 - y1)  # of the longer side both ways: context beside a narrow walker
    height, width = shape[:2]
    return Box(max(0.0, x1 - pad), max(0.0, y1 - pad), min(float(width), x2 + pad), min(float(height), y2 + pad))


def rejoined(found: Pairs, shape: tuple[int, ...], look: Callable[[Box], list[Box]]) -> list[Box]:
    """Boxes of one picture, one per person: parts of someone seen whole dropped, and where a seam cut someone
    nobody saw whole, a look across it (`look`: people in an area); a part stays as it is if that look finds no one
    whole it belongs to."""
    whole, cut = _sorted_out(found, shape)
    # A part mostly inside a box seen whole is of that person, drawn looser than part_of allows: no look needed.
    groups = [(any(covered_by(b, w) >= INSIDE_WHOLE for b, _ in g for w in whole), g) for g in seam_groups(cut)]
    kept = [b for seen_whole, g in groups if seen_whole for b, _ in g]
    lost = sorted((g for seen_whole, g in groups if not seen_whole), key=lambda g: -sum(b.area for b, _ in g))
    for n, group in enumerate(lost):
        area = relook_area(group, shape)
        seen = [b for b in look(area) if not cut_edges(b, area, shape) and not _mixed_up(b, whole)] \
            if n < RELOOK_MOST else []
        for part, _ in group:
            owner = _owner(part, seen)
            if owner is None:
                kept.append(part)
            elif not any(k is owner for k in kept):
                kept.append(owner)
    return whole + kept


def _mixed_up(found: Box, whole: list[Box]) -> bool:
    """Whether a box of the look across a seam lies mostly on someone seen whole but is not them (the look mixed
    the cut person up with a neighbour: a woman cut by the bus photo's edge became half of the man beside her)."""
    return any(covered_by(found, w) >= 0.5 and iou(found, w) < SAME_PERSON for w in whole)


def _owner(part: Box, seen: list[Box]) -> Box | None:
    """The person seen whole that a part belongs to: the surest that holds it, else the surest it holds (a part
    drawn loosely around the person, the background beside them)."""
    holding = [b for b in seen if covered_by(part, b) >= WHOLE_HOLDS] or \
        [b for b in seen if covered_by(b, part) >= WHOLE_HOLDS]
    return max(holding, key=lambda b: b.conf, default=None)
