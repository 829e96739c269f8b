"""Real Ultralytics loading, prediction and tracking with a model the tests built themselves."""
from __future__ import annotations

import cv2
import pytest

from detectors.errors import ModelUnavailable
from detectors.people import load_person_detector, try_load_person_detector


def test_weights_load_once_and_track_real_frames(yolo_weights, media):
    detector = load_person_detector(yolo_weights)
    assert load_person_detector(yolo_weights) is detector  # one model per process
    capture = cv2.VideoCapture(str(media / "davis_breakdance.mp4"))
    detector.reset()
    for _ in range(3):
        ok, frame = capture.read()
        assert ok
        boxes = detector.track(frame)
        assert isinstance(boxes, list)
        assert all(0 <= b.x1 <= b.x2 <= frame.shape[1] for b in boxes)
    capture.release()
    assert isinstance(detector.detect(frame), list)


def test_missing_weights_file_names_the_setting(tmp_path):
    with pytest.raises(ModelUnavailable, match="CONSOLE_YOLO_WEIGHTS"):
        load_person_detector(str(tmp_path / "missing.pt"))


def test_unloadable_weights_are_reported_once_and_degrade(tmp_path):
    bad = tmp_path / "bad.pt"
    bad.write_bytes(b"not a checkpoint")
    detector, problem = try_load_person_detector(str(bad))
    assert detector is None and "CONSOLE_YOLO_WEIGHTS" in problem
    assert try_load_person_detector(str(bad)) == (None, problem)  # cached: no second attempt
