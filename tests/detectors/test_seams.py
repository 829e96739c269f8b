"""People cut by the edges of tiles (detectors/persons/seams.py): a part of someone seen whole is dropped, and a
person cut by a seam whom nobody saw whole is looked at again across it, as one person, or left as the parts."""
from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from detectors.boxes import Box
from detectors.persons.seams import RELOOK_MOST, cut_edges, rejoined, seam_groups
from detectors.synthetic import resized

SHAPE = (1200, 2136, 3)
WHOLE = Box(0, 0, 2136, 1200)
TOP, BOTTOM = Box(1024, 0, 1624, 600), Box(1024, 600, 1624, 1200)  # two tiles meeting edge to edge at y = 600
HEADS = Path(__file__).resolve().parents[2] / "data" / "heads"


class _Looks:
    """Stands in for the network's look at one area (the layer above is under test): answers from a table of
    (area it must hold, people seen whole there), and records every area it was asked about."""

    def __init__(self, answers: list[tuple[Box, list[Box]]] = ()) -> None:
        self.answers, self.asked = list(answers), []

    def __call__(self, area: Box) -> list[Box]:
        self.asked.append(area)
        return next((seen for must, seen in self.answers if _holds(area, must)), [])


def _holds(outer: Box, inner: Box) -> bool:
    return outer.x1 <= inner.x1 and outer.y1 <= inner.y1 and outer.x2 >= inner.x2 and outer.y2 >= inner.y2


@pytest.mark.parametrize(("box", "area", "edges"), [
    (Box(1040, 400, 1270, 598), TOP, {"y2"}),
    (Box(1040, 605, 1370, 950), BOTTOM, {"y1"}),       # 5 px off a 600-px tile's edge is still cut by it
    (Box(1020, 605, 1370, 950), BOTTOM, {"x1", "y1"}),
    (Box(1040, 620, 1370, 950), BOTTOM, set()),
    (Box(10, 10, 200, 598), Box(0, 0, 600, 600), {"y2"}),  # the image's own edges cut nobody
    (Box(1040, 400, 1270, 598), WHOLE, set()),
])
def test_the_edges_a_tile_cuts(box, area, edges):
    assert cut_edges(box, area, SHAPE) == edges


def test_a_walker_cut_by_a_seam_nobody_saw_whole_is_one_person_after_a_look_across_it():
    top, bottom = Box(1014, 396, 1271, 598, conf=0.65), Box(1018, 599, 1369, 954, conf=0.53)
    walker = Box(1005, 392, 1275, 980, conf=0.99)
    looks = _Looks([(Box(1014, 396, 1369, 954), [walker])])
    found = rejoined([(top, TOP), (bottom, BOTTOM)], SHAPE, looks)
    assert found == [walker]
    assert len(looks.asked) == 1  # one look for the two parts of one person


def test_two_people_side_by_side_across_a_seam_stay_two():
    left, right = Box(1040, 300, 1100, 598, conf=0.7), Box(1110, 602, 1190, 900, conf=0.7)
    seen = [Box(1036, 300, 1102, 880, conf=0.9), Box(1108, 330, 1192, 905, conf=0.9)]
    found = rejoined([(left, TOP), (right, BOTTOM)], SHAPE, _Looks([(Box(1100, 602, 1101, 603), seen)]))
    assert sorted(found, key=lambda b: b.x1) == seen


def test_a_part_nobody_finds_again_is_kept_for_the_blur():
    """Privacy first: a look across the seam that sees no one whole drops nothing."""
    part = Box(1040, 400, 1270, 598, conf=0.6)
    assert rejoined([(part, TOP)], SHAPE, _Looks()) == [part]


@pytest.mark.parametrize(("part", "kept"), [
    (Box(1040, 390, 1290, 598, conf=0.6), False),  # its edges on the whole's: a part of that person, dropped
    (Box(1100, 400, 1240, 598, conf=0.6), True),   # inside, drawn tighter: left to suppress(), which drops it
])
def test_a_part_inside_a_person_seen_whole_costs_no_look(part, kept):
    whole = Box(1030, 380, 1300, 990, conf=0.9)
    looks = _Looks()
    assert rejoined([(whole, WHOLE), (part, TOP)], SHAPE, looks) == [whole] + [part] * kept
    assert looks.asked == []


BUS, BUS_TILE = (1080, 810, 3), Box(0, 675, 405, 1080)  # the bus photo at night and its bottom-left tile
WHOLE_BUS = Box(0, 0, 810, 1080)


def test_a_look_that_mixes_the_cut_person_up_with_a_neighbour_stands_for_nobody():
    """A woman cut by the photo's left edge and by a tile, beside a man seen whole: the look across the seam
    finds the man's side of the picture again, mostly on him; she stays the part the tile found."""
    man, her = Box(45, 405, 229, 915, conf=1.0), Box(1, 674, 73, 880, conf=0.56)
    mixed = Box(18, 428, 127, 858, conf=0.65)
    found = rejoined([(man, WHOLE_BUS), (her, BUS_TILE)], BUS, _Looks([(Box(2, 675, 3, 676), [mixed])]))
    assert found == [man, her]


def test_a_look_that_sees_someone_seen_whole_better_stands_for_their_cut_legs():
    """The whole frame saw a man's upper body; a tile cut his legs at its top; the look across the seam sees all
    of him (the same person as the upper box): he stands for his legs, and suppress() keeps the surer of the two."""
    upper, legs = Box(223, 389, 357, 730, conf=0.75), Box(205, 674, 337, 868, conf=0.58)
    all_of_him = Box(217, 429, 341, 866, conf=0.98)
    found = rejoined([(upper, WHOLE_BUS), (legs, BUS_TILE)], BUS, _Looks([(Box(206, 675, 207, 676), [all_of_him])]))
    assert found == [upper, all_of_him]


def test_looks_across_seams_are_capped_in_a_crowd():
    parts = [(Box(1040 + 20 * i, 400, 1050 + 20 * i, 598), TOP) for i in range(0, 30, 2)]
    looks = _Looks()
    rejoined(parts, SHAPE, looks)
    assert len(seam_groups([(box, {"y2"}) for box, _ in parts])) > RELOOK_MOST
    assert len(looks.asked) == RELOOK_MOST


@pytest.mark.parametrize(("photo", "factor"), [("davis_parkour_080.jpg", 2.5), ("davis_parkour_090.jpg", 2.5),
                                               ("davis_parkour_090.jpg", 0.5), ("davis_parkour_080.jpg", 1.0)])
def test_the_real_walker_is_one_person_at_any_resolution(ssdlite, photo, factor):
    """The parkour walker framed by a 2.5x camera is cut by the seam of two 600-px tiles and missed whole (two
    people counted before the look across the seam); at half size a tile's loose box beside him was a second."""
    image = resized(factor)(cv2.imread(str(HEADS / photo)), np.random.default_rng(7))
    found = ssdlite.detect_thorough(image)
    assert len(found) == 1, found
    assert found[0].height >= 0.4 * image.shape[0]  # the whole walker, not a part of him
