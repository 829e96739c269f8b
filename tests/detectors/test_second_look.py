"""The second look: an unsure person box is blurred only when the detector agrees on its crop, or a face is in it;
an unsure face is blurred unless a second look calls it clutter, and counted only if it calls it a face."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import cv2
import numpy as np
import pytest
import ultralytics

from detectors.anonymize import head_region
from detectors.blur_audit import detail_pixels, detail_removed
from detectors.boxes import Box, iou
from detectors.persons.base import PersonDetector, context_crop, padded_crop
from detectors.redact import cover_frame
from detectors.pipeline import still_count
from detectors.second_look import A_FACE, FACE_SURE, NOT_A_FACE, SURE, _unsure, believed_faces
from detectors.synthetic import resized

PERSON_FREE = Path(__file__).resolve().parents[2] / "data" / "heads" / "no_people"
HEADS = PERSON_FREE.parent


class _Faces:
    def __init__(self, found: list[Box]) -> None:
        self.found = found

    def detect_thorough(self, image: np.ndarray, *, still: bool = False) -> list[Box]:
        return list(self.found)


class _Persons(PersonDetector):
    """One box per frame; the second look agrees or not as told (unit test of the rule above the detector)."""

    name = "fake"

    def __init__(self, box: Box, *, agrees: bool) -> None:
        super().__init__()
        self.box, self.agrees, self.looks = box, agrees, 0

    def detect(self, image, regions=None):
        return [self.box]

    def track(self, image, regions=None, *, camera_moving=False):
        return [self.box]

    def reset(self):
        pass

    def second_look(self, image, box):
        self.looks += 1
        return self.agrees


PERSON = Box(100, 60, 160, 220)


@pytest.mark.parametrize(("conf", "face", "agrees", "covered", "looked"), [
    (0.5, False, False, False, True),   # unsure, no face, the second look disagrees: clutter, left alone
    (0.5, False, True, True, True),     # unsure, but the crop alone is a person again
    (0.5, True, False, True, False),    # a face in its head settles it without a second look
    (SURE, False, False, True, False),  # sure enough on its own
])
def test_an_unsure_box_is_covered_only_when_something_agrees(conf, face, agrees, covered, looked):
    image = np.random.default_rng(3).integers(0, 255, (300, 300, 3), dtype=np.uint8)
    persons = _Persons(replace(PERSON, conf=conf), agrees=agrees)
    faces = _Faces([Box(118, 62, 142, 90)] if face else [])
    _, mask = cover_frame(image, persons=persons, faces=faces)
    head = head_region(PERSON)
    assert bool(mask[int(head.y1) + 10:int(head.y2), int(head.x1):int(head.x2)].any()) is covered
    assert (persons.looks == 1) is looked


def test_people_known_from_motion_are_covered_without_a_second_look():
    image = np.zeros((300, 300, 3), np.uint8)
    persons = _Persons(Box(0, 0, 1, 1, conf=0.5), agrees=False)
    _, mask = cover_frame(image, persons=persons, faces=_Faces([]), known=[Box(100, 60, 160, 220, conf=0.3)])
    assert mask[70:100, 110:150].all()


def test_the_crop_is_shown_smaller_on_a_grey_border_and_the_box_maps_into_it():
    image = np.full((400, 400, 3), 200, np.uint8)
    crop, (dx, dy) = padded_crop(image, Box(100, 100, 140, 200))
    moved = Box(100 + dx, 100 + dy, 140 + dx, 200 + dy)
    assert crop.shape[0] > 100 * 1.3 * 1.5 and (crop[0, 0] == 127).all()
    assert (crop[int(moved.y1) + 1:int(moved.y2) - 1, int(moved.x1) + 1:int(moved.x2) - 1] == 200).all()


@pytest.mark.parametrize("name", ["opencv_fruits.jpg", "opencv_apple.jpg"])
def test_fruit_the_detector_takes_for_a_person_is_not_blurred(ssdlite, faces, name):
    image = cv2.imread(str(PERSON_FREE / name))
    assert ssdlite.detect(image), "premise: SSDLite scores this fruit as a person"
    anonymised, mask = cover_frame(image, persons=ssdlite, faces=faces)
    assert not mask.any()
    assert detail_removed(image, anonymised)[detail_pixels(image)].mean() == 0


@pytest.mark.parametrize("name", ["davis_breakdance_030.jpg", "davis_breakdance_000.jpg", "davis_parkour_030.jpg"])
def test_real_people_found_unsure_pass_the_second_look(ssdlite, name):
    image = cv2.imread(str(HEADS / name))
    unsure = [p for p in ssdlite.detect(image) if p.conf < SURE]
    assert unsure, "premise: some people here are found below SURE"
    assert all(ssdlite.second_look(image, person) for person in unsure)


@pytest.mark.parametrize(("box", "unsure"), [
    (Box(100, 50, 140, 200, conf=0.6), True),    # in the middle of the frame: look again
    (Box(262, 50, 298, 200, conf=0.6), False),   # upright, cut by the right side: walking out of the picture
    (Box(2, 50, 40, 200, conf=0.6), False),      # the same at the left side
    (Box(2, 50, 200, 200, conf=0.6), True),      # at the side but wide: a table, a fruit bowl
    (Box(100, 150, 140, 300, conf=0.6), True),   # at the bottom only: a torso a tile cut, not someone leaving
])
def test_who_needs_a_second_look(box, unsure):
    assert _unsure(box, [], (300, 300, 3)) is unsure


@pytest.mark.parametrize("name", ["opencv_fruits.jpg", "opencv_apple.jpg"])
def test_fruit_is_nobody_in_a_still(ssdlite, faces, name):
    assert still_count(cv2.imread(str(PERSON_FREE / name)), persons=ssdlite, faces=faces) == 0


def test_two_men_are_two_and_someone_leaving_the_picture_still_counts(ssdlite, faces):
    """Ultralytics' own sample photos (read from the installed package): torsos the bottom tiles cut from two
    men are not three more people; the passenger cut by the right edge of the bus photo is still one."""
    assets = Path(ultralytics.__file__).parent / "assets"
    assert still_count(cv2.imread(str(assets / "zidane.jpg")), persons=ssdlite, faces=faces) == 2
    bus = cv2.imread(str(assets / "bus.jpg"))
    at_edge = [p for p in ssdlite.detect(bus) if p.x2 >= bus.shape[1] - 8]
    assert at_edge and still_count(bus, persons=ssdlite, faces=faces) >= 3


@pytest.mark.parametrize(("box", "origin"), [
    (Box(100, 100, 110, 130), (60, 70)),  # a square three heights wide around the walker
    (Box(2, 2, 12, 32), (0, 0)),  # at a corner the square stays inside the frame
    (Box(630, 440, 638, 476), (532, 372)),  # and at the far corner
])
def test_a_small_persons_context_is_a_square_of_the_frame_around_them(box, origin):
    image = np.random.default_rng(3).integers(0, 255, (480, 640, 3), np.uint8)
    crop, (dx, dy) = context_crop(image, box)
    assert crop.shape[:2] == (3 * box.height, 3 * box.height)
    assert (-dx, -dy) == origin
    moved = box.shifted(dx, dy)
    assert np.array_equal(crop[int(moved.y1):int(moved.y2), int(moved.x1):int(moved.x2)],
                          image[int(box.y1):int(box.y2), int(box.x1):int(box.x2)])


def test_a_small_real_walker_the_grey_border_look_loses_is_believed_in_their_street(ssdlite, walkway_stills):
    """A 36-px walker found by a still's closer tiles: enlarged alone on grey, SSDLite no longer sees anyone; seen
    in a square of the walkway around them it finds them again, so their head is covered."""
    image = cv2.imread(str(walkway_stills / "opencv_vtest_0135.png"))
    walker = next(b for b in ssdlite.detect_thorough(image) if abs(b.x1 - 124) < 6 and abs(b.y1 - 82) < 6)
    crop, (dx, dy) = padded_crop(image, walker)
    assert not any(iou(found, walker.shifted(dx, dy)) >= 0.3 for found in ssdlite.look_once(crop))
    assert ssdlite.second_look(image, walker)


class _Rescoring:
    """A face detector whose second look scores every face as told (unit test of the rule above it)."""

    def __init__(self, score: float) -> None:
        self.score, self.looks = score, 0

    def rescored(self, image: np.ndarray, face: Box) -> float:
        self.looks += 1
        return self.score


@pytest.mark.parametrize(("face", "score", "bar", "kept", "looked"), [
    (Box(40, 40, 60, 64, conf=0.5), 0.07, NOT_A_FACE, False, True),   # an animal's face: not covered
    (Box(40, 40, 60, 64, conf=0.5), 0.34, NOT_A_FACE, True, True),    # unsure either way: covered (privacy)
    (Box(40, 40, 60, 64, conf=0.5), 0.34, A_FACE, False, True),       # but not counted as a person
    (Box(40, 40, 60, 64, conf=0.5), 0.40, A_FACE, True, True),
    (Box(40, 40, 60, 64, conf=FACE_SURE), 0.0, A_FACE, True, False),  # sure on its own
    (Box(118, 62, 142, 90, conf=0.5), 0.0, A_FACE, True, False),      # in a person's head: that person vouches
    (Box(290, 40, 300, 64, conf=0.5), 0.0, A_FACE, True, False),      # cut by the picture's edge: no look again
])
def test_an_unsure_face_needs_a_second_look(face, score, bar, kept, looked):
    detector = _Rescoring(score)
    image = np.zeros((300, 300, 3), np.uint8)
    assert (believed_faces(image, [face], people=[PERSON], detector=detector, bar=bar) == [face]) is kept
    assert (detector.looks == 1) is looked


def test_a_dogs_face_at_full_resolution_is_not_blurred(ssdlite, faces):
    """At 2.5 times the pixels a side CenterFace takes the dog's face in dlib's photo for a face (0.71; 8.2% of
    the photo's detail blurred); shown again with its surroundings at standard sizes it scores 0.07."""
    image = resized(2.5)(cv2.imread(str(PERSON_FREE / "dlib_dogs.jpg")), np.random.default_rng(7))
    assert any(f.conf >= 0.7 for f in faces.detect_thorough(image)), "premise: the dog's face is found"
    anonymised, mask = cover_frame(image, persons=ssdlite, faces=faces)
    assert not mask.any()


def test_a_real_face_in_a_dark_background_is_still_covered(ssdlite, faces):
    """A man in the dark behind two women (dlib's VOC photo): found at 0.50, in no person box, and found again
    (0.39): covered. One look with less around him scored 0.26."""
    image = cv2.imread(str(HEADS.parent / "media" / "dlib_voc_2008_007676.jpg"))
    face = next(f for f in faces.detect_thorough(image) if 440 < f.x1 < 465 and 110 < f.y1 < 135)
    assert face.conf < FACE_SURE
    _, mask = cover_frame(image, persons=ssdlite, faces=faces)
    assert mask[int(face.y1):int(face.y2), int(face.x1):int(face.x2)].all()


def test_a_squirrels_face_on_a_sub_stream_is_no_person(ssdlite, faces):
    """At half size OpenCV's squirrel photo holds a 'face' at 0.63, enough to count as a person alone; its
    second look scores 0.34, short of A_FACE, so the photo has nobody in it."""
    image = resized(0.5)(cv2.imread(str(PERSON_FREE / "opencv_squirrel_cls.jpg")), np.random.default_rng(7))
    assert any(f.conf >= 0.6 for f in faces.detect(image)), "premise: the squirrel's face would count"
    assert still_count(image, persons=ssdlite, faces=faces) == 0
