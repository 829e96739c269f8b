"""Write anonymised copies of images and videos (every frame, faces and heads covered)."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np

from detectors.anonymize import anonymize
from detectors.boxes import Box
from detectors.errors import SourceError
from detectors.faces import FaceDetector
from detectors.frames import IMAGE_SUFFIXES
from detectors.motion import MotionCue
from detectors.persons.base import PersonDetector


def cover_frame(image: np.ndarray, *, persons: PersonDetector | None, faces: FaceDetector,
                known: list[Box] | tuple[Box, ...] = ()) -> tuple[np.ndarray, np.ndarray]:
    """The frame with every face and every person's head covered, and the covered mask: a thorough look (all
    tiles, faces upscaled) plus the people already known for this frame (tracked, or moving blobs)."""
    people = list(known) + (persons.detect(image) if persons is not None and persons.sees_people else [])
    return anonymize(image, faces=faces.detect_thorough(image), people=people)


def redact_frame(image: np.ndarray, *, persons: PersonDetector | None, faces: FaceDetector,
                 known: list[Box] | tuple[Box, ...] = ()) -> np.ndarray:
    """One frame with every face and every person's head covered."""
    return cover_frame(image, persons=persons, faces=faces, known=known)[0]


def redact_file(source: Path, target: Path, *, persons: PersonDetector | None, faces: FaceDetector,
                on_frame: Callable[[int, int], None] | None = None) -> int:
    """Anonymise an image or a video into target; returns the number of frames written."""
    if not source.exists():
        raise SourceError(str(source), "file not found")
    target.parent.mkdir(parents=True, exist_ok=True)
    if source.suffix.lower() in IMAGE_SUFFIXES:
        image = cv2.imread(str(source), cv2.IMREAD_COLOR)
        if image is None:
            raise SourceError(str(source), "cannot be decoded as an image")
        if not cv2.imwrite(str(target), redact_frame(image, persons=persons, faces=faces)):
            raise SourceError(str(target), "cannot write an image with this file extension")
        return 1
    return _redact_video(source, target, persons=persons, faces=faces, on_frame=on_frame)


def _redact_video(source: Path, target: Path, *, persons: PersonDetector | None, faces: FaceDetector,
                  on_frame: Callable[[int, int], None] | None) -> int:
    capture = cv2.VideoCapture(str(source))
    if not capture.isOpened():
        raise SourceError(str(source), "cannot be decoded as a video (corrupt, truncated or unsupported)")
    fps = capture.get(cv2.CAP_PROP_FPS) or 25.0
    total = int(capture.get(cv2.CAP_PROP_FRAME_COUNT) or 0)
    writer, written, motion = None, 0, MotionCue()
    try:
        while True:
            ok, image = capture.read()
            if not ok:
                break
            if writer is None:
                height, width = image.shape[:2]
                writer = cv2.VideoWriter(str(target), cv2.VideoWriter_fourcc(*"mp4v"), fps, (width, height))
            moving = motion.update(image).people  # walkers the detector misses still get their heads covered
            writer.write(redact_frame(image, persons=persons, faces=faces, known=moving))
            written += 1
            if on_frame:
                on_frame(written, total)
    finally:
        capture.release()
        if writer is not None:
            writer.release()
    if written == 0:
        target.unlink(missing_ok=True)
        raise SourceError(str(source), "no frame could be decoded")
    return written
