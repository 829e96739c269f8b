"""Faces and anonymisation on real photos with ground-truth face boxes (dlib, Boost licence)."""
from __future__ import annotations

import csv
from collections import defaultdict

import cv2
import numpy as np
import pytest

from detectors.anonymize import anonymize, cover_mask, cover_regions, head_region
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


def test_head_region_is_the_top_of_the_person_box():
    standing = head_region(Box(100, 100, 160, 400))  # 60 x 300 person
    assert standing.y1 == 100 and standing.y2 == pytest.approx(166)  # 22 % of the height
    assert 100 <= standing.x1 < standing.x2 <= 160
    distant = head_region(Box(10, 10, 16, 40))  # a tiny distant person still gets a covered head
    regions = cover_regions((480, 640, 3), faces=[], people=[Box(10, 10, 16, 40)])
    assert distant.height > 0 and regions[0][2] - regions[0][0] >= 12 and regions[0][3] - regions[0][1] >= 12


def test_cover_mask_is_the_union_of_regions():
    mask = cover_mask((10, 10), [(0, 0, 4, 4), (2, 2, 6, 6)])
    assert mask.sum() == 16 + 16 - 4
