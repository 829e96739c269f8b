"""Faces and anonymisation on real photos with ground-truth face boxes (dlib, Boost licence)."""
from __future__ import annotations

import csv
from collections import defaultdict

import cv2
import numpy as np
import pytest

from detectors.anonymize import anonymize, cover_mask, cover_regions, head_region
from detectors.blur_audit import removed_share
from detectors.boxes import Box


def _ground_truth(media):
    boxes = defaultdict(list)
    with open(media / "faces_dlib_voc.csv") as handle:
        for row in csv.DictReader(handle):
            boxes[row["file"].split("/")[-1]].append(tuple(int(row[k]) for k in ("x1", "y1", "x2", "y2")))
    return boxes


def test_every_ground_truth_face_is_inside_the_blurred_area(media, faces):
    truth = _ground_truth(media)
    assert sum(len(v) for v in truth.values()) == 43
    for name, boxes in truth.items():
        image = cv2.imread(str(media / name))
        found = faces.detect(image)
        blurred, mask = anonymize(image, faces=found, people=[])
        for x1, y1, x2, y2 in boxes:
            assert mask[y1:y2, x1:x2].mean() >= 0.95, (name, (x1, y1, x2, y2))
            # and the pixels there really changed
            assert np.abs(blurred[y1:y2, x1:x2].astype(int) - image[y1:y2, x1:x2].astype(int)).mean() > 3


def test_dog_faces_are_not_taken_for_people(media, faces):
    assert faces.detect(cv2.imread(str(media / "dlib_dogs.jpg"))) == []


def test_anonymize_touches_only_the_covered_regions(media):
    image = cv2.imread(str(media / "dlib_voc_2008_002506.jpg"))
    person = Box(100, 50, 200, 350)
    blurred, mask = anonymize(image, faces=[Box(300, 60, 340, 100)], people=[person])
    assert mask.any() and not mask.all()
    assert np.array_equal(blurred[~mask], image[~mask])
    assert not np.array_equal(blurred[mask], image[mask])


def test_head_region_is_the_top_of_the_person_box_and_reaches_above_it():
    standing = head_region(Box(100, 100, 160, 400))  # 60 x 300 person
    assert standing.y2 == pytest.approx(166)  # 22 % of the height
    assert standing.y1 == pytest.approx(100 - 0.3 * 66)  # detectors cut the crown: the region reaches above
    assert 100 <= standing.x1 < standing.x2 <= 160
    distant = head_region(Box(10, 10, 16, 40))  # a tiny distant person still gets a covered head
    regions = cover_regions((480, 640, 3), faces=[], people=[Box(10, 10, 16, 40)])
    assert distant.height > 0 and regions[0][2] - regions[0][0] >= 12 and regions[0][3] - regions[0][1] >= 12


@pytest.mark.parametrize("person, head", [
    (Box(427, 44, 571, 253), (431, 33, 470, 72)),  # the vaulter of davis_parkour_070 at night: head at the left
    (Box(418, 54, 525, 210), (420, 47, 455, 80)),  # davis_parkour_075 at night
    (Box(300, 100, 400, 240), (358, 90, 398, 130)),  # crouching, head at the right
], ids=["vaulter", "vaulter later", "crouching"])
def test_someone_bending_has_the_head_covered_at_either_side_of_the_top(person, head):
    """A box less than 1.5 times as tall as wide is someone bending or crouching: the head may sit at either side
    of its top (on the night copy of the vaulting walker the centred region kept 27% of his head's detail)."""
    rng = np.random.default_rng(2)
    image = np.full((400, 640, 3), 120, np.uint8)
    x1, y1, x2, y2 = head
    image[y1:y2, x1:x2] = rng.integers(0, 255, (y2 - y1, x2 - x1, 3))
    blurred, _ = anonymize(image, faces=[], people=[person])
    assert removed_share(image, blurred, head) >= 0.8


def test_an_upright_person_keeps_a_head_region_narrower_than_the_box():
    walker = head_region(Box(100, 100, 200, 400))  # 100 x 300
    assert walker.width < 70 and walker.x1 > 115


def test_cover_mask_is_the_union_of_regions():
    mask = cover_mask((10, 10), [(0, 0, 4, 4), (2, 2, 6, 6)])
    assert mask.sum() == 16 + 16 - 4


def test_a_head_cut_above_its_person_box_is_still_covered():
    """A detector's box starts 6 px below the crown of a 20 px head: the hair above it must not stay sharp."""
    rng = np.random.default_rng(1)
    image = np.full((200, 200, 3), 120, np.uint8)
    image[40:60, 90:110] = rng.integers(0, 255, (20, 20, 3))  # the head, full of detail
    person = Box(85, 46, 115, 150)  # cut 6 px below the crown
    blurred, _ = anonymize(image, faces=[], people=[person])
    assert removed_share(image, blurred, (90, 40, 110, 60)) >= 0.8


def test_a_wide_person_box_covers_both_ends():
    """Someone lying or vaulting: the head may be at either end of a box wider than tall."""
    regions = cover_regions((300, 400, 3), faces=[], people=[Box(100, 100, 260, 180)])
    [(x1, y1, x2, y2)] = regions
    assert x1 <= 100 and x2 >= 260 and y1 < 100 and y2 >= 140


@pytest.mark.parametrize(("box", "edge"), [(Box(3, 50, 40, 200), "left"), (Box(560, 50, 634, 200), "right")])
def test_a_person_cut_by_the_frame_is_covered_to_the_frame_edge(box, edge):
    [(x1, _y1, x2, _y2)] = cover_regions((480, 640, 3), faces=[], people=[box])
    assert (x1 == 0) if edge == "left" else (x2 == 640)


@pytest.mark.parametrize("side", [12, 20, 30])
def test_a_small_head_keeps_no_detail(side):
    rng = np.random.default_rng(side)
    image = np.full((120, 120, 3), 100, np.uint8)
    image[40:40 + side, 40:40 + side] = rng.integers(0, 255, (side, side, 3))
    blurred, _ = anonymize(image, faces=[Box(40, 40, 40 + side, 40 + side)], people=[])
    assert removed_share(image, blurred, (40, 40, 40 + side, 40 + side)) >= 0.9
