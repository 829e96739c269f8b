"""Box arithmetic: which person boxes are people (one person, one count)."""
from __future__ import annotations

import pytest

from detectors.boxes import Box, at_border, nested, whole_people

PORTRAIT = Box(10, 20, 370, 480, conf=0.88)
OWN_FACE = Box(180, 60, 270, 175)  # in the top quarter of the portrait, near its middle


@pytest.mark.parametrize(("people", "faces", "expected"), [
    # a helmet held at the chest, half inside the portrait and faceless: a part of the astronaut
    ([PORTRAIT, Box(210, 220, 505, 505, conf=0.9)], [OWN_FACE], 1),
    # the camera raised to the eye: a small box around the same face
    ([PORTRAIT, Box(170, 50, 330, 300, conf=0.6)], [OWN_FACE], 1),
    # a child in front of a parent: the child's face is not the parent's
    ([PORTRAIT, Box(150, 250, 300, 480)], [OWN_FACE, Box(200, 270, 240, 320)], 2),
    # neighbours in a group photo, faces at one height: each face is nearest its own box's middle
    ([Box(0, 0, 300, 400), Box(150, 0, 330, 380)], [Box(120, 20, 170, 80), Box(230, 25, 275, 85)], 2),
    # two walkers, one half hidden, no faces seen: nothing to tell them apart by, both counted
    ([Box(100, 100, 140, 220), Box(115, 110, 150, 225)], [], 2),
    # overlapping boxes that share no face and are not mostly inside each other
    ([Box(0, 0, 100, 200), Box(70, 0, 170, 200)], [Box(30, 10, 60, 40)], 2),
    # a woman leaving the bus photo at its left side, her head already out, half behind the man beside her
    ([Box(45, 405, 229, 915), Box(0, 494, 85, 859)], [Box(114, 417, 153, 469)], 2),
    # the same box away from the side is a part of the man (a coat held over the arm)
    ([Box(45, 405, 229, 915), Box(30, 494, 115, 859)], [Box(114, 417, 153, 469)], 1),
])
def test_a_part_of_a_person_is_not_a_second_person(people, faces, expected):
    assert len(whole_people(people, faces, shape=(1080, 810, 3))) == expected


# The walkway at half size (t = 15 s): a man and a woman side by side and the detector's box of the pair between.
MAN, PAIR, WOMAN = Box(311, 56, 329, 100, conf=0.59), Box(302, 56, 318, 98, conf=0.53), Box(293, 55, 312, 99, conf=0.55)


@pytest.mark.parametrize(("people", "faces", "expected"), [
    ([MAN, PAIR, WOMAN], [], 2),
    ([WOMAN, PAIR, MAN, Box(340, 60, 356, 104, conf=0.9)], [], 3),  # a third walker beside them still counts
    # the box between is the surest: it is someone (the pair's boxes are the doubtful ones)
    ([MAN, Box(302, 56, 318, 98, conf=0.9), WOMAN], [], 3),
    # three people abreast with room between them: the middle one is spanned by less than the bar
    ([Box(0, 0, 40, 100, conf=0.9), Box(30, 0, 70, 100, conf=0.5), Box(60, 0, 100, 100, conf=0.9)], [], 3),
    # a child between two adults: not level with them
    ([Box(0, 0, 40, 100, conf=0.9), Box(20, 45, 60, 100, conf=0.5), Box(40, 0, 80, 100, conf=0.9)], [], 3),
    # someone further back between two: higher in the picture
    ([Box(0, 20, 40, 120, conf=0.9), Box(20, 0, 60, 100, conf=0.5), Box(40, 20, 80, 120, conf=0.9)], [], 3),
    # the box between holds a face of its own beside its neighbours' faces: a third person
    ([Box(0, 0, 40, 100, conf=0.9), Box(20, 0, 60, 100, conf=0.5), Box(40, 0, 80, 100, conf=0.9)],
     [Box(14, 5, 26, 17), Box(35, 5, 45, 17), Box(54, 5, 66, 17)], 3),
    # the faces it holds are its neighbours' own: the box of the pair
    ([Box(0, 0, 40, 100, conf=0.9), Box(20, 0, 60, 100, conf=0.5), Box(40, 0, 80, 100, conf=0.9)],
     [Box(10, 5, 22, 17), Box(56, 5, 68, 17)], 2),
])
def test_a_box_between_two_level_people_is_neither_of_them(people, faces, expected):
    assert len(whole_people(people, faces, shape=(288, 384, 3))) == expected


# The walkway in a 1080p picture (frame 240): a 106-px walker and a 37-px box of his head and shoulders on top.
WALKER, SHOULDERS = Box(1027, 499, 1058, 605, conf=0.94), Box(1027, 502, 1069, 539, conf=0.51)


@pytest.mark.parametrize(("people", "expected"), [
    ([WALKER, SHOULDERS], 1),
    ([SHOULDERS, WALKER], 1),  # whatever the order
    ([WALKER, Box(1027, 502, 1069, 539, conf=0.97)], 2),  # the short box is the surer one: someone
    ([WALKER, Box(1020, 470, 1062, 507, conf=0.51)], 2),  # higher than his top: someone behind him
    ([WALKER, Box(1045, 502, 1087, 539, conf=0.51)], 2),  # mostly beside him: someone beside him
    ([WALKER, Box(1027, 502, 1069, 562, conf=0.51)], 2),  # more than half his height: a second walker
], ids=["upper body", "order", "surer", "higher", "beside", "taller"])
def test_the_upper_body_of_a_walker_is_not_a_second_person(people, expected):
    assert len(whole_people(people, [], shape=(1080, 1920, 3))) == expected


def test_the_people_keep_their_order():
    people = [Box(0, 0, 10, 20), Box(50, 0, 100, 100), Box(200, 0, 230, 40)]
    assert whole_people(people, [], shape=(480, 640, 3)) == people


@pytest.mark.parametrize(("people", "min_height", "expected"), [
    ([PORTRAIT, Box(210, 220, 505, 505)], 0, True),
    ([PORTRAIT, Box(210, 220, 505, 505)], 500, False),  # the host is not near the camera
    ([Box(0, 0, 100, 200), Box(150, 0, 250, 200)], 0, False),  # side by side
])
def test_nested_boxes_are_found_where_the_host_is_tall_enough(people, min_height, expected):
    assert nested(people, min_height=min_height) is expected


@pytest.mark.parametrize(("box", "sides_only", "expected"), [
    (Box(2, 100, 40, 200), False, True),      # at the left side
    (Box(600, 100, 636, 200), True, True),    # within 8 px of the right side (640 wide)
    (Box(100, 2, 140, 60), False, True),      # at the top
    (Box(100, 2, 140, 60), True, False),      # but not at a side
    (Box(100, 100, 140, 200), False, False),  # in the middle
])
def test_a_box_at_the_border_of_the_picture(box, sides_only, expected):
    assert at_border(box, (480, 640, 3), sides_only=sides_only) is expected
